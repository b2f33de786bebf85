import Foundation
import Fitting

/// The parametric bootstrap of exponential against hyperbolic level growth.
///
/// The exponential is not nested in the hyperbolic model but is its limit (t* → ∞ with k/t* fixed),
/// so the chi-square reference for LR = n ln(RSS_exp / RSS_hyp) is invalid (docs/statistics.md).
/// Responses are simulated from the fitted exponential, both models are refitted, and the observed
/// LR is ranked among the simulated ones (`ParametricBootstrapTest.likelihoodRatio`).
///
/// The statistic is a likelihood ratio over the hyperbolic family's closure, with one definition
/// for the observed data and every replicate (the observed RSS_hyp is computed by the very refit the
/// replicates use, not taken from the reported fit, so the two can never differ in convention):
/// - RSS_hyp is the smallest RSS over t* from t_last + 10⁻⁶ S to t_last + 10⁶ S (S the data's span;
///   `HyperbolicLevelRegression.nonlinearParameterDomain`), found exactly by variable projection,
///   ends included;
/// - then min(RSS_hyp, RSS_exp): the exponential is the limit t* → ∞ of the hyperbolic family, so
///   the supremum of its likelihood is at least the exponential's and LR ≥ 0 always. A profile
///   still falling at the far end is within 1e-6 in ln y of that limit.
///
/// The near end matters on tiny samples. As t* → t_last the hyperbolic family has a second,
/// degenerate limit: the last observation gets its own term (k ln(t* - t_last) → -∞ with k → 0)
/// and the others are fitted by a constant; its RSS keeps falling, slowly (like 1/|ln(t* - t_last)|),
/// and is never attained. An unbounded Levenberg–Marquardt search stops anywhere along that path
/// (t* - t_last from 10⁻⁸ to 10⁻³²³ years on such replicates), which would make LR* an arbitrary
/// number there. Fixing the near end at 10⁻⁶ spans makes it a defined one. The bound is reached
/// only where samples are tiny: of the 78 analyses of `gdpfit test`, the pre-modern level cells of
/// maddison-2010 (4 or 5 observations for 3 parameters).
public enum LevelBootstrap {
    /// Each hyperbolic refit is a variable-projection fit (`SeparableLeastSquares`: for fixed τ the
    /// model is a straight line in ln(t* - t), so the fit is a search over τ alone) from the grid's
    /// best τ, with the grid's spacing as its first step: about ten evaluations of the profile,
    /// against about eight full Levenberg–Marquardt iterations. A profile still falling at the far end
    /// of τ's domain is the exponential limit (status `boundary`) and counts through
    /// min(RSS_hyp, RSS_exp), as above; no iteration budget is spent running after it.
    /// Should the profile be undefined (it never has been on these models), the refit falls back to
    /// GSL's Levenberg–Marquardt with `fallbackOptions`.
    static let fallbackOptions = NonlinearLeastSquaresOptions(maxIterations: 50, polishRestarts: 1, fallbackMethods: [])

    /// The bootstrap p-value of the exponential fit against the hyperbolic family on the same sample.
    public static func exponentialAgainstHyperbolic(
        exponential: GrowthModelFit, replicates: Int, seed: UInt64, threads: Int?
    ) throws(FittingError) -> LikelihoodRatioBootstrapResult {
        let sample = exponential.sample
        let years = sample.years, weights = sample.weights
        let model = HyperbolicLevelRegression(years: years)
        // The start search's logarithms depend on the years alone: computed once for all replicates.
        let startGrid = HyperbolicStartGrid(model, weights: weights)
        let n = sample.count

        let refitExponential: RefitFactory = {
            let years = years.threadLocalCopy(), weights = weights?.threadLocalCopy()
            return { response in
                let line = StartValues.straightLine(x: years, y: response, weights: weights)
                return Refit(parameters: [line.intercept, line.slope], rss: line.rss, converged: true)
            }
        }
        let refitHyperbolic: RefitFactory = {
            let refitter = try SeparableRefitter(observations: n, parameters: 3, fallbackOptions: fallbackOptions)
            let model = model.threadLocalCopy(), startGrid = startGrid.threadLocalCopy()
            let years = years.threadLocalCopy(), weights = weights?.threadLocalCopy()
            var θ = [Double](repeating: 0, count: 3)
            return { response in
                let exponentialRSS = StartValues.straightLine(x: years, y: response, weights: weights).rss
                let start = startGrid.start(logLevels: response)
                let hyperbolicRSS = try refitter.refit(
                    model, response: response, weights: weights, start: start, initialStep: startGrid.spacing, into: &θ
                ).rss
                let rss = hyperbolicRSS.isFinite ? min(hyperbolicRSS, exponentialRSS) : exponentialRSS
                return Refit(parameters: θ, rss: rss, converged: true)
            }
        }
        let alternativeRSS: Double
        do {
            alternativeRSS = try refitHyperbolic()(sample.response).rss
        } catch let error as FittingError {
            throw error
        } catch {
            throw .invalidArgument("\(error)")
        }
        return try ParametricBootstrapTest.likelihoodRatio(
            null: BootstrapInput(fit: exponential.fit), alternativeRSS: alternativeRSS, replicates: replicates,
            seed: seed, threads: threads, refitNull: refitExponential, refitAlternative: refitHyperbolic)
    }
}
