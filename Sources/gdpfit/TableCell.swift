import Foundation

/// One cell of a `TextTable`, in two forms: `text`, what people read in the text table, Markdown
/// and LaTeX ("10000 BCE", "<1e-16", "NA"), and `value`, what a program reads in CSV: a number
/// (plain or e-notation, which every CSV reader parses), an empty string where the value does not
/// apply or does not exist, or, in a text column, the text itself. A cell built from a string
/// literal is text in both forms; numbers are built with the static constructors, which are the
/// only place a number's two forms are decided.
struct TableCell: Equatable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    var text: String
    var value: String
    /// A number cell: LaTeX sets its text in math mode (true minus signs, ×10^n exponents).
    var isNumber: Bool

    init(text: String, value: String, isNumber: Bool) {
        self.text = text
        self.value = value
        self.isNumber = isNumber
    }

    /// A text cell: the same words in every format.
    init(_ text: String) { self.init(text: text, value: text, isNumber: false) }
    init(stringLiteral text: String) { self.init(text) }

    /// A number as CSV carries it: the rounded text when it is a number, empty for NaN (a value
    /// that does not exist). Infinities stay "inf"/"-inf", which CSV readers (pandas, R) parse.
    private static func machine(_ value: Double, _ shown: String) -> String {
        value.isNaN ? "" : shown
    }

    /// `value` to `digits` significant digits (`NumberFormat.significant`); nil or NaN reads "NA"
    /// in the table and is empty in CSV.
    static func number(_ value: Double?, digits: Int = 6) -> TableCell {
        guard let value else { return TableCell(text: "NA", value: "", isNumber: true) }
        let shown = NumberFormat.significant(value, digits: digits)
        return TableCell(text: shown, value: machine(value, shown), isNumber: true)
    }

    /// `value` with a fixed number of decimals (differences such as ΔBIC).
    static func fixed(_ value: Double?, decimals: Int) -> TableCell {
        let shown = NumberFormat.fixed(value, decimals: decimals)
        guard let value else { return TableCell(text: shown, value: "", isNumber: true) }
        return TableCell(text: shown, value: machine(value, shown), isNumber: true)
    }

    static func count(_ n: Int) -> TableCell { TableCell(text: String(n), value: String(n), isNumber: true) }
    static func count(_ n: Int?) -> TableCell { n.map(count) ?? TableCell(text: "", value: "", isNumber: true) }

    /// A year: "10000 BCE" for people, the signed number (-10000) for programs (astronomical year
    /// numbering is not used: year -10000 is 10000 BCE, as in every gdpfit input and JSON).
    static func year(_ t: Double?) -> TableCell {
        guard let t else { return TableCell(text: "", value: "", isNumber: true) }
        return TableCell(text: NumberFormat.year(t), value: NumberFormat.significant(t, digits: 15), isNumber: false)
    }

    /// A year that may not exist, with the word people read where it does not ("never", "open"):
    /// CSV leaves the cell empty, and the reason is in another column of the same row.
    static func year(_ t: Double?, missing: String) -> TableCell {
        guard let t else { return TableCell(text: missing, value: "", isNumber: false) }
        return year(t)
    }

    /// A number that may be missing for a reason people should read ("open" end of an interval).
    static func number(_ value: Double?, digits: Int = 6, missing: String) -> TableCell {
        guard let value else { return TableCell(text: missing, value: "", isNumber: false) }
        return number(value, digits: digits)
    }

    /// A p-value: "<1e-16" below double precision's resolution for people, the number for programs.
    static func pValue(_ p: Double) -> TableCell {
        TableCell(text: NumberFormat.pValue(p), value: machine(p, NumberFormat.significant(p, digits: 3)), isNumber: true)
    }

    /// An empty cell: the value does not apply to the row.
    static let empty = TableCell(text: "", value: "", isNumber: false)
}

/// A column of a `TextTable`: its title for people (which may hold Δ, ² or spaces), its CSV name
/// (ASCII snake_case, derived from an ASCII title or given), whether it holds text (left-aligned;
/// CSV readers find words there) and where it is shown.
struct TableColumn: Equatable, ExpressibleByStringLiteral {
    enum Audience: Equatable {
        /// Every format.
        case everyone
        /// The text table, Markdown and LaTeX only: a cell packing several values for reading.
        case people
        /// CSV only: one value a packed `people` column shows among others.
        case programs
    }

    var title: String
    var key: String
    var isText: Bool
    var audience: Audience

    init(_ title: String, key: String? = nil, text: Bool = false, audience: Audience = .everyone) {
        self.title = title
        self.key = key ?? TableColumn.snakeCase(title)
        isText = text
        self.audience = audience
    }

    init(stringLiteral title: String) { self.init(title) }

    /// A text column.
    static func text(_ title: String, key: String? = nil, audience: Audience = .everyone) -> TableColumn {
        TableColumn(title, key: key, text: true, audience: audience)
    }

    /// `title` as a CSV name: lower-case ASCII letters, digits and underscores ("doubling time (yr)"
    /// becomes "doubling_time_yr"). Titles with other characters (Δ, −, ²) are given their key.
    static func snakeCase(_ title: String) -> String {
        var out = ""
        for c in title.lowercased() {
            if c.isASCII, c.isLetter || c.isNumber { out.append(c) } else if !out.isEmpty, out.last != "_" { out.append("_") }
        }
        while out.hasSuffix("_") { out.removeLast() }
        return out
    }
}
