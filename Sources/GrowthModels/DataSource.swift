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
    ///
    ///   - band: a CSV file's lower and upper bound columns (a curated dataset's band is in its metadata).
    ///   - bound: a curve of the band instead of the value column (`BandChoice`); a file with a band
    ///     and no value column loads the midpoint.
    ///
    /// A file's series is named `path:column`, as a dataset's is `name:column`, so that messages
    /// about its samples ("too few observations") say which file they mean.
    public static func load(
        _ reference: String, column: String? = nil, sample: String? = nil, yearColumn: String = "year",
        extraColumns: [String] = [], noteWindow: YearWindow? = nil, band: BandColumns? = nil, bound: BandChoice? = nil
    ) throws(SeriesError) -> LoadedSeries {
        if DatasetCatalog.names.contains(reference) {
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
        let table = try CSVTable(bytes: InputFile.bytes(atPath: reference), source: reference)
        if let band {
            let choice = bound ?? (column == nil ? .midpoint : nil)
            let curve = choice.map { BandLoader.curveName($0, of: band) } ?? column ?? ""
            return try BandLoader.load(
                table: table, band: band, central: column, choice: choice,
                spec: SeriesSpec(
                    valueColumn: column ?? band.upper, yearColumn: yearColumn, extraColumns: extraColumns,
                    name: "\(reference):\(curve)", noteWindow: noteWindow))
        }
        if bound != nil { throw .noBand(dataset: reference) }
        let valueColumn: String
        if let column {
            valueColumn = column
        } else {
            let others = table.header.filter { $0 != yearColumn }
            guard others.count == 1, let only = others.first else {
                throw .missingColumn(source: reference, line: table.headerLine, column: "(value: name it with --y)", available: table.header)
            }
            valueColumn = only
        }
        return try SeriesLoader.load(
            table: table,
            spec: SeriesSpec(
                valueColumn: valueColumn, yearColumn: yearColumn, extraColumns: extraColumns,
                name: "\(reference):\(valueColumn)", noteWindow: noteWindow))
    }
}
