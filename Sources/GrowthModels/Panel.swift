import Foundation

/// `COLUMN=VALUE`: keep the rows of a CSV file whose cell in `column` is exactly `value` (after the
/// reader's trimming of surrounding blanks). Several conditions must all hold.
public struct RowCondition: Sendable, Equatable, CustomStringConvertible {
    public var column: String
    public var value: String

    public init(column: String, value: String) {
        self.column = column
        self.value = value
    }

    /// Reads `COLUMN=VALUE`, split at the first `=` (a value may hold `=`); nil when there is no `=`
    /// or the column is empty. The value may be empty (rows whose cell is empty).
    public init?(parsing text: String) {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let column = text[..<equals].trimmingCharacters(in: .whitespaces)
        guard !column.isEmpty else { return nil }
        self.init(column: column, value: text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces))
    }

    public var description: String { "\(column)=\(value)" }
}

/// One group of a panel: its key (the group column's value) and its series, or why it has none
/// (no observations, a repeated year, a value that is not positive). A group's error is the
/// group's status, never the whole panel's.
public struct PanelGroup: Sendable {
    public let key: String
    public let series: Result<Series, SeriesError>

    public init(key: String, series: Result<Series, SeriesError>) {
        self.key = key
        self.series = series
    }
}

/// The groups of a panel, in the order their keys first appear in the file, and the loader's notes
/// (one per column for the rows skipped for an empty or NA cell, over all groups together).
public struct LoadedPanel: Sendable {
    public let source: String
    public let groupColumn: String
    public let groups: [PanelGroup]
    public let warnings: [SeriesWarning]
}

/// Reads the rows a `RowSelection` picks out of a `CSVTable`, and splits them into groups.
///
/// Every group is read by the rules of `SeriesLoader` (years increasing within the group, values
/// positive, an empty or NA cell skips its row). A row whose group cell is empty or NA belongs to no
/// group and is skipped, with a note. Groups keep the file's order of first appearance, so that the
/// report follows the file (Maddison's panel lists countries by region).
enum PanelLoader {
    /// The rows meeting every condition, in file order. A condition on a column the header lacks is
    /// `missingColumn`; a condition no row meets is `noMatchingRows`, with the closest value the
    /// column holds as a suggestion.
    static func selectedRows(_ table: CSVTable, conditions: [RowCondition]) throws(SeriesError) -> [Int] {
        var rows = Array(0..<table.rowCount)
        for condition in conditions {
            let column = try table.column(condition.column)
            let kept = rows.filter { table.cell($0, column) == condition.value }
            guard !kept.isEmpty else {
                var values: [String] = [], seen = Set<String>()
                for row in rows where seen.insert(table.cell(row, column)).inserted { values.append(table.cell(row, column)) }
                throw .noMatchingRows(
                    source: table.source, column: condition.column, value: condition.value,
                    suggestion: NameSuggestion.closest(to: condition.value, in: values))
            }
            rows = kept
        }
        return rows
    }

    /// One series per group of the selected rows. `nameStem` names each group's series as
    /// `nameStem [column=key]`.
    static func load(
        table: CSVTable, spec: SeriesSpec, groupColumn: String, conditions: [RowCondition], nameStem: String
    ) throws(SeriesError) -> LoadedPanel {
        let groupIndex = try table.column(groupColumn)
        // Columns are checked once, up front: a missing value column is the file's error, not every group's.
        for name in [spec.yearColumn, spec.valueColumn] + spec.extraColumns { _ = try table.column(name) }
        var skipped = SkippedRows()
        var keys: [String] = [], rowsByKey: [String: [Int]] = [:]
        for row in try selectedRows(table, conditions: conditions) {
            let key = table.cell(row, groupIndex)
            if let why = CSVTable.missing(key) {
                skipped.skip(column: groupColumn, why, line: table.lines[row])
                continue
            }
            if rowsByKey[key] == nil { keys.append(key) }
            rowsByKey[key, default: []].append(row)
        }
        let reader = SeriesReader(table: table, spec: spec, grouped: true)
        var warnings: [SeriesWarning] = []
        let groups = keys.map { key in
            let label = "\(table.source) [\(groupColumn)=\(key)]"
            do throws(SeriesError) {
                let (series, notes) = try reader.read(
                    rows: rowsByKey[key] ?? [], name: "\(nameStem) [\(groupColumn)=\(key)]", skipped: &skipped,
                    noObservationsSource: label)
                warnings += notes
                return PanelGroup(key: key, series: .success(series))
            } catch {
                return PanelGroup(key: key, series: .failure(error))
            }
        }
        warnings += skipped.warnings(source: table.source)
        warnings.sort { $0.line < $1.line }
        return LoadedPanel(source: table.source, groupColumn: groupColumn, groups: groups, warnings: warnings)
    }
}
