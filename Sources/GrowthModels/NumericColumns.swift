import Foundation

/// Named numeric columns read from a CSV file, for fits that are not of a historical series (a
/// formula over arbitrary columns, NIST-style data). Unlike `SeriesLoader` the values may be zero or
/// negative and need not be sorted; they must be finite numbers.
public struct NumericColumns: Sendable, Equatable {
    /// Column name → values, all the same length (one per row kept).
    public var columns: [String: [Double]]
    /// The file line of each row kept.
    public var lines: [Int]
    /// Rows skipped because a requested cell was empty or NA.
    public var warnings: [SeriesWarning]

    public var count: Int { lines.count }

    /// Reads `names` from the CSV file at `path` (a regular file or a stream; see `InputFile`). A
    /// row with an empty or `NA` cell in any requested column is skipped (one warning per column,
    /// as `SeriesLoader` gives); an unreadable or non-finite cell is an error naming file, line and
    /// column.
    public static func load(path: String, names: [String]) throws(SeriesError) -> NumericColumns {
        try load(table: CSVTable(bytes: InputFile.bytes(atPath: path), source: path), names: names)
    }

    /// Reads `names` from CSV text; `source` names it in messages.
    public static func load(text: String, source: String, names: [String]) throws(SeriesError) -> NumericColumns {
        try load(table: CSVTable(text: text, source: source), names: names)
    }

    static func load(table: CSVTable, names: [String]) throws(SeriesError) -> NumericColumns {
        var unique: [String] = []
        for name in names where !unique.contains(name) { unique.append(name) }
        let indices = try unique.map { (name) throws(SeriesError) in (name, try table.column(name)) }
        var result = NumericColumns(columns: Dictionary(uniqueKeysWithValues: unique.map { ($0, []) }), lines: [], warnings: [])
        var skipped = SkippedRows()
        var row: [Double] = []
        rows: for index in 0..<table.rowCount {
            let line = table.lines[index]
            row.removeAll(keepingCapacity: true)
            for (name, column) in indices {
                let text = table.cell(index, column)
                if let why = CSVTable.missing(text) {
                    skipped.skip(column: name, why, line: line)
                    continue rows
                }
                row.append(try table.number(text, line: line, column: name))
            }
            for ((name, _), value) in zip(indices, row) { result.columns[name]!.append(value) }
            result.lines.append(line)
        }
        guard !result.lines.isEmpty else { throw .noObservations(source: table.source) }
        result.warnings = skipped.warnings(source: table.source)
        return result
    }
}
