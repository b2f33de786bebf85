import Foundation

/// The metadata of a curated dataset, as in `datasets/<name>.json` (snake_case keys there).
public struct DatasetMetadata: Codable, Sendable, Equatable {
    /// What a column holds.
    public enum Role: String, Codable, Sendable {
        /// The calendar year (see `yearCoding`).
        case year
        /// A measure that can be loaded as a series.
        case value
        /// A lower or upper bound of a value column (may be zero): an extra column only.
        case bound
        /// A 0/1 flag defining a named sample: an extra column only.
        case flag
    }

    public struct Column: Codable, Sendable, Equatable {
        public let name: String
        public let role: Role
        /// For value and bound columns.
        public let measure: Measure?
        public let unit: String
        public let description: String
    }

    /// A named subset of the rows: those whose flag `column` is 1.
    public struct Sample: Codable, Sendable, Equatable {
        public let name: String
        public let column: String
        public let description: String
    }

    /// How the file was made and checked.
    public struct Transcription: Codable, Sendable, Equatable {
        public let transcribedFrom: String
        public let crossCheckedAgainst: String
    }

    /// The lower and upper bound columns of a published uncertainty band, and the central series
    /// they surround (nil when the source publishes only the bounds, as the Census Bureau's summary).
    public struct Band: Codable, Sendable, Equatable {
        public let lower: String
        public let upper: String
        public let central: String?

        public var columns: BandColumns { BandColumns(lower: lower, upper: upper) }
    }

    /// The name used on the command line, e.g. "kremer-1993".
    public let name: String
    public let title: String
    /// The original publication, to cite.
    public let citation: String
    public let table: String
    public let measures: [Measure]
    public let columns: [Column]
    /// The value column loaded when none is named; nil for a dataset of bounds alone, whose default
    /// series is the band's geometric midpoint (`BandChoice.midpoint`).
    public let defaultColumn: String?
    /// How years are coded (BCE negative, 1 CE = 1) and any recoding of the source's years.
    public let yearCoding: String
    public let licence: String
    public let caveats: [String]
    public let samples: [Sample]
    public let provenance: Transcription
    /// The dataset's uncertainty band, if it publishes one.
    public let band: Band?

    /// The columns that can be loaded as a series.
    public var valueColumns: [String] { columns.filter { $0.role == .value }.map(\.name) }
}

/// A curated dataset: its CSV text and metadata, embedded in the binary so that it loads from any
/// directory. The same texts are the files `datasets/<name>.csv` and `.json` (a test checks this).
public struct Dataset: Sendable {
    public let metadata: DatasetMetadata
    /// The CSV file's text.
    public let csv: String
    /// The JSON metadata file's text.
    public let metadataJSON: String

    public var name: String { metadata.name }

    init(name: String, csv: String, json: String) throws(SeriesError) {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            metadata = try decoder.decode(DatasetMetadata.self, from: Data(json.utf8))
        } catch {
            throw .corruptMetadata(dataset: name, detail: "\(error)")
        }
        guard metadata.name == name else {
            throw .corruptMetadata(dataset: name, detail: "the metadata names it '\(metadata.name)'")
        }
        self.csv = csv
        self.metadataJSON = json
    }

    /// Loads one value column as a series, optionally restricted to a named sample, or one curve of
    /// the dataset's uncertainty band.
    ///
    /// The other non-year columns come along as extra columns. Rows whose value is missing are skipped
    /// with a warning (Maddison's 1920 GDP, Roodman's 1900 and 1920 GWP). A sample keeps the rows whose
    /// flag is 1; a row outside the sample is dropped silently, since that is what was asked for. The
    /// warnings cover the whole file, including skipped rows that lie outside the sample. A series
    /// loaded from a dataset with a band carries it (`Series.band`); see `BandLoader` for the rules.
    /// - Parameters:
    ///   - column: a value column (`metadata.valueColumns`); nil loads `metadata.defaultColumn`.
    ///   - sample: a sample name from `metadata.samples`; nil keeps every row.
    ///   - bound: a curve of the band instead of the central series; nil loads the central series,
    ///     or the midpoint when the dataset has no central series.
    public func load(column named: String? = nil, sample: String? = nil, bound: BandChoice? = nil) throws(SeriesError) -> LoadedSeries {
        // What is read: a value column (its band along if it is the band's central series) or a
        // curve of the band (a bound asked for, or the midpoint of a dataset without a central series).
        let column: String?, choice: BandChoice?
        switch (bound, named ?? metadata.defaultColumn) {
        case let (nil, named?): (column, choice) = (named, nil)
        case (nil, nil): (column, choice) = (nil, .midpoint)
        case let (asked?, _): (column, choice) = (nil, asked)
        }
        let band = metadata.band
        if choice != nil, band == nil { throw .noBand(dataset: name) }
        let chosen: DatasetMetadata.Column
        if let column {
            guard let found = metadata.columns.first(where: { $0.name == column && $0.role == .value }) else {
                throw .unknownColumn(dataset: name, column: column, available: metadata.valueColumns)
            }
            chosen = found
        } else {
            guard let upper = metadata.columns.first(where: { $0.name == band?.upper }) else {
                throw .corruptMetadata(dataset: name, detail: "the band names no column '\(band?.upper ?? "")'")
            }
            chosen = upper
        }
        let flag: String?
        if let sample {
            guard let defined = metadata.samples.first(where: { $0.name == sample }) else {
                throw .unknownSample(dataset: name, sample: sample, available: metadata.samples.map(\.name))
            }
            flag = defined.column
        } else {
            flag = nil
        }
        let spec = SeriesSpec(
            valueColumn: chosen.name,
            extraColumns: metadata.columns.filter { $0.role != .year && $0.name != chosen.name }.map(\.name),
            name: "\(name):" + (column ?? band.map { BandLoader.curveName(choice ?? .midpoint, of: $0.columns) } ?? "")
                + (sample.map { "[\($0)]" } ?? ""),
            measure: chosen.measure ?? .other, unit: chosen.unit,
            provenance: Provenance(
                publication: metadata.citation, table: metadata.table, licence: metadata.licence,
                caveats: metadata.caveats))
        let source = "datasets/\(name).csv"
        let loaded: LoadedSeries
        if let band, choice != nil || column == band.central {
            loaded = try BandLoader.load(
                table: CSVTable(text: csv, source: source), band: band.columns, central: band.central, choice: choice,
                spec: spec)
        } else {
            loaded = try SeriesLoader.load(text: csv, source: source, spec: spec)
        }
        guard let flag else { return loaded }
        guard let flags = loaded.series.extraColumns[flag] else {
            throw .corruptMetadata(dataset: name, detail: "sample '\(sample ?? "")' names no column '\(flag)'")
        }
        return LoadedSeries(series: loaded.series.subset { flags[$0] == 1 }, warnings: loaded.warnings)
    }
}
