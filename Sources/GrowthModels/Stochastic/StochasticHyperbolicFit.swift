import Fitting
import Foundation

/// The distribution of the take-off time (Y reaching infinity, X = Y^(-B) reaching 0) seen from
/// the last observation, under the fitted parameters: the closed form of
/// `FellerDiffusion.absorptionTimeQuantile`. This is the model's own randomness at the estimate,
/// not parameter uncertainty.
public struct TakeoffDistribution: Codable, Sendable, Equatable {
    /// P(no take-off ever). 1 when B ≤ 0 (Y cannot explode) or when zero is unreachable (ν ≥ 0).
    public var probabilityNeverTakingOff: Double
    /// The year by which take-off has happened with probability 1/2; nil when it is less likely
    /// than that ever to happen.
    public var medianYear: Double?
    /// The 2.5% and 97.5% points of the take-off year (nil where not reached with that probability).
    public var lowerYear: Double?
    public var upperYear: Double?
}

/// A fitted stochastic hyperbolic model: estimates with standard errors (B, s, d, σ; σ by the
/// delta method from ln σ), the data's last point, the take-off distribution, the diagnostics (when
/// asked for) and B's profile-likelihood interval.
public struct StochasticHyperbolicFit: Codable, Sendable {
    public var estimates: MaximumLikelihoodResult
    public var parameters: StochasticHyperbolicParameters
    /// The level every value was divided by while fitting (the geometric mean of the values).
    public var referenceLevel: Double
    public var lastYear: Double
    public var lastValue: Double
    public var takeoff: TakeoffDistribution
    /// Each transition's PIT with the Kolmogorov–Smirnov and Ljung–Box tests; nil when not asked
    /// for (`fit(diagnosing: false)`): the fan chart and the forecasts never show them, and on a
    /// near-noiseless series (transitions with λ in the millions) they cost more than the fit.
    public var diagnostics: StochasticDiagnostics?
    /// The 95% profile-likelihood interval of B: {B : 2(ℓ̂ - ℓ_p(B)) ≤ χ²₁(0.95) = 3.841}, ℓ_p(B)
    /// the log-likelihood maximised over s, d and σ with B fixed. Unlike the Wald interval
    /// B̂ ± 1.96 SE it does not assume ℓ quadratic in B; in docs/stochastic-model.md's simulation study
    /// ("Estimator check", 40 observations) it covered B in 89% of fits, the Wald interval in 88%:
    /// both fall short of 95% by about the same. Ends located to
    /// 10⁻⁶ standard errors. nil when not asked for (`fit(profilingB: false)`), when the fit did
    /// not converge or when B has no finite standard error
    /// (the search steps in standard errors); an end is nil, with `lowerOpenReason` or
    /// `upperOpenReason`, when the deviance stays below 3.841 for 40 standard errors or the
    /// refits with B fixed fail there.
    public var profileIntervalB: ProfileLikelihoodInterval?
}

extension StochasticHyperbolicModel {
    /// Maximum-likelihood fit of the stochastic hyperbolic model (see the type's documentation).
    ///
    /// **Scaling.** The optimiser works on Ỹ = Y/c, c the geometric mean of the values, with
    /// φ = (B, s̃/r, d/r, ln σ̃): s̃ = s c^B, σ̃ = σ c^(B/2) (substituting Y = cỸ in the SDE), so
    /// X̃ = Ỹ^(-B) stays near 1 whatever the units, r = max(|s̃₀|, |d₀|) from the start values puts
    /// the two growth rates on the scale of B (BFGS stalled for 1000 iterations on roodman-2020
    /// without it), and ln σ̃ keeps σ > 0. ℓ in Y differs from ℓ in Ỹ by the constant -Σ w_i ln c.
    /// Estimates are reported as (B, s, d, σ) with covariance J Σ Jᵀ: ∂s/∂B = -s ln c,
    /// ∂s/∂φ₁ = r c^(-B), ∂d/∂φ₂ = r, ∂σ/∂B = -σ ln c / 2, ∂σ/∂φ₃ = σ.
    ///
    /// **Start.** B, s and d from the power-growth-with-drift law g = s y^B + d fitted to the discrete
    /// interval growth rates (Roodman's NLS form) by `StartValues.powerGrowth` (a grid in B with
    /// s, d by weighted least squares, gap weights); σ̃² from the residuals, since Var g_i ≈
    /// σ² y_i^B / Δt_i under the model; B nudged to ±0.05 if it starts within 0.05 of 0, where
    /// the Feller form degenerates.
    ///
    /// **Profile of B.** B is φ₀ itself, so B's profile is traced on the optimiser's own φ: ℓ
    /// maximised over (φ₁, φ₂, φ₃) with B fixed equals ℓ maximised over (s, d, σ), a profile being
    /// invariant to reparametrising the other parameters (`ProfileLikelihood.interval`).
    ///
    /// - Parameters:
    ///   - weights: one per observation (the first is unused), e.g. `rescaledWeights` of Roodman's.
    ///   - profilingB: whether to trace B's profile (`profileIntervalB`; nil without it). It costs
    ///     some twenty refits with B fixed, so callers that never report it skip it.
    ///   - diagnosing: whether to compute `diagnostics` (nil without it): one transition CDF per
    ///     observation, each a Poisson mixture of incomplete gamma functions summed over some 18√λ
    ///     terms, so callers that never show them skip them.
    /// - Throws: `FittingError` for invalid data (fewer than 6 observations: 5 transitions for 4
    ///   parameters) or when the likelihood is undefined at the start.
    public static func fit(
        years: [Double], values: [Double], weights: [Double]? = nil, profilingB: Bool = true, diagnosing: Bool = true
    ) throws(FittingError)
        -> StochasticHyperbolicFit
    {
        _ = try StochasticSeries(years: years, values: values, weights: weights, minimumCount: 6)
        let logC = values.map { log($0) }.reduce(0, +) / Double(values.count)
        let c = exp(logC)
        let data = try StochasticSeries(
            years: years, values: values.map { $0 / c }, weights: weights, minimumCount: 6)
        let weightTotal = data.weights.reduce(0, +)
        let start = startValues(years: years, normalisedValues: values.map { $0 / c })
        let rate = max(abs(start[1]), abs(start[2]), 1e-8)
        let objective: LogLikelihoodFunction = { φ in
            let σ̃ = exp(φ[3])
            let ℓ = data.logLikelihood(
                b: .variable(φ[0], index: 0), s: .variable(φ[1] * rate, index: 1),
                d: .variable(φ[2] * rate, index: 2), sigma: .variable(σ̃, index: 3), derivatives: true)
            let g = ℓ.gradient
            return (ℓ.value - weightTotal * logC, [g[0], g[1] * rate, g[2] * rate, g[3] * σ̃])
        }
        let internalFit = try maximizeLikelihood(
            objective, start: [start[0], start[1] / rate, start[2] / rate, start[3]],
            parameterNames: ["B", "s_scaled", "d_scaled", "log_sigma_scaled"], observations: values.count - 1,
            model: "dY = (s Y^(1+B) + d Y) dt + sigma Y^(1+B/2) dW")
        let estimates = try internalFit.reparametrised(
            names: parameterNames,
            transform: { φ in [φ[0], φ[1] * rate * exp(-φ[0] * logC), φ[2] * rate, exp(φ[3] - φ[0] * logC / 2)] },
            jacobian: { φ in
                let s = φ[1] * rate * exp(-φ[0] * logC), σ = exp(φ[3] - φ[0] * logC / 2)
                return [1, 0, 0, 0, -s * logC, rate * exp(-φ[0] * logC), 0, 0, 0, 0, rate, 0, -σ * logC / 2, 0, 0, σ]
            })
        let profileIntervalB = profilingB && internalFit.converged && internalFit.standardErrors[0].isFinite
            ? try? ProfileLikelihood.interval(
                logLikelihood: objective, fit: internalFit, parameter: 0, options: ProfileOptions(relativeTolerance: 1e-6))
            : nil
        let p = estimates.parameters
        let θ = StochasticHyperbolicParameters(b: p[0], s: p[1], d: p[2], sigma: p[3])
        let lastYear = years[years.count - 1], lastValue = values[values.count - 1]
        return StochasticHyperbolicFit(
            estimates: estimates, parameters: θ, referenceLevel: c, lastYear: lastYear, lastValue: lastValue,
            takeoff: takeoffDistribution(from: lastYear, value: lastValue, parameters: θ),
            diagnostics: diagnosing ? try StochasticDiagnostics(years: years, values: values, parameters: θ) : nil,
            profileIntervalB: profileIntervalB)
    }

    /// The take-off distribution from (year, value) under θ (see `TakeoffDistribution`).
    public static func takeoffDistribution(
        from year: Double, value: Double, parameters θ: StochasticHyperbolicParameters
    ) -> TakeoffDistribution {
        guard θ.b > 0 else {
            return TakeoffDistribution(probabilityNeverTakingOff: 1, medianYear: nil, lowerYear: nil, upperYear: nil)
        }
        let feller = θ.feller, logX0 = -θ.b * log(value)
        func takeoffYear(_ probability: Double) -> Double? {
            feller.absorptionTimeQuantile(probability, logX0: logX0).map { year + $0 }
        }
        return TakeoffDistribution(
            probabilityNeverTakingOff: feller.neverAbsorbedProbability(logX0: logX0),
            medianYear: takeoffYear(0.5), lowerYear: takeoffYear(0.025), upperYear: takeoffYear(0.975))
    }

    /// Exact simulated paths from (year, value) at the given later years, for a fan chart: path k
    /// uses its own stream `Xoshiro256StarStar(seed: seed, stream: k)`, so paths do not depend on
    /// how many are drawn. A path that has taken off holds +∞ from then on (for B < 0, a collapse
    /// to 0 holds 0). B = 0 draws geometric Brownian motion exactly.
    public static func simulatePaths(
        from year: Double, value: Double, parameters θ: StochasticHyperbolicParameters, years: [Double],
        count: Int, seed: UInt64
    ) -> [[Double]] {
        (0..<count).map { k in
            var path = SimulatedPath(from: year, value: value, parameters: θ, seed: seed, stream: UInt64(k))
            return years.map { path.advance(to: $0) }
        }
    }

    /// Start values φ = (B, s̃, d, ln σ̃) for the normalised values (see `fit`).
    static func startValues(years: [Double], normalisedValues values: [Double]) -> [Double] {
        let intervals = GrowthIntervals(years: years, values: values, kind: .discrete)
        let law = PowerGrowthRegression(levels: intervals.levels, drift: true)
        let start = StartValues.powerGrowth(law, growth: intervals.rates, weights: intervals.gaps)
        var b = start[1]
        if abs(b) < 0.05 { b = b < 0 ? -0.05 : 0.05 }
        let s̃ = start[0] * exp(-b * log(law.referenceLevel))
        let d = start[2]
        var sum = 0.0
        for i in 0..<intervals.count {
            let levelPower = exp(b * log(intervals.levels[i]))
            let residual = intervals.rates[i] - (s̃ * levelPower + d)
            sum += residual * residual * intervals.gaps[i] / levelPower
        }
        let σ̃ = max((sum / Double(max(intervals.count, 1))).squareRoot(), 1e-4)
        return [b, s̃, d, log(σ̃)]
    }
}

/// One exactly simulated path of the stochastic hyperbolic model, advanced year by year: its own
/// random stream (`Xoshiro256StarStar(seed:stream:)`), so that a path's values do not depend on how
/// many other paths are drawn or in what order they are advanced. `simulatePaths` draws whole paths
/// one after another; `FanChartQuantiles` advances every path one year at a time, holding only the
/// paths' current states: both give the same values.
struct SimulatedPath {
    let parameters: StochasticHyperbolicParameters
    let feller: FellerDiffusion
    var generator: Xoshiro256StarStar
    var normal = StandardNormalSampler()
    var logY: Double
    var previous: Double

    init(from year: Double, value: Double, parameters θ: StochasticHyperbolicParameters, seed: UInt64, stream: UInt64) {
        parameters = θ
        feller = θ.feller
        generator = Xoshiro256StarStar(seed: seed, stream: stream)
        logY = log(value)
        previous = year
    }

    /// Y at year t (later than the previous call's), drawn exactly given Y at the previous year;
    /// +∞ once the path has taken off (0 once it has collapsed, for B < 0).
    mutating func advance(to t: Double) -> Double {
        let θ = parameters
        let gap = t - previous
        previous = t
        if logY.isInfinite { return exp(logY) }
        if θ.b == 0 {
            let drift = (θ.s + θ.d - θ.sigma * θ.sigma / 2) * gap
            logY += drift + θ.sigma * gap.squareRoot() * normal.next(using: &generator)
        } else {
            let logX = feller.sampleLog(logX0: -θ.b * logY, time: gap, generator: &generator, normal: &normal)
            logY = -logX / θ.b
        }
        return exp(logY)
    }
}
