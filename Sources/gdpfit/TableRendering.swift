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

    /// Tables with different columns as one, for CSV, which has one header: the columns are the
    /// union of the headers, matched by name, in order of first appearance; each row keeps its cells
    /// under its own table's headers and has empty cells under the others (the value does not apply
    /// to that row). A single table comes back unchanged, so a report that gains a table only appends
    /// columns and rows. Tables without rows still contribute their columns, so that a command's CSV
    /// header does not depend on which fits succeeded.
    static func outerUnion(_ tables: [TextTable]) -> TextTable {
        guard tables.count > 1 else { return tables.first ?? TextTable(header: []) }
        var header: [String] = [], column: [String: Int] = [:]
        for name in tables.flatMap(\.header) where column[name] == nil {
            column[name] = header.count
            header.append(name)
        }
        var union = TextTable(header: header, leftAligned: [])
        for table in tables {
            let columns = table.header.map { column[$0, default: 0] }
            union.leftAligned.formUnion(table.leftAligned.filter { $0 < columns.count }.map { columns[$0] })
            for row in table.rows {
                var cells = [String](repeating: "", count: header.count)
                for (index, cell) in zip(columns, row) { cells[index] = cell }
                union.add(cells)
            }
        }
        return union
    }

    /// Lines of prose beside a table, as each format carries them: unchanged in the text and Markdown
    /// reports; in LaTeX, whose output is tables only, `%` comments, which a reader of the source sees
    /// and the typeset page does not (blank lines stay blank, so that tabulars are stacked, not set
    /// side by side).
    static func prose(_ lines: [String], format: OutputFormat) -> [String] {
        switch format {
        case .latex: break
        case .table, .markdown, .csv, .json: return lines
        }
        return lines.map { line in
            let text = line.drop { $0 == " " }
            return text.isEmpty ? "" : "% " + text
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

/// How the text and Markdown reports set their prose: Markdown has `###` headings, `-` list items and
/// unindented paragraphs; the text report (and LaTeX's prose, which `TableRendering.prose` turns into
/// `%` comments; CSV and JSON carry no prose) has `==` headings and indented lines. Deciding this with
/// an exhaustive `switch` makes a new format a compile error here instead of silently plain text.
enum ProseStyle {
    case markdown, text

    init(_ format: OutputFormat) {
        switch format {
        case .markdown: self = .markdown
        case .table, .latex, .csv, .json: self = .text
        }
    }

    func heading(markdown: String, text: String) -> String {
        switch self {
        case .markdown: markdown
        case .text: text
        }
    }

    /// The prefix of a list item.
    var item: String {
        switch self {
        case .markdown: "- "
        case .text: "  "
        }
    }

    /// The prefix of a paragraph under a heading.
    var paragraphIndent: String {
        switch self {
        case .markdown: ""
        case .text: "  "
        }
    }
}
