import Foundation
import GrowthModels

/// How numbers are printed in tables: the text table and its CSV, Markdown and LaTeX renderings carry
/// the same rounded cells (6 significant digits for estimates, 3 for standard errors), so a pasted
/// table matches the terminal. JSON carries every number at full double precision.
enum NumberFormat {
    /// `value` to `digits` significant digits, in plain notation when its magnitude is between 1e-4
    /// and 1e7 and in scientific notation otherwise; "NA" for NaN, "inf"/"-inf" for infinities.
    static func significant(_ value: Double, digits: Int = 6) -> String {
        if value.isNaN { return "NA" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e7 || magnitude < 1e-4 {
            return String(format: "%.\(max(digits - 1, 0))e", value)
        }
        let exponent = Int(floor(log10(magnitude)))
        let decimals = max(digits - 1 - exponent, 0)
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// Optional values: "—" rendered as "NA" for absent statistics such as an undefined AICc.
    static func significant(_ value: Double?, digits: Int = 6) -> String {
        value.map { significant($0, digits: digits) } ?? "NA"
    }

    /// `value` with a fixed number of decimals (for differences such as ΔBIC), "NA" when absent.
    static func fixed(_ value: Double?, decimals: Int) -> String {
        guard let value else { return "NA" }
        if value.isNaN { return "NA" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(format: "%.\(decimals)f", value)
    }

    /// A year for people: "10000 BCE" for negative years, plain digits otherwise (`YearText`).
    static func year(_ t: Double) -> String { YearText.format(t) }

    /// A p-value: "<1e-16" below double precision's resolution, else 3 significant digits.
    /// A Monte Carlo p-value: "≤ 0.001" at its floor 1/(B+1), where only more replicates could show
    /// a smaller one (docs/statistics.md), else "= 0.0123".
    static func monteCarloPValue(_ p: Double, atFloor: Bool) -> String {
        atFloor ? "≤ " + significant(p, digits: 3) : "= " + pValue(p)
    }

    static func pValue(_ p: Double) -> String {
        if p.isNaN { return "NA" }
        if p < 1e-16 { return "<1e-16" }
        return significant(p, digits: 3)
    }
}

/// A table with a header row, columns right-aligned (numbers) or left-aligned (text): the one value
/// every tabular format renders (`TableRendering`). In the text form, columns are separated by two
/// spaces: the form that lines up in a terminal and survives copy and paste.
struct TextTable {
    var header: [TableColumn]
    var rows: [[TableCell]] = []
    /// What the table shows, in a sentence: LaTeX's `\caption` (and nothing in the other formats,
    /// whose reports say it in their own prose).
    var caption: String?
    /// LaTeX's `\label` (without the `tab:` prefix, which the renderer adds).
    var label: String?
    /// How many leading columns name a row, repeated in each section of a table too wide for the
    /// terminal (nil: the first, and the second too when both are text and narrow).
    var keyColumns: Int?

    /// `leftAligned`: the text columns (by index); all others are right-aligned numbers.
    init(header: [TableColumn], leftAligned: Set<Int> = [0], caption: String? = nil, label: String? = nil) {
        self.header = header.enumerated().map { index, column in
            var column = column
            if leftAligned.contains(index) { column.isText = true }
            return column
        }
        self.caption = caption
        self.label = label
    }

    /// Columns to left-align (by index): the text columns.
    var leftAligned: Set<Int> { Set(header.indices.filter { header[$0].isText }) }

    mutating func add(_ row: [TableCell]) { rows.append(row) }

    /// The same table with only the columns shown to `audience` (`.people` for the text table,
    /// Markdown and LaTeX; `.programs` for CSV).
    func shown(to audience: TableColumn.Audience) -> TextTable {
        let kept = header.indices.filter { header[$0].audience == .everyone || header[$0].audience == audience }
        var table = self
        table.header = kept.map { header[$0] }
        table.rows = rows.map { row in kept.map { $0 < row.count ? row[$0] : .empty } }
        return table
    }

    /// The widest line of a text table unless `--wide`: a terminal's 100 columns. A task-local
    /// value, so that every table a command renders (directly or in a notebook) obeys the command's
    /// `--wide` without threading it through each renderer (`OutputOptions.rendering`).
    @TaskLocal static var maxWidth: Int? = 100

    /// The text form. A table wider than `maxWidth` is split into stacked sections of whole
    /// columns, each repeating the key columns that name a row (the first, and the second too when
    /// both are text and narrow enough), rather than cutting or wrapping cells; a single column too
    /// wide for any section keeps its width.
    func render() -> String {
        let table = shown(to: .people)
        let all = [table.header.map(\.title)] + table.rows.map { $0.map(\.text) }
        let widths = table.header.indices.map { column in
            all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        var sections: [[Int]] = [Array(table.header.indices)]
        if let limit = Self.maxWidth, widths.reduce(0, +) + 2 * max(widths.count - 1, 0) > limit, widths.count > 2 {
            // The key: the leading text columns (at most two, at most 60% of the width) that name a row.
            var keys = [0]
            if let count = keyColumns, count < widths.count {
                keys = Array(0..<max(count, 1))
            } else if widths.count > 3, table.header[0].isText, table.header[1].isText, widths[0] + 2 + widths[1] <= limit * 3 / 5 {
                keys.append(1)
            }
            let keyWidth = keys.map { widths[$0] }.reduce(0, +) + 2 * (keys.count - 1)
            sections = []
            var current = keys, width = keyWidth
            for column in keys.count..<widths.count {
                if current.count > keys.count, width + 2 + widths[column] > limit {
                    sections.append(current)
                    current = keys
                    width = keyWidth
                }
                current.append(column)
                width += 2 + widths[column]
            }
            sections.append(current)
        }
        return sections.map { columns in
            // A last text column that still overflows is wrapped at spaces onto continuation lines.
            var widths = widths
            var rows = Array(all.dropFirst())
            let used = columns.dropLast().map { widths[$0] + 2 }.reduce(0, +)
            if let limit = Self.maxWidth, let last = columns.last, columns.count > 1, table.header[last].isText,
               used + widths[last] > limit, limit - used >= 20 {
                widths[last] = limit - used
                rows = rows.flatMap { row -> [[String]] in
                    let pieces = Self.wrap(last < row.count ? row[last] : "", width: widths[last])
                    return pieces.enumerated().map { index, piece in
                        var cells = index == 0 ? row : [String](repeating: "", count: row.count)
                        if last < cells.count { cells[last] = piece }
                        return cells
                    }
                }
            }
            func line(_ cells: [String]) -> String {
                columns.map { index in
                    let cell = index < cells.count ? cells[index] : ""
                    let pad = String(repeating: " ", count: max(widths[index] - cell.count, 0))
                    return table.header[index].isText ? cell + pad : pad + cell
                }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            }
            let rule = columns.map { String(repeating: "-", count: widths[$0]) }.joined(separator: "  ")
            return ([line(all[0]), rule] + rows.map(line)).joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }

    /// `text` in lines of at most `width` characters, broken at spaces (a word longer than the
    /// width is cut).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var word = word
            while word.count > width {
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            if current.isEmpty { current = word } else if current.count + 1 + word.count <= width { current += " " + word } else {
                lines.append(current)
                current = word
            }
        }
        lines.append(current)
        return lines
    }
}
