/// Numbers as they are written in data files.
enum NumberText {
    /// The number written in `text` (surrounding whitespace ignored), or nil if it is not a number.
    /// Accepted: an optional sign; digits, with or without thousands separators (1,234,567); an
    /// optional fraction and exponent; or a fraction alone (.5). Thousands separators must group by
    /// three, so "1,5" (a decimal comma) is refused rather than read as 15. "inf", "infinity" and
    /// "nan" (any case, optionally signed) read as the non-finite values they name, and an exponent
    /// out of range reads as infinity, so that callers can report a non-finite value as such rather
    /// than as unreadable text.
    ///
    /// The grammar is checked by a scan over the UTF-8 bytes (`isDecimal`), not a regular
    /// expression: a Swift `Regex` match costs microseconds per cell, which would be most of the
    /// time of loading a 1,000,000-row file.
    static func value(_ text: some StringProtocol) -> Double? {
        let trimmed = text.trimmingWhitespace()
        let unsigned = trimmed.utf8.drop { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
        if let first = unsigned.first, first | 0x20 == UInt8(ascii: "i") || first | 0x20 == UInt8(ascii: "n") {
            switch trimmed.lowercased().drop(while: { $0 == "+" || $0 == "-" }) {
            case "inf", "infinity": return trimmed.hasPrefix("-") ? -.infinity : .infinity
            case "nan": return .nan
            default: return nil
            }
        }
        guard isDecimal(trimmed.utf8) else { return nil }
        return trimmed.utf8.contains(UInt8(ascii: ",")) ? Double(trimmed.filter { $0 != "," }) : Double(trimmed)
    }

    /// Whether `text` matches [+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d*)?([eE][+-]?\d+)? or
    /// [+-]?\.\d+([eE][+-]?\d+)? in full.
    private static func isDecimal(_ text: String.UTF8View) -> Bool {
        var bytes = text.makeIterator()
        var next = bytes.next()
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { (0x30...0x39).contains($0) } ?? false }
        func digits() -> Int {
            var count = 0
            while isDigit(next) { count += 1; next = bytes.next() }
            return count
        }
        if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { next = bytes.next() }
        let integer = digits()
        if integer > 0, next == UInt8(ascii: ",") {
            guard integer <= 3 else { return false }
            while next == UInt8(ascii: ",") {
                next = bytes.next()
                guard digits() == 3 else { return false }
            }
        }
        if next == UInt8(ascii: ".") {
            next = bytes.next()
            guard digits() > 0 || integer > 0 else { return false }
        } else if integer == 0 {
            return false
        }
        if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            next = bytes.next()
            if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { next = bytes.next() }
            guard digits() > 0 else { return false }
        }
        return next == nil
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    /// A text that starts and ends with ASCII bytes other than blanks (the usual cell) is returned
    /// as it is, without asking Unicode's tables, which dominated the time of loading large files.
    func trimmingWhitespace() -> String {
        func isPlainASCII(_ byte: UInt8?) -> Bool {
            guard let byte else { return false }
            return byte < 0x80 && byte != 0x20 && !(0x09...0x0D).contains(byte)
        }
        let text = String(self)
        if isPlainASCII(text.utf8.first), isPlainASCII(text.utf8.last) { return text }
        return String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
