/// Every way reading a series or a curated dataset can be refused. Each case carries the file (as the
/// user named it), the 1-based line as in the file, and the column by name where there is one, so that
/// `description` is one line a user can act on, in the compiler's style:
/// `data.csv:14: column 'gdp': value -3 is not positive`.
public enum SeriesError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file cannot be read, or is not UTF-8 text.
    case unreadable(source: String, reason: String)
    /// The CSV structure is broken (for example a stray quote); `detail` is the CSV reader's reason.
    case malformedCSV(source: String, line: Int, detail: String)
    /// Nothing but blank and comment lines.
    case noHeader(source: String)
    /// A column used for the series appears more than once in the header.
    case duplicateColumn(source: String, line: Int, column: String)
    /// A requested column is not in the header.
    case missingColumn(source: String, line: Int, column: String, available: [String])
    /// A year cell that cannot be read.
    case invalidYear(source: String, line: Int, column: String, error: YearParsingError)
    /// A value cell that is not a number.
    case invalidNumber(source: String, line: Int, column: String, text: String)
    /// A value cell that reads as infinity or NaN.
    case nonFiniteValue(source: String, line: Int, column: String, text: String)
    /// A value that is zero or negative: its logarithm and growth rates are undefined.
    case nonPositiveValue(source: String, line: Int, column: String, text: String)
    /// A bound below zero: a population or output cannot be.
    case negativeBound(source: String, line: Int, column: String, text: String)
    /// A lower bound above the upper bound on the same row.
    case reversedBounds(source: String, line: Int, lowerColumn: String, upperColumn: String, lower: String, upper: String)
    /// The same year on two rows.
    case duplicateYear(source: String, line: Int, column: String, year: String, firstLine: Int)
    /// The same year on two rows that differ in other columns (`groupColumns`): the file looks like a
    /// long (panel) file holding several series, which `--group` reads one by one.
    case duplicateYearInPanel(source: String, line: Int, column: String, year: String, firstLine: Int, groupColumns: [String])
    /// `--where column=value` selects no row; `suggestion` is the closest value the column holds.
    case noMatchingRows(source: String, column: String, value: String, suggestion: String?)
    /// `--group` or `--where` given for a curated dataset, which holds one series per column.
    case selectionOnDataset(name: String)
    /// A year smaller than the one on the row above.
    case unsortedYear(source: String, line: Int, column: String, year: String, previous: String, previousLine: Int)
    /// Every row was skipped, or there were none.
    case noObservations(source: String)
    /// Arrays given to `Series.init` that break its invariants.
    case invalidSeries(String)
    /// No curated dataset has this name.
    case unknownDataset(name: String, available: [String])
    /// The dataset has no value column of this name.
    case unknownColumn(dataset: String, column: String, available: [String])
    /// The dataset defines no sample of this name.
    case unknownSample(dataset: String, sample: String, available: [String])
    /// A lower or upper bound (or the band's midpoint) was asked of a dataset or file without bounds.
    case noBand(dataset: String)
    /// The embedded metadata of a curated dataset cannot be decoded (a build defect, caught by tests).
    case corruptMetadata(dataset: String, detail: String)

    public var description: String {
        switch self {
        case let .unreadable(source, reason):
            return "\(source): cannot read the file: \(reason)"
        case let .malformedCSV(source, line, detail):
            return "\(source):\(line): malformed CSV: \(detail)"
        case let .noHeader(source):
            return "\(source): no header row (the file is empty or holds only blank and comment lines)"
        case let .duplicateColumn(source, line, column):
            return "\(source):\(line): column '\(column.shownInMessage)' appears more than once in the header"
        case let .missingColumn(source, line, column, available):
            return "\(source):\(line): no column '\(column.shownInMessage)' in the header (columns: \(Self.list(available)))"
        case let .invalidYear(source, line, column, error):
            return "\(source):\(line): column '\(column)': \(error.description)"
        case let .invalidNumber(source, line, column, text):
            return "\(source):\(line): column '\(column)': '\(text.shownInMessage)' is not a number"
        case let .nonFiniteValue(source, line, column, text):
            return "\(source):\(line): column '\(column)': value \(text.shownInMessage) is not finite"
        case let .nonPositiveValue(source, line, column, text):
            return "\(source):\(line): column '\(column)': value \(text.shownInMessage) is not positive"
        case let .negativeBound(source, line, column, text):
            return "\(source):\(line): column '\(column)': bound \(text.shownInMessage) is negative"
        case let .reversedBounds(source, line, lowerColumn, upperColumn, lower, upper):
            return "\(source):\(line): lower bound \(lower.shownInMessage) (column '\(lowerColumn)') is above "
                + "upper bound \(upper.shownInMessage) (column '\(upperColumn)')"
        case let .duplicateYear(source, line, column, year, firstLine):
            return "\(source):\(line): column '\(column)': year \(year.shownInMessage) appears twice (first on line \(firstLine))"
        case let .duplicateYearInPanel(source, line, column, year, firstLine, groupColumns):
            let names = groupColumns.prefix(3).map { "'\($0.shownInMessage)'" }.joined(separator: " or ")
            return "\(source):\(line): column '\(column)': year \(year.shownInMessage) appears twice (lines \(firstLine) and \(line)); "
                + "if the file holds several series, name the group column with --group (\(names) differs between the two rows)"
        case let .noMatchingRows(source, column, value, suggestion):
            let hint = suggestion.map { "; did you mean '\($0.shownInMessage)'?" } ?? ""
            return "\(source): no row has \(column.shownInMessage) = '\(value.shownInMessage)'\(hint)"
        case let .selectionOnDataset(name):
            return "--group and --where select rows of a CSV file; the curated dataset \(name) holds one series per column (name one with --y)"
        case let .unsortedYear(source, line, column, year, previous, previousLine):
            return "\(source):\(line): column '\(column)': year \(year.shownInMessage) comes after \(previous.shownInMessage) (line \(previousLine)); "
                + "years must increase down the file"
        case let .noObservations(source):
            return "\(source): no observations (every row was blank, a comment or skipped)"
        case let .invalidSeries(message):
            return "invalid series: \(message)"
        case let .unknownDataset(name, available):
            let hint = NameSuggestion.closest(to: name, in: available).map { "; did you mean '\($0)'?" } ?? ""
            return "no curated dataset named '\(name)'\(hint) (datasets: \(Self.list(available)))"
        case let .unknownColumn(dataset, column, available):
            let hint = NameSuggestion.closest(to: column, in: available).map { "; did you mean '\($0)'?" } ?? ""
            return "dataset \(dataset) has no value column '\(column)'\(hint) (value columns: \(Self.list(available)))"
        case let .unknownSample(dataset, sample, available):
            return available.isEmpty
                ? "dataset \(dataset) defines no samples, so there is no sample '\(sample)'"
                : "dataset \(dataset) has no sample '\(sample)' (samples: \(Self.list(available)))"
        case let .noBand(dataset):
            return "\(dataset) has no lower and upper bounds, so --bound does not apply to it (a curated dataset's "
                + "bounds are listed by `gdpfit datasets show`; a CSV file names its bound columns with --lower and --upper)"
        case let .corruptMetadata(dataset, detail):
            return "the embedded metadata of dataset \(dataset) cannot be read: \(detail)"
        }
    }

    /// The header's names, each shown as a cell is; a header of thousands of columns is cut after
    /// the first 20.
    private static func list(_ names: [String]) -> String {
        guard !names.isEmpty else { return "none" }
        let shown = names.prefix(20).map(\.shownInMessage).joined(separator: ", ")
        return names.count > 20 ? shown + ", … (\(names.count) in all)" : shown
    }
}

extension StringProtocol {
    /// A cell as an error message shows it: on one line (line breaks written `\n`) and at most
    /// `SeriesError.cellCharactersShown` characters, cut with "…", so that a 10 MB cell or a field
    /// that runs on for thousands of lines gives a message of one short line.
    var shownInMessage: String {
        let limit = SeriesError.cellCharactersShown
        let head = prefix(limit + 1)
        var shown = head.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: "\\n")
        if head.count > limit || shown.count > limit { shown = String(shown.prefix(limit - 1)) + "…" }
        return shown
    }
}

extension SeriesError {
    /// The most characters of a cell an error message shows.
    static let cellCharactersShown = 80
}
