import Fitting
import Foundation

/// The quantiles of a fan chart of the stochastic hyperbolic model: from the last observation
/// forward, at `steps` evenly spaced years up to `horizon` after it, the type-7 quantiles across
/// exactly simulated paths under the estimate (path k seeded by stream k of `seed`, as
/// `StochasticHyperbolicModel.simulatePaths`). This is the model's own randomness at the estimate,
/// not parameter uncertainty.
///
/// A path that takes off (Y reaches infinity) stays infinite, so an upper quantile becomes +∞ once
/// more than that share of paths has taken off; the renderer decides how to draw it.
///
/// Memory: the paths are advanced one year at a time and only their current states and one year's
/// values are held, so memory grows with `paths`, not with `paths × steps`.
public struct FanChartQuantiles: Sendable {
    /// The most paths a fan chart simulates: 100,000 paths × 100 steps is 10⁷ exact draws, a few
    /// seconds on one core by the benchmark's measure (workload 7: 1,000 paths of roodman-2020 take
    /// 22 ms of CPU), and some 10 MB of path states.
    public static let maximumPaths = 100_000
    /// Simulation times: the last observation and `steps` evenly spaced years up to the horizon.
    public static let steps = 100

    /// The last observation's year, then the simulated years.
    public var years: [Double]
    /// The probabilities whose quantiles are held, as asked.
    public var probabilities: [Double]
    /// quantiles[i][j]: the `probabilities[i]` quantile of Y at `years[j]` (+∞ where that share of
    /// paths has taken off).
    public var quantiles: [[Double]]
    public var paths: Int
    public var seed: UInt64
    /// Paths that have taken off (Y = +∞) by the last simulated year.
    public var takenOff: Int

    /// - Parameters:
    ///   - probabilities: the quantiles wanted, each in [0, 1].
    ///   - paths: 1…`maximumPaths`.
    ///   - horizon: years simulated after the last observation (finite, positive).
    ///   - progress: called after each simulated year with (years done, `steps`), from the calling thread.
    /// - Throws: `AnalysisError.invalidRequest` for a count or horizon outside those ranges;
    ///   `AnalysisError.fitting` when a draw is not a number (the transition's mixture could not be
    ///   summed or a gamma draw failed: `FellerDiffusion.sampleLog`), rather than quantiles of NaN.
    public init(
        _ fit: StochasticHyperbolicFit, probabilities: [Double], paths: Int, horizon: Double, seed: UInt64,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws(AnalysisError) {
        guard (1...Self.maximumPaths).contains(paths) else {
            throw .invalidRequest("a fan chart simulates 1 to \(Self.maximumPaths) paths, not \(paths)")
        }
        guard horizon > 0, horizon.isFinite else {
            throw .invalidRequest("a fan chart's horizon must be a positive number of years, not \(horizon)")
        }
        let last = fit.lastYear
        let future = (1...Self.steps).map { last + horizon * Double($0) / Double(Self.steps) }
        years = [last] + future
        self.probabilities = probabilities
        self.paths = paths
        self.seed = seed
        var states = (0..<paths).map {
            SimulatedPath(from: last, value: fit.lastValue, parameters: fit.parameters, seed: seed, stream: UInt64($0))
        }
        // At the last observation every path is at its value: each quantile is that value.
        quantiles = probabilities.map { _ in [fit.lastValue] }
        var sorted: [Double] = []
        for (step, t) in future.enumerated() {
            sorted = states.indices.map { states[$0].advance(to: t) }
            let failed = sorted.filter(\.isNaN).count
            guard failed == 0 else {
                throw .fitting(context: "fan chart simulation", error: .invalidArgument(
                    "\(failed) of \(paths) simulated paths are not a number at year \(t): the exact transition could not be drawn"))
            }
            sorted.sort()
            for i in probabilities.indices { quantiles[i].append(typeSevenQuantile(sorted: sorted, probabilities[i])) }
            progress(step + 1, Self.steps)
        }
        takenOff = sorted.filter(\.isInfinite).count
    }

    /// The quantile of `probability` at each year; nil when it was not asked for.
    public func quantile(_ probability: Double) -> [Double]? {
        probabilities.firstIndex(of: probability).map { quantiles[$0] }
    }

    /// Years to simulate when not given: up to 10% beyond the take-off year's 97.5% point at the
    /// estimate (past it the fan has left the chart), at most 100 and at least 10; 100 when
    /// take-off is unlikely.
    public static func defaultHorizon(_ fit: StochasticHyperbolicFit) -> Double {
        guard let upper = fit.takeoff.upperYear else { return 100 }
        return min(100, max(((upper - fit.lastYear) * 1.1).rounded(.up), 10))
    }
}
