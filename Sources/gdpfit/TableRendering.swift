/// Renders a `TextTable` into each tabular output format, so that every command's table, CSV,
/// Markdown and LaTeX come from the same rows.
enum TableRendering {
    static func render(_ table: TextTable, format: OutputFormat) -> String {
        switch format {
        case .table, .json:
            return table.render()
        case .csv:
            return ([table.header] + table.rows).map { $0.map(csvField).joined(separator: ",") }
                .joined(separator: "\n") + "\n"
        case .markdown:
            let align = table.header.indices.map { table.leftAligned.contains($0) ? ":--" : "--:" }
            return ([table.header, align] + table.rows).map { "| " + $0.map(markdownCell).joined(separator: " | ") + " |" }
                .joined(separator: "\n") + "\n"
        case .latex:
            let spec = table.header.indices.map { table.leftAligned.contains($0) ? "l" : "r" }.joined()
            var lines = ["\\begin{tabular}{\(spec)}", "\\hline", table.header.map(latexCell).joined(separator: " & ") + " \\\\", "\\hline"]
            lines += table.rows.map { $0.map(latexCell).joined(separator: " & ") + " \\\\" }
            lines += ["\\hline", "\\end{tabular}"]
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// RFC 4180: quote a field holding a comma, quote or line break; double inner quotes.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func markdownCell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    static func latexCell(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&", "%", "$", "#", "_", "{", "}": out += "\\\(c)"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "\\": out += "\\textbackslash{}"
            case "Δ": out += "$\\Delta$"
            default: out.append(c)
            }
        }
        return out
    }
}
