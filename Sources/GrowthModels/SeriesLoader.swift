import Foundation
import SwiftCSV

/// Which columns of a CSV file make the series, and how to label it.
public struct SeriesSpec: Sendable, Equatable {
    /// The column holding the values (required, by header name).
    public var valueColumn: String
    /// The column holding the years (by header name).
    public var yearColumn: String
    /// Further columns to keep beside the values (bounds, flags); their cells may be empty or NA.
    public var extraColumns: [String]
    /// The series name; nil uses the value column's name.
    public var name: String?
    public var measure: Measure
    public var unit: String
    /// Nil records the file itself as the publication.
    public var provenance: Provenance?

    public init(
        valueColumn: String, yearColumn: String = "year", extraColumns: [String] = [], name: String? = nil,
        measure: Measure = .other, unit: String = "", provenance: Provenance? = nil
    ) {
        self.valueColumn = valueColumn
        self.yearColumn = yearColumn
        self.extraColumns = extraColumns
        self.name = name
        self.measure = measure
        self.unit = unit
        self.provenance = provenance
    }
}

/// Something the loader did that the user should know about but that is not an error, such as a row
/// skipped because a cell was empty or NA. GrowthModels never prints: the caller shows these.
public struct SeriesWarning: Codable, Sendable, Equatable, CustomStringConvertible {
    public let source: String
    /// 1-based line in the file.
    public let line: Int
    public let message: String

    public var description: String { "\(source):\(line): \(message)" }
}

/// A loaded series and the warnings raised while reading it.
public struct LoadedSeries: Sendable, Equatable {
    public let series: Series
    public let warnings: [SeriesWarning]
}

/// Reads a series from CSV text, through SwiftCSV (quoted fields, embedded delimiters and quotes).
///
/// Rules, each with the reason:
/// - Encoding UTF-8, with or without a byte-order mark; line ends LF, CRLF or CR. Delimiter: comma.
/// - Lines whose first non-blank character is `#` (outside a quoted field) are comments or metadata,
///   and blank lines are ignored, before and after the header. The first other line is the header;
///   columns are found by name, so their order and any unused columns do not matter.
/// - A row whose year or value cell is empty or `NA` is skipped with a warning: a missing figure is
///   common in historical tables (Maddison has no 1920 GDP) and must be visible, not fatal.
/// - Anything else that is wrong is an error naming the file, the line and the column: a year or value
///   that cannot be read, a value that is zero, negative, infinite or NaN (ln y would be undefined),
///   and a year that repeats or is smaller than the year above it. Unsorted years are an error rather
///   than silently sorted, because in a historical table they are almost always a typo (1980 for
///   1890) that sorting would hide. Line numbers are those of the file, counting comments, blank
///   lines and lines inside multi-line quoted fields.
/// - Extra columns may be empty or `NA` (read as nil) and may be zero or negative (a lower bound of 0),
///   but must otherwise be finite numbers.
/// - A plain year 0 is read as the number 0, with a warning, since the calendar has none (HYDE uses 0
///   for 1 CE: recode it to 1). See `YearParsing` for the year convention.
public enum SeriesLoader {
    /// Loads the series from the file at `path`; messages name the file as `path` is written.
    public static func load(path: String, spec: SeriesSpec) throws(SeriesError) -> LoadedSeries {
        try load(text: CSVTable.text(ofFileAt: path), source: path, spec: spec)
    }

    /// Loads the series from the bytes of a CSV file; `source` names it in messages.
    public static func load(data: Data, source: String, spec: SeriesSpec) throws(SeriesError) -> LoadedSeries {
        try load(text: CSVTable.text(of: data, source: source), source: source, spec: spec)
    }

    /// Loads the series from CSV text; `source` names it in messages.
    public static func load(text: String, source: String, spec: SeriesSpec) throws(SeriesError) -> LoadedSeries {
        let table = try CSVTable(text: text, source: source)
        return try SeriesReader(table: table, spec: spec).read()
    }
}

/// The cells of a CSV text with the file line on which each row starts.
struct CSVTable {
    let source: String
    let headerLine: Int
    let header: [String]
    /// (line, cells) for every row after the header that has a non-empty cell.
    let rows: [(line: Int, cells: [String])]

    /// The UTF-8 text of the file at `path`, or the error naming it.
    static func text(ofFileAt path: String) throws(SeriesError) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .unreadable(source: path, reason: "no such file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(source: path, reason: "\(error.localizedDescription)")
        }
        return try text(of: data, source: path)
    }

    /// The bytes as UTF-8 text, or the error naming `source`.
    static func text(of data: Data, source: String) throws(SeriesError) -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(source: source, reason: "not valid UTF-8 text")
        }
        return text
    }

    init(text: String, source: String) throws(SeriesError) {
        self.source = source
        let lines = Self.uncommentedLines(text)
        guard let headerIndex = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            throw .noHeader(source: source)
        }
        // Lines before the header are blank (or were comments): drop them and count them.
        let body = Array(lines[headerIndex...])
        let csv: EnumeratedCSV
        do {
            csv = try EnumeratedCSV(string: body.joined(separator: "\n"), delimiter: .comma, loadColumns: false)
        } catch {
            let detail: String
            switch error as? CSVParseError {
            case let .generic(message), let .quotation(message): detail = message
            case nil: detail = "\(error)"
            }
            throw .malformedCSV(source: source, line: headerIndex + Self.firstFailingLine(body), detail: detail)
        }
        headerLine = headerIndex + 1
        header = csv.header.map { $0.trimmingWhitespace() }
        // A row spans one line plus one for each line break inside its quoted fields.
        var line = headerLine + 1 + csv.header.reduce(0) { $0 + $1.lineBreaks }
        var rows: [(line: Int, cells: [String])] = []
        for cells in csv.rows {
            // A row with more fields than the header has a stray comma or an unquoted comma in a
            // value: which column is which is then unknown, so it is refused, not truncated.
            if cells.count > csv.header.count, cells[csv.header.count...].contains(where: { !$0.allSatisfy(\.isWhitespace) }) {
                throw .malformedCSV(
                    source: source, line: line,
                    detail: "\(cells.count) fields, but the header has \(csv.header.count) (an unquoted comma?)")
            }
            if cells.contains(where: { !$0.allSatisfy(\.isWhitespace) }) {
                rows.append((line, cells.map { $0.trimmingWhitespace() }))
            }
            line += 1 + cells.reduce(0) { $0 + $1.lineBreaks }
        }
        self.rows = rows
    }

    /// The lines of `text` (byte-order mark removed, line ends normalised to LF), with comment lines
    /// emptied so that line numbers stay those of the file. A `#` line inside a quoted field (an odd
    /// number of quotes so far: doubled quotes inside a field count twice) is data, not a comment;
    /// quotes inside a comment do not count.
    private static func uncommentedLines(_ text: String) -> [String] {
        let content = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var insideQuotes = false
        return content.split(omittingEmptySubsequences: false, whereSeparator: \.isLineBreak).map { line in
            if !insideQuotes && line.drop(while: \.isWhitespace).hasPrefix("#") { return "" }
            if line.filter({ $0 == "\"" }).count % 2 == 1 { insideQuotes.toggle() }
            return String(line)
        }
    }

    /// The 1-based line (within `lines`) at which SwiftCSV first fails: the shortest failing prefix.
    /// Only called on the error path, so the quadratic cost does not matter.
    private static func firstFailingLine(_ lines: [String]) -> Int {
        for end in 1...lines.count {
            let prefix = lines[..<end].joined(separator: "\n")
            if (try? EnumeratedCSV(string: prefix, delimiter: .comma, loadColumns: false)) == nil { return end }
        }
        return lines.count
    }
}

extension Character {
    /// The line ends SwiftCSV recognises: LF, CRLF (one Character in Swift) and CR.
    var isLineBreak: Bool { self == "\n" || self == "\r\n" || self == "\r" }
}

extension String {
    fileprivate var lineBreaks: Int { filter(\.isLineBreak).count }
}

/// Turns the rows of a `CSVTable` into a checked series, applying the rules of `SeriesLoader`.
private struct SeriesReader {
    let table: CSVTable
    let spec: SeriesSpec

    func read() throws(SeriesError) -> LoadedSeries {
        let source = table.source
        let yearIndex = try table.column(spec.yearColumn)
        let valueIndex = try table.column(spec.valueColumn)
        let extraIndices = try spec.extraColumns.map { (name) throws(SeriesError) in (name, try table.column(name)) }

        var years: [Double] = [], values: [Double] = [], extras = [String: [Double?]]()
        var warnings: [SeriesWarning] = []
        var lineOfYear: [Double: Int] = [:]
        var previous: (year: Double, text: String, line: Int)?

        for (line, cells) in table.rows {
            func cell(_ index: Int) -> String { index < cells.count ? cells[index] : "" }
            let yearText = cell(yearIndex), valueText = cell(valueIndex)
            if let why = CSVTable.missing(yearText) {
                warnings.append(.init(source: source, line: line, message: "column '\(spec.yearColumn)' is \(why); row skipped"))
                continue
            }
            let year: Double
            do {
                year = try YearParsing.year(from: yearText)
            } catch {
                throw .invalidYear(source: source, line: line, column: spec.yearColumn, error: error)
            }
            if let first = lineOfYear[year] {
                throw .duplicateYear(source: source, line: line, column: spec.yearColumn, year: yearText, firstLine: first)
            }
            if let previous, year < previous.year {
                throw .unsortedYear(
                    source: source, line: line, column: spec.yearColumn, year: yearText, previous: previous.text,
                    previousLine: previous.line)
            }
            lineOfYear[year] = line
            previous = (year, yearText, line)
            if year == 0 {
                warnings.append(.init(
                    source: source, line: line,
                    message: "year 0 read as the number 0; the calendar has no year 0 (if it means 1 CE, as in HYDE, write 1)"))
            }
            if let why = CSVTable.missing(valueText) {
                warnings.append(.init(source: source, line: line, message: "column '\(spec.valueColumn)' is \(why); row skipped"))
                continue
            }
            let value = try table.number(valueText, line: line, column: spec.valueColumn)
            guard value > 0 else {
                throw .nonPositiveValue(source: source, line: line, column: spec.valueColumn, text: valueText)
            }
            years.append(year)
            values.append(value)
            for (name, index) in extraIndices {
                let text = cell(index)
                let extra: Double? = CSVTable.missing(text) == nil ? try table.number(text, line: line, column: name) : nil
                extras[name, default: []].append(extra)
            }
        }
        guard !years.isEmpty else { throw .noObservations(source: source) }
        let series = try Series(
            name: spec.name ?? spec.valueColumn, measure: spec.measure, unit: spec.unit, years: years, values: values,
            provenance: spec.provenance ?? Provenance(publication: source), extraColumns: extras)
        return LoadedSeries(series: series, warnings: warnings)
    }
}

extension CSVTable {
    /// The index of the column named `name` in the header.
    func column(_ name: String) throws(SeriesError) -> Int {
        let matches = header.indices.filter { header[$0] == name }
        guard let index = matches.first else {
            throw .missingColumn(source: source, line: headerLine, column: name, available: header)
        }
        guard matches.count == 1 else {
            throw .duplicateColumn(source: source, line: headerLine, column: name)
        }
        return index
    }

    /// A finite number, or the error naming the cell.
    func number(_ text: String, line: Int, column: String) throws(SeriesError) -> Double {
        guard let value = NumberText.value(text) else {
            throw .invalidNumber(source: source, line: line, column: column, text: text)
        }
        guard value.isFinite else {
            throw .nonFiniteValue(source: source, line: line, column: column, text: text)
        }
        return value
    }

    /// Why a cell counts as missing ("empty" or "NA"), or nil if it holds something.
    static func missing(_ text: String) -> String? {
        text.isEmpty ? "empty" : text == "NA" ? "NA" : nil
    }
}
