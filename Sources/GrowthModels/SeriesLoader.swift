import Foundation

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
    /// The years the caller will use, when it knows them: a row skipped for an empty or NA value
    /// whose year lies outside is not worth a note (it would be dropped by the window anyway). Rows
    /// whose year cell itself is empty or NA are always noted. Nil notes every skipped row.
    public var noteWindow: YearWindow?

    public init(
        valueColumn: String, yearColumn: String = "year", extraColumns: [String] = [], name: String? = nil,
        measure: Measure = .other, unit: String = "", provenance: Provenance? = nil, noteWindow: YearWindow? = nil
    ) {
        self.noteWindow = noteWindow
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

/// Reads a series from CSV text (the reader and its grammar: `CSVTable`).
///
/// Rules, each with the reason:
/// - Encoding UTF-8, with or without a byte-order mark; line ends LF, CRLF or CR. Delimiter: comma.
/// - Lines whose first non-blank character is `#` (outside a quoted field) are comments or metadata,
///   and blank lines are ignored, before and after the header. The first other line is the header;
///   columns are found by name, so their order and any unused columns do not matter.
/// - A row whose year or value cell is empty or `NA` is skipped: a missing figure is common in
///   historical tables (Maddison has no 1920 GDP) and must be visible, not fatal. The skipped rows
///   are reported as one warning per column, with their count and first lines, so that a file with
///   thousands of gaps gives a note a reader can take in; with `SeriesSpec.noteWindow`, only the
///   rows inside the window the caller will use are noted.
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
    /// Loads the series from the file at `path` (a regular file or a stream such as a pipe; see
    /// `InputFile`); messages name the file as `path` is written.
    public static func load(path: String, spec: SeriesSpec) throws(SeriesError) -> LoadedSeries {
        try load(table: CSVTable(bytes: InputFile.bytes(atPath: path), source: path), spec: spec)
    }

    /// Loads the series from the bytes of a CSV file; `source` names it in messages.
    public static func load(data: Data, source: String, spec: SeriesSpec) throws(SeriesError) -> LoadedSeries {
        try load(table: CSVTable(bytes: [UInt8](data), source: source), spec: spec)
    }

    /// Loads the series from CSV text; `source` names it in messages.
    public static func load(text: String, source: String, spec: SeriesSpec) throws(SeriesError) -> LoadedSeries {
        try load(table: CSVTable(text: text, source: source), spec: spec)
    }

    static func load(table: CSVTable, spec: SeriesSpec) throws(SeriesError) -> LoadedSeries {
        try SeriesReader(table: table, spec: spec).read()
    }
}

/// Rows skipped for an empty or `NA` cell, gathered per column: one warning per column instead of
/// one per row.
struct SkippedRows {
    private struct Column {
        var name: String
        var empty = 0, notAvailable = 0
        var lines: [Int] = []
    }

    /// How many lines a warning lists before "…".
    static let linesShown = 5
    private var columns: [Column] = []

    /// Records that the row on `line` was skipped because its cell in `column` is `why`.
    mutating func skip(column name: String, _ why: CSVTable.Missing, line: Int) {
        let index: Int
        if let found = columns.firstIndex(where: { $0.name == name }) {
            index = found
        } else {
            columns.append(Column(name: name))
            index = columns.count - 1
        }
        switch why {
        case .empty: columns[index].empty += 1
        case .notAvailable: columns[index].notAvailable += 1
        }
        if columns[index].lines.count <= Self.linesShown { columns[index].lines.append(line) }
    }

    /// One warning per column, at the first skipped row's line: "column 'gdp' is empty; row
    /// skipped" for a single row, else the counts and the first lines.
    func warnings(source: String) -> [SeriesWarning] {
        columns.map { column in
            let rows = column.empty + column.notAvailable
            let message: String
            if rows == 1 {
                message = "column '\(column.name)' is \(column.empty == 1 ? "empty" : "NA"); row skipped"
            } else {
                let kind = column.notAvailable == 0 ? "empty" : column.empty == 0 ? "NA" : "empty or NA"
                var lines = column.lines.prefix(Self.linesShown).map(String.init).joined(separator: ", ")
                if rows > Self.linesShown { lines += ", …" }
                message = "column '\(column.name)' is \(kind) on \(rows) rows (lines \(lines)); rows skipped"
            }
            return SeriesWarning(source: source, line: column.lines[0], message: message)
        }
    }
}

/// Turns the rows of a `CSVTable` into a checked series, applying the rules of `SeriesLoader`.
struct SeriesReader {
    let table: CSVTable
    let spec: SeriesSpec
    /// Whether the rows read are one group of a panel (`PanelLoader`): a repeated year then is a
    /// plain error, not a hint that the file holds several series.
    var grouped = false

    /// The series of every row, or of `rows` (0-based among the table's rows, in file order).
    func read(rows: [Int]? = nil) throws(SeriesError) -> LoadedSeries {
        var skipped = SkippedRows()
        let name = spec.name ?? spec.valueColumn
        var (series, warnings) = if let rows {
            try read(rows: rows, name: name, skipped: &skipped)
        } else {
            try read(rows: 0..<table.rowCount, name: name, skipped: &skipped)
        }
        warnings += skipped.warnings(source: table.source)
        warnings.sort { $0.line < $1.line }
        return LoadedSeries(series: series, warnings: warnings)
    }

    /// The series of the given rows (0-based among the table's rows, in file order), named `name`.
    /// Rows skipped for an empty or NA cell are recorded in `skipped`, so that a panel's groups share
    /// one note per column; the other warnings (a year 0) are returned.
    func read(
        rows: some Sequence<Int>, name: String, skipped: inout SkippedRows, noObservationsSource: String? = nil
    ) throws(SeriesError) -> (Series, [SeriesWarning]) {
        let source = table.source
        let yearIndex = try table.column(spec.yearColumn)
        let valueIndex = try table.column(spec.valueColumn)
        let extraIndices = try spec.extraColumns.map { (name) throws(SeriesError) in (name, try table.column(name)) }

        var years: [Double] = [], values: [Double] = [], extras = [String: [Double?]]()
        years.reserveCapacity(rows.underestimatedCount)
        values.reserveCapacity(rows.underestimatedCount)
        var warnings: [SeriesWarning] = []
        // Every year read so far, increasing (unsorted years are refused), with its row: a repeat
        // is found by binary search, only on the error path.
        var seenYears: [Double] = [], seenRows: [Int] = []
        var previousText = ""

        for row in rows {
            let line = table.lines[row]
            let yearText = table.cell(row, yearIndex), valueText = table.cell(row, valueIndex)
            if let why = CSVTable.missing(yearText) {
                skipped.skip(column: spec.yearColumn, why, line: line)
                continue
            }
            let year: Double
            do {
                year = try YearParsing.year(from: yearText)
            } catch {
                throw .invalidYear(source: source, line: line, column: spec.yearColumn, error: error)
            }
            if let last = seenYears.last, year <= last {
                let index = seenYears.partitioningIndex { $0 >= year }
                if index < seenYears.count, seenYears[index] == year {
                    let firstRow = seenRows[index]
                    let differing = grouped ? [] : columnsDiffering(firstRow, row, except: [yearIndex, valueIndex] + extraIndices.map(\.1))
                    if !differing.isEmpty {
                        throw .duplicateYearInPanel(
                            source: source, line: line, column: spec.yearColumn, year: yearText, firstLine: table.lines[firstRow],
                            groupColumns: differing)
                    }
                    throw .duplicateYear(
                        source: source, line: line, column: spec.yearColumn, year: yearText, firstLine: table.lines[firstRow])
                }
                throw .unsortedYear(
                    source: source, line: line, column: spec.yearColumn, year: yearText, previous: previousText,
                    previousLine: table.lines[seenRows[seenRows.count - 1]])
            }
            seenYears.append(year)
            seenRows.append(row)
            previousText = yearText
            if year == 0 {
                warnings.append(.init(
                    source: source, line: line,
                    message: "year 0 read as the number 0; the calendar has no year 0 (if it means 1 CE, as in HYDE, write 1)"))
            }
            if let why = CSVTable.missing(valueText) {
                if spec.noteWindow?.contains(year) ?? true { skipped.skip(column: spec.valueColumn, why, line: line) }
                continue
            }
            let value = try table.number(valueText, line: line, column: spec.valueColumn)
            guard value > 0 else {
                throw .nonPositiveValue(source: source, line: line, column: spec.valueColumn, text: valueText)
            }
            years.append(year)
            values.append(value)
            for (name, index) in extraIndices {
                let text = table.cell(row, index)
                let extra: Double? = CSVTable.missing(text) == nil ? try table.number(text, line: line, column: name) : nil
                extras[name, default: []].append(extra)
            }
        }
        guard !years.isEmpty else { throw .noObservations(source: noObservationsSource ?? source) }
        let series = try Series(
            name: name, measure: spec.measure, unit: spec.unit, years: years, values: values,
            provenance: spec.provenance ?? Provenance(publication: source), extraColumns: extras)
        return (series, warnings)
    }

    /// The columns, other than those `except` names, whose cells differ between two rows: when a
    /// year repeats, these are what tell the two series of a long (panel) file apart. Text columns
    /// (a cell that is not a number: a country's name) come first, as the likelier group columns;
    /// numeric ones (another measure) only when no text column differs.
    private func columnsDiffering(_ first: Int, _ second: Int, except: [Int]) -> [String] {
        let differing = table.header.indices.filter { column in
            !except.contains(column) && table.cell(first, column) != table.cell(second, column)
        }
        let text = differing.filter { column in
            [first, second].contains { NumberText.value(table.cell($0, column)) == nil && CSVTable.missing(table.cell($0, column)) == nil }
        }
        return (text.isEmpty ? differing : text).map { table.header[$0] }
    }
}

extension Array {
    /// The first index whose element satisfies `belongsInSecondPartition`, for an array already
    /// partitioned by it (all failing elements first): a binary search.
    fileprivate func partitioningIndex(where belongsInSecondPartition: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if belongsInSecondPartition(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
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

    /// Why a cell counts as missing.
    enum Missing { case empty, notAvailable }

    /// Why a cell counts as missing (empty or "NA"), or nil if it holds something.
    static func missing(_ text: String) -> Missing? {
        text.isEmpty ? .empty : text == "NA" ? .notAvailable : nil
    }
}
