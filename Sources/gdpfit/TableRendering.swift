/// Renders a `TextTable` into each tabular output format, so that every command's table, CSV,
/// Markdown and LaTeX come from the same rows.
///
/// - text and Markdown: the cells' `text`, the columns shown to people;
/// - CSV: one header of ASCII snake_case names (`TableColumn.key`) and the cells' `value` (a
///   number, empty, or a text column's words), the columns shown to programs;
/// - LaTeX: a `table` float with `\caption` and `\label`, a `tabular` with booktabs rules
///   (`\toprule`, `\midrule`, `\bottomrule`), text columns `l` and number columns `r`, numbers
///   in math mode (a true minus sign, `\times 10^{n}` for e-notation) and every other character
///   ASCII (`latexText`). The output is a fragment to `\input` into a document that loads
///   `booktabs` (docs/output-formats.md).
enum TableRendering {
    static func render(_ table: TextTable, format: OutputFormat) -> String {
        switch format {
        case .table, .json:
            return table.render()
        case .csv:
            let shown = table.shown(to: .programs)
            return ([shown.header.map(\.key)] + shown.rows.map { $0.map(\.value) })
                .map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
        case .markdown:
            let shown = table.shown(to: .people)
            let align = shown.header.map { $0.isText ? ":--" : "--:" }
            return ([shown.header.map(\.title), align] + shown.rows.map { $0.map(\.text) })
                .map { "| " + $0.map(markdownCell).joined(separator: " | ") + " |" }
                .joined(separator: "\n") + "\n"
        case .latex:
            return latex(table.shown(to: .people))
        }
    }

    private static func latex(_ table: TextTable) -> String {
        let spec = table.header.map { $0.isText ? "l" : "r" }.joined()
        var lines = ["\\begin{table}[htbp]", "\\centering"]
        if let caption = table.caption { lines.append("\\caption{\(latexText(caption))}") }
        if let label = table.label { lines.append("\\label{tab:\(latexLabel(label))}") }
        lines += ["\\begin{tabular}{\(spec)}", "\\toprule", table.header.map { latexText($0.title) }.joined(separator: " & ") + " \\\\", "\\midrule"]
        lines += table.rows.map { $0.map(latexCell).joined(separator: " & ") + " \\\\" }
        lines += ["\\bottomrule", "\\end{tabular}", "\\end{table}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A label as LaTeX accepts it in `\label` and `\ref`: ASCII letters, digits, `-` and `:`.
    static func latexLabel(_ text: String) -> String {
        String(text.map { c in c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == ":") ? c : "-" })
    }

    /// Tables with different columns as one, for CSV, which has one header: the columns are the
    /// union of the headers, matched by CSV name, in order of first appearance; each row keeps its
    /// cells under its own table's headers and has empty cells under the others (the value does not
    /// apply to that row). A single table comes back unchanged, so a report that gains a table only
    /// appends columns and rows. Tables without rows still contribute their columns, so that a
    /// command's CSV header does not depend on which fits succeeded.
    static func outerUnion(_ tables: [TextTable]) -> TextTable {
        guard tables.count > 1 else { return tables.first ?? TextTable(header: []) }
        var header: [TableColumn] = [], column: [String: Int] = [:]
        for name in tables.flatMap(\.header) where column[name.key] == nil {
            column[name.key] = header.count
            header.append(name)
        }
        var union = TextTable(header: header, leftAligned: [])
        for table in tables {
            let columns = table.header.map { column[$0.key, default: 0] }
            for index in table.leftAligned where index < columns.count { union.header[columns[index]].isText = true }
            for row in table.rows {
                var cells = [TableCell](repeating: .empty, count: header.count)
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

    /// A cell in LaTeX: a number in math mode, anything else as `latexText`.
    static func latexCell(_ cell: TableCell) -> String {
        cell.isNumber ? latexNumber(cell.text) : latexText(cell.text)
    }

    /// A number as LaTeX sets it: "-1.5e-05" becomes `$-1.5\times 10^{-5}$`, "inf" `$\infty$`,
    /// "<1e-16" `$<10^{-16}$`; text that is no number ("NA") goes through `latexText`.
    static func latexNumber(_ text: String) -> String {
        if text == "inf" || text == "-inf" { return text.hasPrefix("-") ? "$-\\infty$" : "$\\infty$" }
        if text.hasPrefix("<") { return "$<" + mathNumber(String(text.dropFirst())) + "$" }
        guard !text.isEmpty, Double(text) != nil else { return latexText(text) }
        return "$" + mathNumber(text) + "$"
    }

    /// A decimal or e-notation number as math-mode source (without the dollars).
    private static func mathNumber(_ text: String) -> String {
        let parts = text.lowercased().split(separator: "e", maxSplits: 1).map(String.init)
        guard parts.count == 2, var exponent = Int(parts[1]).map(String.init) else { return text }
        if exponent.hasPrefix("+") { exponent.removeFirst() }
        return parts[0] == "1" ? "10^{\(exponent)}" : parts[0] + "\\times 10^{\(exponent)}"
    }

    /// Text as pdflatex reads it with no package beyond booktabs: the ten special characters
    /// escaped, non-ASCII characters gdpfit prints written as LaTeX commands (Δ `$\Delta$`, − and
    /// a hyphen before a digit `$-$`, ≤ `$\le$`, ² `$^2$`, …), any other non-ASCII character as
    /// its letter without accents, or `?` when it has none.
    static func latexText(_ text: String) -> String {
        var out = ""
        var previous: Character = " "
        var characters = text.makeIterator()
        var next = characters.next()
        while let c = next {
            next = characters.next()
            defer { previous = c }
            switch c {
            case "&", "%", "$", "#", "_", "{", "}": out += "\\\(c)"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "\\": out += "\\textbackslash{}"
            case "<": out += "\\textless{}"
            case ">": out += "\\textgreater{}"
            case "|": out += "\\textbar{}"
            case "-":
                // A minus sign before a number ("B=-0.3", " -12"), a hyphen elsewhere ("power-growth").
                let startsNumber = next.map { $0.isNumber || $0 == "." } ?? false
                out += startsNumber && " =(,[/:".contains(previous) ? "$-$" : "-"
            default:
                if c.isASCII { out.append(c) } else { out += latexSymbol(c) }
            }
        }
        return out
    }

    private static let symbols: [Character: String] = [
        "Δ": "$\\Delta$", "δ": "$\\delta$", "σ": "$\\sigma$", "χ": "$\\chi$", "β": "$\\beta$", "α": "$\\alpha$",
        "−": "$-$", "–": "--", "—": "---", "≤": "$\\le$", "≥": "$\\ge$", "≈": "$\\approx$", "×": "$\\times$",
        "±": "$\\pm$", "→": "$\\to$", "²": "$^2$", "³": "$^3$", "·": "$\\cdot$", "…": "\\ldots{}", "∞": "$\\infty$",
        "‘": "`", "’": "'", "“": "``", "”": "''", "√": "$\\surd$", "µ": "$\\mu$", "\u{00A0}": "~",
    ]

    /// One non-ASCII character in LaTeX: a known symbol, else its base letter, else `?`.
    private static func latexSymbol(_ c: Character) -> String {
        if let symbol = symbols[c] { return symbol }
        let folded = String(c).folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        return folded.allSatisfy(\.isASCII) && !folded.isEmpty ? latexText(folded) : "?"
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
