/// Numbers as they are written in data files.
enum NumberText {
    /// Optional sign; digits, with or without thousands separators (1,234,567); an optional fraction
    /// and exponent. Thousands separators must group by three, so "1,5" (a decimal comma) is refused
    /// rather than read as 15.
    nonisolated(unsafe) private static let decimal =
        #/[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?(?:[eE][+-]?\d+)?|[+-]?\.\d+(?:[eE][+-]?\d+)?/#

    /// The number written in `text` (surrounding whitespace ignored), or nil if it is not a number.
    /// "inf", "infinity" and "nan" (any case, optionally signed) read as the non-finite values they
    /// name, and an exponent out of range reads as infinity, so that callers can report a non-finite
    /// value as such rather than as unreadable text.
    static func value(_ text: some StringProtocol) -> Double? {
        let trimmed = text.trimmingWhitespace()
        switch trimmed.lowercased().drop(while: { $0 == "+" || $0 == "-" }) {
        case "inf", "infinity": return trimmed.hasPrefix("-") ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        guard (try? decimal.wholeMatch(in: trimmed)) != nil else { return nil }
        return Double(trimmed.filter { $0 != "," })
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
