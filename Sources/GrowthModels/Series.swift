import Fitting

/// What a series measures. The growth models treat every measure alike; the measure travels with
/// the series so that reports can say "population" or "GDP" and refuse to compare across them.
public enum Measure: String, Codable, Sendable, CaseIterable {
    case population
    case gdp
    case other
}

/// Where the numbers of a series come from: what a user must cite and what they should know.
public struct Provenance: Codable, Sendable, Equatable {
    /// The publication (or, for a user's file, the file) the figures come from.
    public var publication: String
    /// The table or part of the publication, where known.
    public var table: String?
    /// Licence or terms of use, where known.
    public var licence: String?
    /// What can mislead: splices, rounding, recoded years, missing figures.
    public var caveats: [String]

    public init(publication: String, table: String? = nil, licence: String? = nil, caveats: [String] = []) {
        self.publication = publication
        self.table = table
        self.licence = licence
        self.caveats = caveats
    }
}

/// A historical series: observations (year, value) with strictly increasing years and positive,
/// finite values, so that ln y and the interval growth ln(y[i+1]/y[i]) / (t[i+1] - t[i]) are defined
/// for every observation and interval.
///
/// Years follow the project's convention (see `YearParsing`): numbers as printed in the sources,
/// BCE negative, 1 CE = 1, and the gap between two observations is the difference of their years.
public struct Series: Codable, Sendable, Equatable {
    public var name: String
    public var measure: Measure
    /// The unit of `values`, in words (e.g. "millions of people").
    public var unit: String
    public private(set) var years: [Double]
    public private(set) var values: [Double]
    public var provenance: Provenance
    /// Further columns of the source, one entry per observation (nil where the cell was empty or NA):
    /// bounds, sample flags, or the other measure of a two-measure dataset.
    public private(set) var extraColumns: [String: [Double?]]
    /// The extra columns holding each observation's lower and upper bounds, when the source
    /// publishes an uncertainty band (`UncertaintyBand`); nil when it does not.
    public internal(set) var band: BandColumns?
    /// The numbering of `years` (`YearCoding`): gdpfit's unless `recoded(_:)` changed it. Not
    /// encoded (outputs name the coding where it is not gdpfit's).
    public internal(set) var yearCoding: YearCoding = .gdpfit

    /// Checks the invariants the growth models rely on.
    /// - Throws: `SeriesError.invalidSeries` naming the first offending observation (1-based).
    public init(
        name: String, measure: Measure, unit: String, years: [Double], values: [Double],
        provenance: Provenance, extraColumns: [String: [Double?]] = [:], band: BandColumns? = nil
    ) throws(SeriesError) {
        guard years.count == values.count else {
            throw .invalidSeries("\(years.count) years but \(values.count) values")
        }
        for (column, cells) in extraColumns where cells.count != years.count {
            throw .invalidSeries("extra column '\(column)' has \(cells.count) entries for \(years.count) years")
        }
        if let band, extraColumns[band.lower] == nil || extraColumns[band.upper] == nil {
            throw .invalidSeries("the band's columns '\(band.lower)' and '\(band.upper)' must be extra columns")
        }
        for i in years.indices {
            guard years[i].isFinite else { throw .invalidSeries("year \(years[i]) at observation \(i + 1) is not finite") }
            guard values[i].isFinite, values[i] > 0 else {
                throw .invalidSeries("value \(values[i]) at observation \(i + 1) is not positive and finite")
            }
            if i > 0, years[i] <= years[i - 1] {
                throw .invalidSeries(
                    "years must increase strictly: \(years[i]) at observation \(i + 1) follows \(years[i - 1])")
            }
        }
        self.name = name
        self.measure = measure
        self.unit = unit
        self.years = years
        self.values = values
        self.provenance = provenance
        self.extraColumns = extraColumns
        self.band = band
    }

    private enum CodingKeys: String, CodingKey {
        case name, measure, unit, years, values, provenance, extraColumns, band
    }

    /// Decoding goes through the checking initialiser, so a decoded series keeps the invariants.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                name: c.decode(String.self, forKey: .name), measure: c.decode(Measure.self, forKey: .measure),
                unit: c.decode(String.self, forKey: .unit), years: c.decode([Double].self, forKey: .years),
                values: c.decode([Double].self, forKey: .values),
                provenance: c.decode(Provenance.self, forKey: .provenance),
                extraColumns: c.decodeIfPresent([String: [Double?]].self, forKey: .extraColumns) ?? [:],
                band: c.decodeIfPresent(BandColumns.self, forKey: .band))
        } catch let error as SeriesError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// The number of observations.
    public var count: Int { years.count }

    /// The same observations with other values (a redrawn series), extra columns and band kept.
    /// - Throws: `SeriesError.invalidSeries` when a value is not positive and finite.
    public func replacingValues(_ newValues: [Double]) throws(SeriesError) -> Series {
        guard newValues.count == values.count else {
            throw .invalidSeries("\(newValues.count) values for \(years.count) years")
        }
        for (i, value) in newValues.enumerated() where !(value.isFinite && value > 0) {
            throw .invalidSeries("value \(value) at observation \(i + 1) is not positive and finite")
        }
        var copy = self
        copy.values = newValues
        return copy
    }

    /// A copy whose arrays have storage of their own (`Array.threadLocalCopy`), for a worker thread
    /// that reads them in its inner loop.
    func threadLocalCopy() -> Series {
        var copy = self
        copy.years = years.threadLocalCopy()
        copy.values = values.threadLocalCopy()
        copy.extraColumns = extraColumns.mapValues { $0.threadLocalCopy() }
        return copy
    }

    /// The observations whose 0-based index satisfies `include`, with their extra-column cells.
    /// A subset of a valid series is valid, so this cannot fail.
    public func subset(where include: (Int) -> Bool) -> Series {
        let kept = years.indices.filter(include)
        var copy = self
        copy.years = kept.map { years[$0] }
        copy.values = kept.map { values[$0] }
        copy.extraColumns = extraColumns.mapValues { cells in kept.map { cells[$0] } }
        return copy
    }
}
