import Foundation
import Fitting

/// A continuous piecewise-exponential path: ln y = a + r t + Σ_j c_j (t - b_j)₊ with m break years
/// b_j found exactly (`ContinuousPiecewiseLinear`), so the level is continuous at each break and a
/// break costs its year and its change of rate, not a new level too (as in `GrowthModePath`).
public struct ContinuousGrowthPath: Codable, Equatable, Sendable {
    public var breakCount: Int
    /// The break years, increasing (anywhere between observations, not only at them).
    public var breakYears: [Double]
    /// Continuous growth rate per year in each of the m + 1 phases: r, r + c₁, ...
    public var phaseGrowthRates: [Double]
    /// ln y at year 0 of the calendar on the first phase's line (a; not a level anyone observed).
    public var intercept: Double
    /// Observations in each phase.
    public var segmentObservations: [Int]
    public var rss: Double
    /// K = 2m + 3: the intercept, m + 1 rates, m break years and the error variance.
    public var criteria: InformationCriteria
    /// Zhang & Siegmund's (2007) modified BIC (`ModifiedBIC`): BIC + m ln n + Σ ln(n_i/n).
    public var modifiedBIC: Double
}

/// The best continuous path for each number of breaks, and the number chosen by the modified BIC.
public struct ContinuousGrowthPaths: Codable, Equatable, Sendable {
    /// The best path for each break count tried (0 to the cap; a count whose segments do not fit in
    /// the sample is missing).
    public var paths: [ContinuousGrowthPath]
    /// The break count with the smallest modified BIC.
    public var bestBreakCount: Int
    /// The break count the modified BIC chooses with at most c breaks, for c = 0 to the cap: how the
    /// choice moves with the cap.
    public var bestBreakCountByCap: [Int]
    public var minimumSegmentLength: Int
    /// The first and last observation years: the ends of the first and last phases.
    public var firstYear: Double
    public var lastYear: Double
    public var best: ContinuousGrowthPath { paths.first { $0.breakCount == bestBreakCount } ?? paths[0] }

    /// The path the modified BIC chooses when at most `cap` breaks are allowed.
    public func best(withAtMost cap: Int) -> ContinuousGrowthPath? {
        paths.filter { $0.breakCount <= cap && !$0.modifiedBIC.isNaN }.min { $0.modifiedBIC < $1.modifiedBIC }
    }
}

public enum ContinuousGrowthPathSearch {
    /// The most observations searched: the exact search's bounds keep it near the cost of
    /// `GrowthModeSearch` (O(m n²)) on historical series, but it has no worst-case guarantee below
    /// `ContinuousPiecewiseLinear.maximumSubproblems` solves.
    public static let maximumObservations = 2_000

    /// - Parameters: `years` strictly increasing; `logLevels` ln y; `weights` positive or nil.
    public static func search(
        years: [Double], logLevels: [Double], weights: [Double]? = nil, maxBreaks: Int = 3, minimumSegmentLength: Int = 3
    ) throws(FittingError) -> ContinuousGrowthPaths {
        let n = years.count
        guard (0...10).contains(maxBreaks) else {
            throw .invalidArgument("the number of breaks must be between 0 and 10, not \(maxBreaks)")
        }
        guard n <= maximumObservations else { throw .invalidArgument(tooManyObservations(n)) }
        let sumLogWeights = weights.map { $0.reduce(0) { $0 + log($1) } } ?? 0
        var paths: [ContinuousGrowthPath] = []
        for m in 0...maxBreaks where n >= (m + 1) * minimumSegmentLength && n > 2 * m + 3 {
            let fit = try ContinuousPiecewiseLinear.fit(
                x: years, y: logLevels, weights: weights, knots: m, minimumSegmentLength: minimumSegmentLength)
            let criteria = InformationCriteria(rss: fit.rss, n: n, meanParameters: 2 * m + 2, sumLogWeights: sumLogWeights)
            var rates = [fit.slope]
            for change in fit.slopeChanges { rates.append(rates[rates.count - 1] + change) }
            paths.append(ContinuousGrowthPath(
                breakCount: m, breakYears: fit.knots, phaseGrowthRates: rates, intercept: fit.intercept,
                segmentObservations: fit.segmentObservations, rss: fit.rss, criteria: criteria,
                modifiedBIC: try ModifiedBIC.value(criteria, changePoints: m, segmentObservations: fit.segmentObservations)))
        }
        guard let best = paths.filter({ !$0.modifiedBIC.isNaN }).min(by: { $0.modifiedBIC < $1.modifiedBIC }) else {
            throw .tooFewObservations(observations: n, parameters: minimumSegmentLength)
        }
        var result = ContinuousGrowthPaths(
            paths: paths, bestBreakCount: best.breakCount, bestBreakCountByCap: [], minimumSegmentLength: minimumSegmentLength,
            firstYear: years[0], lastYear: years[n - 1])
        result.bestBreakCountByCap = (0...maxBreaks).compactMap { result.best(withAtMost: $0)?.breakCount }
        return result
    }

    /// The refusal of a sample above `maximumObservations`.
    static func tooManyObservations(_ n: Int) -> String {
        "continuous growth paths are searched on at most \(maximumObservations) observations, and this sample has \(n): "
            + "narrow the window (or use --discontinuous, which takes up to \(GrowthModeSearch.maximumObservations))"
    }

    /// The continuous paths of a level-form sample (ln y over years, with its weights).
    public static func search(_ sample: ModelSample, maxBreaks: Int = 3) throws(AnalysisError) -> ContinuousGrowthPaths {
        guard sample.form == .level else { throw .invalidRequest("growth paths are found in the level form") }
        guard sample.count <= maximumObservations else { throw .invalidRequest(tooManyObservations(sample.count)) }
        do {
            return try search(years: sample.years, logLevels: sample.response, weights: sample.weights, maxBreaks: maxBreaks)
        } catch {
            throw .fitting(context: "continuous growth paths of \(sample.label)", error: error)
        }
    }
}
