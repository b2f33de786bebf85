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

    func render() -> String {
        let table = shown(to: .people)
        let all = [table.header.map(\.title)] + table.rows.map { $0.map(\.text) }
        let widths = table.header.indices.map { column in
            all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: max(widths[index] - cell.count, 0))
                return table.header[index].isText ? cell + pad : pad + cell
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(all[0]), rule] + all.dropFirst().map(line)).joined(separator: "\n") + "\n"
    }
}
