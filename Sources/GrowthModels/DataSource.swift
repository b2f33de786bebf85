import Foundation

/// Resolves what a user names as data: a curated dataset's name, or the path of a CSV file.
public enum DataSource {
    /// Loads a series from a curated dataset (`name`) or a CSV file (`path`).
    ///
    /// - Parameters:
    ///   - reference: a dataset name from `DatasetCatalog.names`, or a path to a CSV file. A name
    ///     wins; a path is anything that is not a dataset name.
    ///   - column: the value column; nil takes a dataset's default column. A CSV file has no default:
    ///     unless it has exactly one column besides `year`, the column must be named.
    ///   - sample: a dataset's named sample (e.g. roodman-2020's `main`); files have none.
    ///   - yearColumn: the year column of a CSV file.
    ///   - extraColumns: columns of a CSV file to keep beside the values (weights).
    ///   - noteWindow: the years the caller will use; a CSV file's rows skipped for a missing value
    ///     outside them are not noted (`SeriesSpec.noteWindow`).
    ///   - conditions: `--where COLUMN=VALUE`: only the rows of a CSV file meeting all of them are
    ///     read (`PanelLoader.selectedRows`); curated datasets take none.
    ///
    ///   - band: a CSV file's lower and upper bound columns (a curated dataset's band is in its metadata).
    ///   - bound: a curve of the band instead of the value column (`BandChoice`); a file with a band
    ///     and no value column loads the midpoint.
    ///
    /// A file's series is named `path:column`, as a dataset's is `name:column`, so that messages
    /// about its samples ("too few observations") say which file they mean.
    public static func load(
        _ reference: String, column: String? = nil, sample: String? = nil, yearColumn: String = "year",
        extraColumns: [String] = [], noteWindow: YearWindow? = nil, band: BandColumns? = nil, bound: BandChoice? = nil,
        conditions: [RowCondition] = []
    ) throws(SeriesError) -> LoadedSeries {
        if DatasetCatalog.names.contains(reference) {
            guard conditions.isEmpty else { throw .selectionOnDataset(name: reference) }
            return try DatasetCatalog.dataset(named: reference).load(column: column, sample: sample, bound: bound)
        }
        guard FileManager.default.fileExists(atPath: reference) else {
            if !reference.contains("/") && !reference.hasSuffix(".csv") {
                throw .unknownDataset(name: reference, available: DatasetCatalog.names)
            }
            throw .unreadable(source: reference, reason: "no such file")
        }
        if let sample {
            throw .unknownSample(dataset: reference, sample: sample, available: [])
        }
        let table = try csvTable(reference)
        if let band {
            // A band is read from the whole file (the command line refuses --where/--group with bound columns).
            let choice = bound ?? (column == nil ? .midpoint : nil)
            let curve = choice.map { BandLoader.curveName($0, of: band) } ?? column ?? ""
            return try BandLoader.load(
                table: table, band: band, central: column, choice: choice,
                spec: SeriesSpec(
                    valueColumn: column ?? band.upper, yearColumn: yearColumn, extraColumns: extraColumns,
                    name: "\(reference):\(curve)", noteWindow: noteWindow))
        }
        if bound != nil { throw .noBand(dataset: reference) }
        let valueColumn = try valueColumn(of: table, column: column, yearColumn: yearColumn, selecting: conditions.map(\.column))
        let spec = SeriesSpec(
            valueColumn: valueColumn, yearColumn: yearColumn, extraColumns: extraColumns,
            name: "\(reference):\(valueColumn)", noteWindow: noteWindow)
        guard !conditions.isEmpty else { return try SeriesLoader.load(table: table, spec: spec) }
        return try SeriesReader(table: table, spec: spec).read(rows: PanelLoader.selectedRows(table, conditions: conditions))
    }

    /// Loads every group of a long (panel) CSV file: the rows meeting every condition, one
    /// series per value of `groupColumn` (`PanelLoader`). The other parameters are `load`'s. A
    /// group's own error (no observations, a repeated year) is that group's result; an error of the
    /// file (a missing column, malformed CSV) is thrown. Each series is named `path:column [group=key]`.
    public static func loadPanel(
        _ reference: String, column: String? = nil, yearColumn: String = "year", extraColumns: [String] = [],
        noteWindow: YearWindow? = nil, groupColumn: String, conditions: [RowCondition] = []
    ) throws(SeriesError) -> LoadedPanel {
        if DatasetCatalog.names.contains(reference) { throw .selectionOnDataset(name: reference) }
        guard FileManager.default.fileExists(atPath: reference) else {
            if !reference.contains("/") && !reference.hasSuffix(".csv") {
                throw .unknownDataset(name: reference, available: DatasetCatalog.names)
            }
            throw .unreadable(source: reference, reason: "no such file")
        }
        let table = try csvTable(reference)
        let valueColumn = try valueColumn(
            of: table, column: column, yearColumn: yearColumn, selecting: [groupColumn] + conditions.map(\.column))
        return try PanelLoader.load(
            table: table,
            spec: SeriesSpec(valueColumn: valueColumn, yearColumn: yearColumn, extraColumns: extraColumns, noteWindow: noteWindow),
            groupColumn: groupColumn, conditions: conditions, nameStem: "\(reference):\(valueColumn)")
    }

    private static func csvTable(_ path: String) throws(SeriesError) -> CSVTable {
        try CSVTable(bytes: InputFile.bytes(atPath: path), source: path)
    }

    /// The value column: the one named, else the only column besides the year and the columns that
    /// select rows (group and conditions).
    private static func valueColumn(
        of table: CSVTable, column: String?, yearColumn: String, selecting: [String]
    ) throws(SeriesError) -> String {
        if let column { return column }
        let others = table.header.filter { $0 != yearColumn && !selecting.contains($0) }
        guard others.count == 1, let only = others.first else {
            throw .missingColumn(source: table.source, line: table.headerLine, column: "(value: name it with --y)", available: table.header)
        }
        return only
    }
}
