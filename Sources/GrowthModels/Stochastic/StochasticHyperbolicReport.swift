import Fitting
import Foundation

/// Everything reported about one stochastic hyperbolic fit beyond the estimates themselves: its
/// information criteria, the expected growth rate at the last observation with its delta-method
/// standard error, and the median take-off year's interval over parameter draws. The command line
/// renders it; nothing here is recomputed there.
public struct StochasticHyperbolicReport: Sendable {
    public var sample: StochasticHyperbolicSample
    public var fit: StochasticHyperbolicFit
    /// lnL, n (transitions), K = 4, AIC, AICc (nil when n - K - 1 ≤ 0) and BIC of the likelihood of
    /// transition densities (`InformationCriteria(logLikelihood:n:parameters:)`): comparable only
    /// with other models of the same transitions, never with the least-squares models.
    public var criteria: InformationCriteria
    /// E[dY/Y]/dt at the last observation, s y^B + d (per year).
    public var growthRateAtEnd: Double
    /// Its delta-method standard error; nil when the covariance is not available.
    public var growthRateAtEndStandardError: Double?
    /// The median take-off year's percentile interval over parameter draws; nil when the observed
    /// information is not positive definite (`StochasticHyperbolicModel.medianTakeoffYearInterval`).
    public var medianTakeoffYearInterval: MedianTakeoffYearInterval?

    /// - Parameters:
    ///   - level: the confidence level of the interval over parameter draws.
    ///   - draws, seed: its parameter draws.
    public init(sample: StochasticHyperbolicSample, fit: StochasticHyperbolicFit, level: Double, draws: Int, seed: UInt64) {
        self.sample = sample
        self.fit = fit
        criteria = fit.estimates.criteria
        let growth = StochasticHyperbolicModel.growthRate(at: fit.lastValue, parameters: fit.parameters)
        growthRateAtEnd = growth.value
        growthRateAtEndStandardError = try? DeltaMethod.standardError(
            gradient: growth.gradient, covariance: fit.estimates.covariance)
        medianTakeoffYearInterval = StochasticHyperbolicModel.medianTakeoffYearInterval(
            fit, level: level, draws: draws, seed: seed)
    }
}

extension StochasticHyperbolicModel {
    /// The name of the model on the command line and in reports.
    public static let name = "stochastic-hyperbolic"

    /// The expected growth rate s y^B + d at level y, with its gradient in (B, s, d, σ):
    /// (s ln y · y^B, y^B, 1, 0), y^B formed as exp(B ln y).
    public static func growthRate(at level: Double, parameters θ: StochasticHyperbolicParameters)
        -> (value: Double, gradient: [Double])
    {
        let lnY = log(level), power = exp(θ.b * lnY)
        return (θ.s * power + θ.d, [θ.s * lnY * power, power, 1, 0])
    }
}

/// The stochastic model fitted in one era of a level-form comparison, or why it is not.
public struct StochasticEraFit: Sendable {
    public enum Outcome: Sendable {
        case fitted(StochasticHyperbolicSample, StochasticHyperbolicFit)
        /// The era has no level fit whose observations the model could take.
        case noLevelSample
        case failed(AnalysisError)
    }

    /// The comparison's era.
    public var era: Era
    public var outcome: Outcome
    /// `gap` weights were asked for: the fit is unweighted, since they do not apply to transition
    /// densities (only set on a fitted era).
    public var gapWeightsNotApplied: Bool

    public var fit: StochasticHyperbolicFit? {
        if case let .fitted(_, fit) = outcome { return fit }
        return nil
    }
}

extension StochasticHyperbolicModel {
    /// The model fitted to the level observations of each era's comparison (the same observations
    /// as the least-squares level models), weighted by `roodman` or a column; with `gap` or `none`,
    /// unweighted. A failure is an outcome, not an error, as for the other models.
    public static func eraFits(_ comparisons: [FormComparison], weighting: Weighting) -> [StochasticEraFit] {
        comparisons.map { comparison in
            var row = StochasticEraFit(
                era: comparison.era, outcome: .noLevelSample, gapWeightsNotApplied: false)
            guard let sample = comparison.fits.first?.sample else { return row }
            do throws(AnalysisError) {
                let data = try StochasticHyperbolicSample(sample, weighting: weighting == .gap ? .none : weighting)
                row.outcome = .fitted(data, try data.fit())
                row.gapWeightsNotApplied = weighting == .gap
            } catch {
                row.outcome = .failed(error)
            }
            return row
        }
    }
}

extension StochasticHyperbolicModel {
    /// The model on a series' level observations over a window, unweighted (the hypothesis test's
    /// gap weights do not apply to transition densities): the test's row per dataset. A failure is
    /// a value, not an error, as in `eraFits`.
    public static func windowFit(_ series: Series, window: YearWindow)
        -> Result<(StochasticHyperbolicSample, StochasticHyperbolicFit), AnalysisError>
    {
        do throws(AnalysisError) {
            let data = try StochasticHyperbolicSample(ModelSample.level(series, window: window), weighting: .none)
            return .success((data, try data.fit()))
        } catch {
            return .failure(error)
        }
    }
}
