/// Reading calendar years as historians and data files write them.
///
/// The convention, used everywhere in gdpfit: a year is the number printed in the source, with years
/// before the common era negative and 1 CE equal to 1. There is no year 0 in the historical calendar
/// (1 BCE is followed by 1 CE), so in BCE/CE notation a year 0 is refused. The gap between two years is
/// simply their difference: Kremer's (1993) interval from 200 BCE (-200) to 1 CE (1) counts as 201
/// years, although astronomically it is 200. Growth rates over intervals that straddle 1 CE therefore
/// differ by up to 1/201 from those of a count that has a year 0; over the millennia that matter for
/// the growth models the difference is negligible, but it is a choice, so it is written down.
///
/// Accepted forms (case-insensitive, thousands separators allowed):
/// - plain numbers: "-10000", "1500", "1,500", "1950.5" (read as written; a plain 0 is the number 0);
/// - an era after the number: "10000 BCE", "10,000 BC", "500 B.C.", "1500 CE", "1500 AD", "1500 A.D.";
/// - an era before the number: "AD 1500", "CE 1500".
/// With an era, the year must be a whole number of at least 1 and carry no sign.
public enum YearParsing {
    /// The year written in `text`, on the project's scale (BCE negative, 1 CE = 1).
    /// - Throws: `YearParsingError` saying what is wrong with the text.
    public static func year(from text: some StringProtocol) throws(YearParsingError) -> Double {
        let written = text.trimmingWhitespace()
        let fail = { (reason: String) in YearParsingError(text: written, reason: reason) }
        guard !written.isEmpty else { throw fail("the cell is empty") }

        // A plain number ends in a digit and starts with none of the eras' letters: no era to look
        // for (the look-up lowercases the text, which dominated the time of loading a large file).
        let plain = written.utf8.last.map { (0x30...0x39).contains($0) } == true
            && written.utf8.first.map { $0 < 0x80 && !(0x41...0x5A).contains($0 & ~0x20) } == true
        let (number, era) = plain ? (written, nil) : splitEra(written)
        guard let value = NumberText.value(number) else {
            throw fail(era == nil
                ? "expected a number such as -10000 or 1500, or an era such as '10000 BCE' or 'AD 1500'"
                : "expected a number before or after the era")
        }
        guard value.isFinite else { throw fail("the year is not finite") }
        guard let era else { return value }

        guard !number.hasPrefix("-"), !number.hasPrefix("+") else {
            throw fail("a year with an era takes no sign (write '500 BCE' or -500)")
        }
        guard value == value.rounded() else { throw fail("a year with an era must be a whole number") }
        guard value >= 1 else {
            throw fail("there is no year 0 in BCE/CE notation: 1 BCE (-1) is followed by 1 CE (1)")
        }
        return era == .beforeCommonEra ? -value : value
    }

    private enum Era { case beforeCommonEra, commonEra }

    /// Era markers with and without full stops, longest first so that "BCE" is not read as "CE".
    private static let suffixes: [(marker: String, era: Era)] = [
        ("b.c.e.", .beforeCommonEra), ("bce", .beforeCommonEra), ("b.c.", .beforeCommonEra),
        ("bc", .beforeCommonEra), ("c.e.", .commonEra), ("ce", .commonEra), ("a.d.", .commonEra),
        ("ad", .commonEra),
    ]
    private static let prefixes: [(marker: String, era: Era)] = [
        ("a.d.", .commonEra), ("ad", .commonEra), ("c.e.", .commonEra), ("ce", .commonEra),
    ]

    /// The number part and the era of `text`, if it names one.
    private static func splitEra(_ text: String) -> (number: String, era: Era?) {
        let lower = text.lowercased()
        for (marker, era) in suffixes where lower.hasSuffix(marker) {
            return (String(text.dropLast(marker.count)).trimmingWhitespace(), era)
        }
        for (marker, era) in prefixes where lower.hasPrefix(marker) {
            return (String(text.dropFirst(marker.count)).trimmingWhitespace(), era)
        }
        return (text, nil)
    }
}

/// A year that cannot be read, with the reason in words.
public struct YearParsingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text as written (without surrounding whitespace).
    public let text: String
    public let reason: String

    /// The text is shown as `shownInMessage` does (one line, at most 80 characters).
    public var description: String { "cannot read '\(text.shownInMessage)' as a year: \(reason)" }
}
