import Fitting
import Foundation

/// How well the fitted stochastic model describes the data, from each observation's probability
/// integral transform (PIT) given the previous one, u_i = P(Y_i ≤ y_i | y_(i-1)) (Rosenblatt 1952):
/// if the model is right, the u_i are independent uniforms.
///
/// u_i comes from the Feller transition CDF (`FellerDiffusion.transitionCDF`). For B > 0,
/// Y ≤ y ⟺ X ≥ y^(-B) and X not absorbed (absorbed means Y = ∞ > y): u = P(X_t ≥ x). For B < 0,
/// Y ≤ y ⟺ X ≤ y^|B|, absorbed included (Y = 0): u = P(X_t = 0) + P(0 < X_t ≤ x). For B = 0 the
/// lognormal CDF.
///
/// Tests: Kolmogorov–Smirnov of the u_i against U(0, 1), D = sup |F_n - F|, with the asymptotic
/// p-value Q_KS((√n + 0.12 + 0.11/√n) D), Q_KS(λ) = 2 Σ_(k≥1) (-1)^(k-1) e^(-2k²λ²) (Stephens 1970,
/// JRSS B 32(1); Press et al., Numerical Recipes §14.3.3), which is close to the exact law even for
/// small n; and Ljung–Box on the normal scores z_i = Φ⁻¹(u_i), Q = n(n+2) Σ_(k=1..h) r_k²/(n-k)
/// against χ²(h) (Ljung & Box 1978), h = min(10, ⌊n/5⌋) lags, at least 1. With estimated
/// parameters both tests are somewhat conservative (the parameters were chosen to fit these data).
public struct StochasticDiagnostics: Codable, Sendable {
    /// u_i for observations 2…n.
    public var quantiles: [Double]
    public var kolmogorovSmirnov: TestResult
    public var ljungBox: TestResult
    /// How many u_i could not be computed (NaN: the transition CDF's mixture could not be summed,
    /// `FellerDiffusion.transitionCDF`). When any is missing both tests are NaN, not computed on
    /// the rest: a test on the quantiles that happened to be computable would not be the test.
    public var unresolvedQuantiles: Int

    public init(years: [Double], values: [Double], parameters θ: StochasticHyperbolicParameters) throws(FittingError) {
        let data = try StochasticSeries(years: years, values: values, weights: nil, minimumCount: 3)
        quantiles = data.gaps.indices.map { i in
            Self.quantile(
                logY0: data.logValues[i], logY1: data.logValues[i + 1], time: data.gaps[i], parameters: θ)
        }
        unresolvedQuantiles = quantiles.filter(\.isNaN).count
        kolmogorovSmirnov = Self.kolmogorovSmirnovUniform(quantiles)
        let normal = StandardNormalDistribution()
        let lags = max(1, min(10, quantiles.count / 5))
        ljungBox = Self.ljungBox(quantiles.map { normal.quantile(min(max($0, 1e-300), 1 - 1e-16)) }, lags: lags)
        if unresolvedQuantiles > 0 {
            kolmogorovSmirnov.statistic = .nan
            kolmogorovSmirnov.pValue = .nan
            ljungBox.statistic = .nan
            ljungBox.pValue = .nan
        }
    }

    /// Diagnostics of `transitions` quantiles none of which was computed: every u_i and both tests
    /// NaN, as when the mixtures could not be summed. For a report of a fit made without them
    /// (`StochasticHyperbolicModel.fit(diagnosing: false)`), so it never shows a number not computed.
    public init(notComputedFor transitions: Int) {
        quantiles = Array(repeating: .nan, count: transitions)
        unresolvedQuantiles = transitions
        kolmogorovSmirnov = TestResult(name: "Kolmogorov-Smirnov (uniform PIT)", statistic: .nan, degreesOfFreedom: [], pValue: .nan)
        let lags = max(1, min(10, transitions / 5))
        ljungBox = TestResult(name: "Ljung-Box (normal scores of PIT)", statistic: .nan, degreesOfFreedom: [lags], pValue: .nan)
    }

    /// P(Y_t ≤ y₁ | Y_0 = y₀) (see the type's documentation).
    public static func quantile(logY0: Double, logY1: Double, time t: Double, parameters θ: StochasticHyperbolicParameters)
        -> Double
    {
        if θ.b == 0 {
            let mean = logY0 + (θ.s + θ.d - θ.sigma * θ.sigma / 2) * t
            return StandardNormalDistribution().cdf((logY1 - mean) / (θ.sigma * t.squareRoot()))
        }
        let cdf = θ.feller.transitionCDF(logX0: -θ.b * logY0, logX1: -θ.b * logY1, time: t)
        return θ.b > 0 ? cdf.above : cdf.absorbed + cdf.below
    }

    /// Kolmogorov–Smirnov test of uniformity on (0, 1) with Stephens's asymptotic p-value.
    public static func kolmogorovSmirnovUniform(_ u: [Double]) -> TestResult {
        let sorted = u.sorted(), n = Double(u.count)
        var d = 0.0
        for (i, value) in sorted.enumerated() {
            d = max(d, Double(i + 1) / n - value, value - Double(i) / n)
        }
        let λ = (n.squareRoot() + 0.12 + 0.11 / n.squareRoot()) * d
        var q = 0.0, sign = 1.0
        for k in 1...100 {
            let term = exp(-2 * Double(k * k) * λ * λ)
            q += sign * term
            sign = -sign
            if term < 1e-16 { break }
        }
        return TestResult(name: "Kolmogorov-Smirnov (uniform PIT)", statistic: d, degreesOfFreedom: [],
                          pValue: min(max(2 * q, 0), 1))
    }

    /// Ljung–Box portmanteau test of serial correlation with `lags` autocorrelations.
    public static func ljungBox(_ z: [Double], lags h: Int) -> TestResult {
        let n = z.count
        let mean = z.reduce(0, +) / Double(n)
        let centred = z.map { $0 - mean }
        let denominator = centred.reduce(0) { $0 + $1 * $1 }
        var q = 0.0
        for k in 1...max(1, min(h, n - 1)) {
            var numerator = 0.0
            for i in k..<n { numerator += centred[i] * centred[i - k] }
            let r = numerator / denominator
            q += r * r / Double(n - k)
        }
        q *= Double(n) * Double(n + 2)
        return TestResult(name: "Ljung-Box (normal scores of PIT)", statistic: q, degreesOfFreedom: [h],
                          pValue: ChiSquaredDistribution(degreesOfFreedom: Double(h)).survival(q))
    }
}
