/// How the calendar's years are numbered on the time axis the models are fitted on.
///
/// gdpfit numbers years as the sources print them: n BCE is −n, 1 CE is 1, and there is no year 0
/// (`YearParsing`). Roodman (2020)'s Stata do-file places the observation dated 1 CE at year 0,
/// and the knot of his standard-deviation spline (`RoodmanUncertainty`) with it; every other year
/// is the same in both codings. The difference moves the fitted numbers in their fourth or fifth
/// digit (his stochastic model's main specification: ln L −230.8956 in gdpfit's coding against his
/// archived −230.8912), so `.roodman` exists to reproduce his output exactly.
public enum YearCoding: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// 1 CE = 1, n BCE = −n (no year 0).
    case gdpfit
    /// Roodman (2020)'s: 1 CE = 0, other years as in `gdpfit`.
    case roodman

    /// The coded year of 1 CE, where the spline's second knot sits.
    public var firstYearCE: Double {
        switch self {
        case .gdpfit: 1
        case .roodman: 0
        }
    }

    public var description: String { rawValue }
}

extension Series {
    /// The same observations on the time axis of `coding` (this series must be in gdpfit's coding,
    /// as every loader gives it): under `.roodman` the observation at year 1 moves to year 0. The
    /// name gains "[roodman years]", so that every output says which axis its numbers are on.
    ///
    /// - Throws: `SeriesError.invalidSeries` when a year lies strictly between −1 and 1 (a year 0
    ///   or a fraction of the first year CE), which gdpfit's coding does not have and the recoding
    ///   could not place.
    public func recoded(_ coding: YearCoding) throws(SeriesError) -> Series {
        guard coding != yearCoding else { return self }
        guard yearCoding == .gdpfit else {
            throw .invalidSeries("\(name) is already in \(yearCoding)'s year coding")
        }
        if let year = years.first(where: { $0 > -1 && $0 < 1 }) {
            throw .invalidSeries("\(name) has a year \(year) between 1 BCE and 1 CE, which the \(coding) year coding cannot place")
        }
        var copy = try Series(
            name: "\(name) [\(coding) years]", measure: measure, unit: unit, years: years.map { $0 == 1 ? coding.firstYearCE : $0 }, values: values,
            provenance: provenance, extraColumns: extraColumns, band: band)
        copy.yearCoding = coding
        return copy
    }
}
