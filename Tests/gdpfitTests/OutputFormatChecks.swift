import Foundation
import Testing

/// Structural checks of gdpfit's output formats, written from the formats' definitions (RFC 4180
/// CSV, GitHub Markdown tables, LaTeX `tabular`, the aligned text table), not from the renderer.
enum OutputFormatChecks {
    /// Checks `text` as the named format: CSV has a header and the same number of fields on every
    /// record; Markdown tables and LaTeX tabulars have one cell count throughout; aligned text tables
    /// keep their column gaps blank; JSON parses. Table and Markdown output must hold at least one
    /// table unless `hasTable` is false (prose-only output such as verdicts).
    static func check(_ text: String, format: String, hasTable: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "empty \(format) output", sourceLocation: sourceLocation)
        switch format {
        case "json":
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil, "output is not JSON", sourceLocation: sourceLocation)
        case "csv":
            checkCSV(text, sourceLocation: sourceLocation)
        case "markdown":
            checkMarkdownTables(text, required: hasTable, sourceLocation: sourceLocation)
        case "latex":
            checkLatexTabulars(text, sourceLocation: sourceLocation)
        case "table":
            let tables = alignedTables(text)
            #expect(!hasTable || !tables.isEmpty, "no aligned table (header, rule of dashes, rows) in:\n\(text)", sourceLocation: sourceLocation)
            for table in tables { checkAligned(table, sourceLocation: sourceLocation) }
        default:
            Issue.record("unknown format \(format)", sourceLocation: sourceLocation)
        }
    }

    /// RFC 4180 records: fields separated by commas, a field in double quotes may hold commas,
    /// line breaks and doubled quotes. Returns nil when a quote is left open.
    static func csvRecords(_ text: String) -> [[String]]? {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false, afterQuote = false
        var characters = Array(text.replacingOccurrences(of: "\r\n", with: "\n"))[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false; afterQuote = true }
                } else {
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",": record.append(field); field = ""; afterQuote = false
            case "\n": record.append(field); records.append(record); record = []; field = ""; afterQuote = false
            default: field.append(c)
            }
        }
        if quoted { return nil }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    static func checkCSV(_ text: String, sourceLocation: SourceLocation) {
        guard let records = csvRecords(text) else {
            Issue.record("unterminated quoted field in CSV:\n\(text)", sourceLocation: sourceLocation)
            return
        }
        guard let header = records.first else { return }
        #expect(header.count >= 2 && header.allSatisfy { !$0.isEmpty }, "CSV header \(header)", sourceLocation: sourceLocation)
        #expect(records.count >= 2, "CSV has a header but no rows:\n\(text)", sourceLocation: sourceLocation)
        for (index, record) in records.enumerated() where record.count != header.count {
            Issue.record("CSV record \(index + 1) has \(record.count) fields, the header \(header.count): \(record)", sourceLocation: sourceLocation)
        }
    }

    /// Cell separators of a Markdown table row: `|` not escaped as `\|`.
    static func pipes(_ line: Substring) -> Int {
        var count = 0, previous: Character = " "
        for c in line { if c == "|" && previous != "\\" { count += 1 }; previous = c }
        return count
    }

    static func checkMarkdownTables(_ text: String, required: Bool, sourceLocation: SourceLocation) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var blocks: [[Substring]] = [], current: [Substring] = []
        for line in lines {
            if line.hasPrefix("|") { current.append(line) } else if !current.isEmpty { blocks.append(current); current = [] }
        }
        if !current.isEmpty { blocks.append(current) }
        #expect(!required || !blocks.isEmpty, "no Markdown table in:\n\(text)", sourceLocation: sourceLocation)
        for block in blocks {
            #expect(block.count >= 3, "a Markdown table needs a header, an alignment row and rows", sourceLocation: sourceLocation)
            let width = pipes(block[0])
            #expect(block.count > 1 && block[1].allSatisfy { "|:- ".contains($0) }, "second row is not an alignment row: \(block)", sourceLocation: sourceLocation)
            for line in block where pipes(line) != width || !line.hasSuffix("|") {
                Issue.record("Markdown row with \(pipes(line)) separators, header \(width): \(line)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Every `tabular` must have a column spec of l, r and c, rows ending in `\\` with one cell per
    /// column, and a header and at least one row.
    static func checkLatexTabulars(_ text: String, sourceLocation: SourceLocation) {
        let tabulars = latexTabularLines(text)
        #expect(!tabulars.isEmpty, "no \\begin{tabular} ... \\end{tabular} in:\n\(text)", sourceLocation: sourceLocation)
        for (spec, lines) in tabulars {
            #expect(!spec.isEmpty && spec.allSatisfy { "lrc".contains($0) }, "column spec \(spec)", sourceLocation: sourceLocation)
            for line in lines {
                #expect(line.hasSuffix(" \\\\"), "row does not end in \\\\: \(line)", sourceLocation: sourceLocation)
                var ampersands = 0, previous: Character = " "
                for c in line { if c == "&" && previous != "\\" { ampersands += 1 }; previous = c }
                #expect(ampersands == spec.count - 1, "row with \(ampersands + 1) cells, spec \(spec.count): \(line)", sourceLocation: sourceLocation)
            }
            #expect(lines.count >= 2, "a tabular with a header and no rows", sourceLocation: sourceLocation)
        }
    }

    /// Each `tabular` of LaTeX output: its column spec and its row lines (without the booktabs rules).
    static func latexTabularLines(_ text: String) -> [(spec: String, lines: [String])] {
        var tabulars: [(spec: String, lines: [String])] = [], current: (spec: String, lines: [String])?
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("\\begin{tabular}{") {
                current = (String(line.dropFirst("\\begin{tabular}{".count).prefix { $0 != "}" }), [])
            } else if line == "\\end{tabular}", let table = current {
                tabulars.append(table)
                current = nil
            } else if !["\\toprule", "\\midrule", "\\bottomrule"].contains(line), current != nil {
                current?.lines.append(line)
            }
        }
        return tabulars
    }

    /// Each tabular's rows as cells, header first, with gdpfit's escapes undone (`\_`, `$\Delta$`, ...;
    /// the inverse of what LaTeX's special characters need).
    static func latexTables(_ text: String) -> [[[String]]] {
        latexTabularLines(text).map { tabular in
            tabular.lines.map { line in
                String(line.dropLast(" \\\\".count)).components(separatedBy: " & ").map(latexCellText)
            }
        }
    }

    /// One LaTeX cell as the text table shows it: math-mode numbers back to digits
    /// (`$-1.5\times 10^{-5}$` → `-1.5e-05`, `$<10^{-16}$` → `<1e-16`), `$-$`, `$\le$` and `$\Delta$`
    /// back to their characters, escaped specials unescaped.
    static func latexCellText(_ cell: String) -> String {
        var text = cell.replacingOccurrences(of: "$\\Delta$", with: "Δ").replacingOccurrences(of: "$-$", with: "-")
            .replacingOccurrences(of: "$\\le$", with: "≤").replacingOccurrences(of: "$\\infty$", with: "inf")
            .replacingOccurrences(of: "$-\\infty$", with: "-inf").replacingOccurrences(of: "$^2$", with: "²")
        if text.hasPrefix("$"), text.hasSuffix("$"), text.count > 1 {
            var math = String(text.dropFirst().dropLast())
            if let range = math.range(of: #"10\^\{(-?)([0-9]+)\}"#, options: .regularExpression) {
                let exponent = math[range].dropFirst(4).dropLast()
                let sign = exponent.hasPrefix("-") ? "-" : "+"
                let digits = exponent.drop { $0 == "-" }
                let padded = digits.count < 2 ? "0" + digits : String(digits)
                let mantissa = math[..<range.lowerBound].replacingOccurrences(of: "\\times ", with: "")
                math = (mantissa.isEmpty || mantissa == "<" ? mantissa + "1" : mantissa) + "e" + sign + padded
            }
            text = math
        }
        return text.replacingOccurrences(of: "\\textasciitilde{}", with: "~")
            .replacingOccurrences(of: "\\textasciicircum{}", with: "^").replacingOccurrences(of: "\\textbackslash{}", with: "\\")
            .replacingOccurrences(of: "\\textless{}", with: "<").replacingOccurrences(of: "\\textgreater{}", with: ">")
            .replacingOccurrences(of: "\\textbar{}", with: "|")
            .replacingOccurrences(of: #"\\([&%$#_{}])"#, with: "$1", options: .regularExpression)
    }

    /// Each Markdown table's rows as cells, header first, without the alignment row; `\|` read as `|`.
    static func markdownTables(_ text: String) -> [[[String]]] {
        var tables: [[[String]]] = [], current: [[String]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("| "), line.hasSuffix(" |") else {
                if !current.isEmpty { tables.append(current); current = [] }
                continue
            }
            let cells = line.dropFirst(2).dropLast(2).replacingOccurrences(of: "\\|", with: "\u{0}").components(separatedBy: " | ")
                .map { $0.replacingOccurrences(of: "\u{0}", with: "|") }
            if !cells.allSatisfy({ $0.allSatisfy { "-:".contains($0) } }) { current.append(cells) }
        }
        if !current.isEmpty { tables.append(current) }
        return tables
    }

    /// The aligned tables of text output: a header line, a rule of dash groups, then rows up to a
    /// blank line.
    static func alignedTables(_ text: String) -> [[String]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var tables: [[String]] = []
        for (index, line) in lines.enumerated() where index > 0 && line.contains("-") && line.allSatisfy({ $0 == "-" || $0 == " " }) {
            var table = [lines[index - 1], line]
            for row in lines[(index + 1)...] {
                if row.isEmpty { break }
                table.append(row)
            }
            tables.append(table)
        }
        return tables
    }

    /// The rule's dash groups give each column's span; every line must keep the two-space gap after
    /// each column but the last blank, and no line may reach past the last column's end unless that
    /// column is left-aligned text (whose width the rule also gives). Characters, not bytes: Δ and ²
    /// are one column in a terminal.
    static func checkAligned(_ table: [String], sourceLocation: SourceLocation) {
        let rule = Array(table[1])
        var spans: [Range<Int>] = [], start: Int?
        for (i, c) in rule.enumerated() {
            if c == "-", start == nil { start = i }
            if c == " ", let s = start { spans.append(s..<i); start = nil }
        }
        if let s = start { spans.append(s..<rule.count) }
        for line in [table[0]] + table.dropFirst(2) {
            let characters = Array(line)
            #expect(characters.count <= rule.count, "line longer than its table's rule:\n\(line)\n\(table[1])", sourceLocation: sourceLocation)
            for span in spans.dropLast() {
                for gap in span.upperBound..<(span.upperBound + 2) where gap < characters.count && characters[gap] != " " {
                    Issue.record("column overflows its gap at \(gap):\n\(line)\n\(table[1])", sourceLocation: sourceLocation)
                }
            }
        }
    }
}
