import Fitting
import Foundation

/// The parameters of Roodman's (2020) stochastic hyperbolic growth model
///
///     dY = (s Y^(1+B) + d Y) dt + σ Y^(1+B/2) dW,
///
/// whose expected growth rate is s Y^B + d (B = 0: exponential growth; B > 0: superexponential).
///
/// **The Feller diffusion of X = Y^(-B)** (B ≠ 0). With f(Y) = Y^(-B), f' = -B Y^(-B-1) and
/// f'' = B(B+1) Y^(-B-2), Itô's formula dX = f' dY + ½ f'' (dY)² gives
///
///     dX = [-B s - B d Y^(-B) + ½ B(B+1) σ²] dt - B σ Y^(-B/2) dW
///        = (α - β X) dt + γ √X dW,
///     α = B (½(B+1)σ² - s),   β = B d,   γ = -B σ   (only γ² = B²σ² matters: W and -W agree in law).
///
/// For B > 0, X → 0 means Y → ∞: the absorbing boundary X = 0 is take-off in finite time, reachable
/// when the squared-Bessel index ν = 2α/γ² - 1 = 1/B - 2s/(Bσ²) is negative, i.e. s > σ²/2. For
/// B < 0, X = Y^|B| and X → 0 means collapse Y → 0; Y never explodes. The density of Y follows from
/// X's by the change of variable |dX/dY| = |B| Y^(-B-1).
///
/// **B = 0** is the exponential limit: geometric Brownian motion dY = (s + d) Y dt + σ Y dW, with
/// ln Y_t ~ N(ln Y_0 + (s + d - σ²/2) t, σ² t). The Feller form degenerates there (γ = 0,
/// |ν| → ∞ like 1/B), so B = 0 exactly uses the lognormal law, its B-derivative by a central
/// difference of the Feller form at B = ±10⁻⁵. Near zero (|B| ≳ 10⁻⁶) the Feller form itself is
/// accurate: its Bessel orders are large and use the uniform asymptotic expansion.
public struct StochasticHyperbolicParameters: Codable, Sendable, Equatable {
    /// The growth exponent B: growth rises with Y^B.
    public var b: Double
    /// The scale s of the level-dependent growth term s Y^B (per year, in the units of Y^(-B)).
    public var s: Double
    /// The drift d, a constant growth component per year.
    public var d: Double
    /// The volatility σ > 0, in the units of s^(1/2).
    public var sigma: Double

    public init(b: Double, s: Double, d: Double, sigma: Double) {
        self.b = b
        self.s = s
        self.d = d
        self.sigma = sigma
    }

    /// The Feller diffusion of X = Y^(-B) (meaningless at B = 0).
    public var feller: FellerDiffusion {
        FellerDiffusion(alpha: b * ((b + 1) * sigma * sigma / 2 - s), beta: b * d, gammaSquared: b * b * sigma * sigma)
    }
}

/// Log-likelihood, fit and derived quantities of the stochastic hyperbolic model
/// (`StochasticHyperbolicParameters` documents the model and its Feller form).
///
/// The likelihood of a series (t_i, y_i) conditions on the first observation and multiplies exact
/// transition densities, each over its own gap (no discretisation; Roodman 2020, appendix):
///
///     ℓ = Σ_{i ≥ 1} w_i ln p(y_i | y_(i-1); t_i - t_(i-1)),
///
/// with optional per-observation weights w_i (Roodman's uncertainty weights, rescaled to mean 1 over
/// the observations that carry a term: `rescaledWeights`). The weight of the first observation is
/// never used.
public enum StochasticHyperbolicModel {
    public static let parameterNames = ["B", "s", "d", "sigma"]

    /// ln p(y₁ | y₀; t), the log density of Y_t at y₁ given Y_0 = y₀.
    public static func logTransitionDensity(
        from y0: Double, to y1: Double, over t: Double, parameters θ: StochasticHyperbolicParameters
    ) -> Double {
        logTransitionDensity(
            logY0: log(y0), logY1: log(y1), time: t, b: Dual4(θ.b), s: Dual4(θ.s), d: Dual4(θ.d),
            sigma: Dual4(θ.sigma), derivatives: false
        ).value
    }

    /// ℓ of a series at θ (see the type's documentation).
    /// - Throws: `FittingError` for unequal lengths, fewer than two observations, years not strictly
    ///   increasing, non-positive or non-finite values or weights.
    public static func logLikelihood(
        years: [Double], values: [Double], weights: [Double]? = nil, parameters θ: StochasticHyperbolicParameters
    ) throws(FittingError) -> Double {
        let data = try StochasticSeries(years: years, values: values, weights: weights, minimumCount: 2)
        return data.logLikelihood(
            b: Dual4(θ.b), s: Dual4(θ.s), d: Dual4(θ.d), sigma: Dual4(θ.sigma), derivatives: false
        ).value
    }

    /// ℓ and its gradient in (B, s, d, σ), exact except for the Bessel function's derivative in its
    /// order (see `ModifiedBessel.logScaledIWithDerivatives`).
    public static func logLikelihoodWithGradient(
        years: [Double], values: [Double], weights: [Double]? = nil, parameters θ: StochasticHyperbolicParameters
    ) throws(FittingError) -> (value: Double, gradient: [Double]) {
        let data = try StochasticSeries(years: years, values: values, weights: weights, minimumCount: 2)
        let ℓ = data.logLikelihood(
            b: .variable(θ.b, index: 0), s: .variable(θ.s, index: 1), d: .variable(θ.d, index: 2),
            sigma: .variable(θ.sigma, index: 3), derivatives: true)
        return (ℓ.value, (0..<4).map { ℓ.gradient[$0] })
    }

    /// Weights scaled so that their mean over observations 2…n (those whose densities enter ℓ) is 1,
    /// so that ℓ keeps the scale of an unweighted likelihood of n - 1 terms.
    public static func rescaledWeights(_ weights: [Double]) -> [Double] {
        let used = weights.dropFirst()
        let mean = used.reduce(0, +) / Double(max(used.count, 1))
        return weights.map { $0 / mean }
    }

    /// The transition log density as a dual number in whatever parameters the inputs are seeded in.
    static func logTransitionDensity(
        logY0: Double, logY1: Double, time t: Double, b: Dual4, s: Dual4, d: Dual4, sigma: Dual4,
        derivatives: Bool
    ) -> Dual4 {
        guard b.value != 0 else {
            return exponentialLimit(logY0: logY0, logY1: logY1, time: t, b: b, s: s, d: d, sigma: sigma)
        }
        let sigmaSquared = sigma.squared()
        let density = FellerDiffusion.logTransitionDensity(
            logX0: -logY0 * b, logX1: -logY1 * b, time: t,
            alpha: b * ((b + 1) * sigmaSquared / 2 - s), beta: b * d, gammaSquared: b.squared() * sigmaSquared,
            derivatives: derivatives)
        return density + b.magnitude().log() - logY1 * (b + 1)
    }

    /// The lognormal law of geometric Brownian motion (B = 0); ∂/∂B by a central difference of the
    /// Feller form at B = ±10⁻⁵ (where it is accurate), since the lognormal has no B in it.
    private static func exponentialLimit(
        logY0: Double, logY1: Double, time t: Double, b: Dual4, s: Dual4, d: Dual4, sigma: Dual4
    ) -> Dual4 {
        let variance = t * sigma.squared()
        let mean = (s + d - sigma.squared() / 2) * Dual4(t) + logY0
        let deviation = Dual4(logY1) - mean
        var result = -((2 * Double.pi) * variance).log() / 2 - deviation.squared() / (2 * variance) - logY1
        let h = 1e-5
        func feller(_ bValue: Double) -> Double {
            logTransitionDensity(
                logY0: logY0, logY1: logY1, time: t, b: Dual4(bValue), s: Dual4(s.value), d: Dual4(d.value),
                sigma: Dual4(sigma.value), derivatives: false
            ).value
        }
        result.gradient += (feller(h) - feller(-h)) / (2 * h) * b.gradient
        return result
    }
}

/// A validated series for the stochastic model: logs of the values, gaps, and the weights of
/// observations 2…n.
struct StochasticSeries {
    let logValues: [Double]
    let gaps: [Double]
    /// w_i for i = 1…n-1 (0-based), the terms of ℓ.
    let weights: [Double]

    init(years: [Double], values: [Double], weights: [Double]?, minimumCount: Int) throws(FittingError) {
        guard years.count == values.count else {
            throw .dimensionMismatch("\(years.count) years but \(values.count) values")
        }
        if let weights, weights.count != values.count {
            throw .dimensionMismatch("\(weights.count) weights for \(values.count) observations")
        }
        guard values.count >= minimumCount else {
            throw .tooFewObservations(observations: values.count, parameters: minimumCount - 1)
        }
        for i in values.indices {
            guard years[i].isFinite else { throw .nonFiniteData(what: "year", index: i) }
            guard values[i].isFinite else { throw .nonFiniteData(what: "value", index: i) }
            guard values[i] > 0 else { throw .invalidArgument("value \(values[i]) at observation \(i + 1) is not positive") }
            if i > 0, years[i] <= years[i - 1] {
                throw .invalidArgument("years must increase strictly: \(years[i]) at observation \(i + 1) follows \(years[i - 1])")
            }
            if let w = weights?[i] {
                guard w.isFinite else { throw .nonFiniteData(what: "weight", index: i) }
                guard w > 0 else { throw .nonPositiveWeight(index: i, value: w) }
            }
        }
        logValues = values.map { log($0) }
        gaps = zip(years, years.dropFirst()).map { $1 - $0 }
        self.weights = weights.map { Array($0.dropFirst()) } ?? [Double](repeating: 1, count: values.count - 1)
    }

    func logLikelihood(b: Dual4, s: Dual4, d: Dual4, sigma: Dual4, derivatives: Bool) -> Dual4 {
        var total = Dual4(0)
        for i in gaps.indices {
            let term = StochasticHyperbolicModel.logTransitionDensity(
                logY0: logValues[i], logY1: logValues[i + 1], time: gaps[i], b: b, s: s, d: d, sigma: sigma,
                derivatives: derivatives)
            total = total + weights[i] * term
        }
        return total
    }
}
