import Foundation

/// A closed window of years; either end may be open.
public struct YearWindow: Codable, Equatable, Sendable, CustomStringConvertible {
    public var from: Double?
    public var to: Double?

    public init(from: Double? = nil, to: Double? = nil) {
        self.from = from
        self.to = to
    }

    public func contains(_ year: Double) -> Bool {
        (from.map { year >= $0 } ?? true) && (to.map { year <= $0 } ?? true)
    }

    public var description: String {
        "\(from.map(YearText.format) ?? "start") to \(to.map(YearText.format) ?? "end")"
    }
}

/// The observations one model is fitted to: the response, the regressor and the weights, for one
/// form, one window and one weighting. Every model compared in a table is fitted to the same
/// `ModelSample`, so their likelihoods are comparable.
///
/// - Level form: one entry per observation: `years` t_i, `levels` y_i, `response` ln y_i.
/// - Growth form: one entry per interval between consecutive observations of the window:
///   `years` its start year, `endYears` its end year, `levels` the level at its start,
///   `response` its growth rate (continuous or discrete). An interval belongs to an era by its start
///   year, and only intervals with both ends inside the window are used.
public struct ModelSample: Codable, Equatable, Sendable {
    public var form: ModelForm
    /// Names the data in messages and reports, e.g. "kremer-1993:population_millions".
    public var seriesName: String
    /// Describes the sample in messages, e.g. "kremer-1993 pre-modern (before 1700)".
    public var label: String
    public var years: [Double]
    public var endYears: [Double]?
    public var levels: [Double]
    public var response: [Double]
    public var weights: [Double]?
    public var weighting: Weighting
    public var rateKind: GrowthRateKind?
    public var window: YearWindow

    public var count: Int { response.count }
    public var firstYear: Double? { years.first }
    /// The last year the sample covers (for the growth form, the end of the last interval).
    public var lastYear: Double? { endYears?.last ?? years.last }

    /// The level form of `series` within `window`.
    ///
    /// Weights for levels: `none`; `roodman` (1/(1+2 sd²) at each year); `inverseVariance`
    /// (1/σᵢ² on ln y, from the band or the spline); a column; or `gap`, which for levels means the
    /// span of time each observation stands for, half the distance to each neighbour (one-sided at the
    /// ends: the trapezoid rule), so that a level fit weights history as the growth fits weight their
    /// intervals. Gap weights in the level form give the sparse oldest observations the largest
    /// weights (10,000 BCE stands for thousands of years, 1950 for a few), the reverse of their
    /// reliability: docs/statistics.md.
    public static func level(
        _ series: Series, window: YearWindow = YearWindow(), weighting: Weighting = .none
    ) throws(AnalysisError) -> ModelSample {
        let kept = series.years.indices.filter { window.contains(series.years[$0]) }
        let years = kept.map { series.years[$0] }
        let levels = kept.map { series.values[$0] }
        let weights: [Double]?
        switch weighting {
        case .none: weights = nil
        case .gap:
            weights = years.indices.map { i in
                let left = i > 0 ? (years[i] - years[i - 1]) / 2 : 0
                let right = i + 1 < years.count ? (years[i + 1] - years[i]) / 2 : 0
                return left + right
            }
        case .roodman: weights = years.map { RoodmanUncertainty.weight(atYear: $0, coding: series.yearCoding) }
        case .inverseVariance: weights = kept.map { 1 / pow(UncertaintyBand.logSD(of: series, at: $0), 2) }
        case let .column(name): weights = try columnWeights(series, name: name, rows: kept)
        }
        return ModelSample(
            form: .level, seriesName: series.name, label: series.name, years: years, endYears: nil, levels: levels,
            response: levels.map { log($0) }, weights: weights, weighting: weighting, rateKind: nil,
            window: window)
    }

    /// The growth form of `series` within `window`: interval growth rates at their starting levels.
    public static func growth(
        _ series: Series, window: YearWindow = YearWindow(), weighting: Weighting = .gap,
        rateKind: GrowthRateKind = .continuous
    ) throws(AnalysisError) -> ModelSample {
        let kept = series.years.indices.filter { window.contains(series.years[$0]) }
        let intervals = GrowthIntervals(
            years: kept.map { series.years[$0] }, values: kept.map { series.values[$0] }, kind: rateKind)
        let weights: [Double]?
        switch weighting {
        case .none: weights = nil
        case .gap: weights = intervals.gaps
        case .roodman: weights = intervals.startYears.map { RoodmanUncertainty.weight(atYear: $0, coding: series.yearCoding) }
        case .inverseVariance:
            weights = zip(kept, kept.dropFirst()).map { i, j in
                let dt = series.years[j] - series.years[i]
                return dt * dt / (pow(UncertaintyBand.logSD(of: series, at: i), 2) + pow(UncertaintyBand.logSD(of: series, at: j), 2))
            }
        case let .column(name): weights = try columnWeights(series, name: name, rows: Array(kept.dropLast()))
        }
        return ModelSample(
            form: .growth, seriesName: series.name, label: series.name, years: intervals.startYears,
            endYears: intervals.endYears, levels: intervals.levels, response: intervals.rates, weights: weights,
            weighting: weighting, rateKind: rateKind, window: window)
    }

    /// The entries whose (start) year satisfies `keep`, relabelled.
    public func restricted(label: String, where keep: (Double) -> Bool) -> ModelSample {
        let kept = years.indices.filter { keep(years[$0]) }
        var sample = self
        sample.label = label
        sample.years = kept.map { years[$0] }
        sample.endYears = endYears.map { ends in kept.map { ends[$0] } }
        sample.levels = kept.map { levels[$0] }
        sample.response = kept.map { response[$0] }
        sample.weights = weights.map { w in kept.map { w[$0] } }
        return sample
    }

    /// The sample without entry `index` (for the jackknife).
    public func removing(_ index: Int) -> ModelSample {
        var sample = self
        sample.years.remove(at: index)
        sample.endYears?.remove(at: index)
        sample.levels.remove(at: index)
        sample.response.remove(at: index)
        sample.weights?.remove(at: index)
        return sample
    }

    private static func columnWeights(_ series: Series, name: String, rows: [Int]) throws(AnalysisError) -> [Double] {
        guard let column = series.extraColumns[name] else {
            let available = series.extraColumns.keys.sorted()
            throw .weights("no column '\(name)' in \(series.name) (weights are gap, none, roodman"
                + (available.isEmpty ? ")" : ", or one of: \(available.joined(separator: ", ")))"))
        }
        var weights: [Double] = []
        for row in rows {
            guard let w = column[row], w.isFinite, w > 0 else {
                throw .weights("column '\(name)' of \(series.name) at year \(YearText.format(series.years[row])) "
                    + "is \(column[row].map { "\($0)" } ?? "missing"); weights must be positive numbers")
            }
            weights.append(w)
        }
        return weights
    }
}

/// Years as people read them: "10000 BCE" for negative years, digits otherwise.
public enum YearText {
    public static func format(_ t: Double) -> String {
        let rounded = t.rounded()
        guard abs(t - rounded) < 1e-9, abs(rounded) < 1e15 else { return String(t) }
        let whole = Int(rounded)
        return whole < 0 ? "\(-whole) BCE" : "\(whole)"
    }
}
