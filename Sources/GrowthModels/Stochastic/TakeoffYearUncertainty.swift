import Fitting
import Foundation

/// An interval for the median take-off year that includes parameter uncertainty, and how it was
/// made (see `StochasticHyperbolicModel.medianTakeoffYearInterval`).
public struct MedianTakeoffYearInterval: Codable, Sendable, Equatable {
    /// The confidence level, e.g. 0.95.
    public var level: Double
    /// The lower and upper percentile points of the median take-off year over the draws; nil stands
    /// for "never": at that point of the distribution take-off is less likely than 1/2 ever to happen.
    public var lower: Double?
    public var upper: Double?
    /// Parameter draws used.
    public var draws: Int
    /// Draws under which take-off is less likely than 1/2 ever to happen (B ≤ 0, zero unreachable, or
    /// a probability of never taking off of 1/2 or more): their median take-off year is +∞.
    public var drawsNeverReachingMedian: Int
    public var seed: UInt64
}

extension StochasticHyperbolicModel {
    /// The median take-off year with parameter uncertainty, by drawing the parameters from the
    /// estimates' normal approximation, θ ~ N(θ̂, I(θ̂)⁻¹) (the observed information's inverse, the
    /// same covariance as the standard errors), and taking percentile points of the median take-off
    /// year from the last observation under each draw (its closed form, `takeoffDistribution`).
    ///
    /// This is the "approximate Bayesian" or simulation method of King, Tomz & Wittenberg (2000,
    /// AJPS 44(2)): cheap (no refits), and as good as the normal approximation of θ̂, which the
    /// simulation study of the estimator supports for these parameters (coverage near 95%). It
    /// carries the estimation error of θ into a quantity far from normal: the median take-off year
    /// is strongly skewed and may be infinite (a draw with B ≤ 0 or zero unreachable), so the
    /// interval is a percentile interval with "never" as a possible end, not estimate ± 2 SE. It is
    /// not a parametric bootstrap (which would refit simulated series). A draw with σ < 0 is used
    /// as is: the model depends on σ only through σ².
    ///
    /// Draw k uses its own stream `Xoshiro256StarStar(seed: seed, stream: k)`: reproducible, and
    /// the same draws whatever their number.
    ///
    /// - Returns: nil when the covariance is not available (the information matrix was not
    ///   positive definite) or `draws` < 2.
    public static func medianTakeoffYearInterval(
        _ fit: StochasticHyperbolicFit, level: Double = 0.95, draws: Int = 2000, seed: UInt64 = 1
    ) -> MedianTakeoffYearInterval? {
        guard draws >= 2, level > 0, level < 1, let factor = fit.estimates.covariance.choleskyFactor() else { return nil }
        let estimate = fit.estimates.parameters, p = estimate.count
        var medians: [Double] = []
        medians.reserveCapacity(draws)
        for k in 0..<draws {
            var generator = Xoshiro256StarStar(seed: seed, stream: UInt64(k))
            var normal = StandardNormalSampler()
            let z = (0..<p).map { _ in normal.next(using: &generator) }
            let θ = (0..<p).map { i in estimate[i] + (0...i).reduce(0) { $0 + factor[i, $1] * z[$1] } }
            let parameters = StochasticHyperbolicParameters(b: θ[0], s: θ[1], d: θ[2], sigma: θ[3])
            let takeoff = takeoffDistribution(from: fit.lastYear, value: fit.lastValue, parameters: parameters)
            medians.append(takeoff.medianYear ?? .infinity)
        }
        medians.sort()
        let tail = (1 - level) / 2
        func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
        return MedianTakeoffYearInterval(
            level: level, lower: finite(typeSevenQuantile(sorted: medians, tail)),
            upper: finite(typeSevenQuantile(sorted: medians, 1 - tail)), draws: draws,
            drawsNeverReachingMedian: medians.filter(\.isInfinite).count, seed: seed)
    }
}
