import Fitting
import Foundation

/// Exact simulation of the Feller transition (see `FellerDiffusion`), in a time per draw that does
/// not grow with λ = x₀/(2τ).
///
/// **The law drawn.** X_t e^(βt)/(2τ) is absorbed (X_t = 0) with probability Q(c, λ) = 1 - P(c, λ),
/// c = max(-ν, 0), and is otherwise Gamma(k + 1 + max(ν, 0), 1) with k ≥ 0 drawn with weights
/// w_k = e^(-λ) λ^(k+c)/Γ(k + c + 1). For c = 0 (ν ≥ 0: the scaled noncentral χ² law
/// X_t e^(βt)/τ ~ χ'²(δ, x₀/τ)) k is Poisson(λ), and this is the textbook Poisson mixture of gammas
/// (Johnson, Kotz & Balakrishnan 1995, Continuous Univariate Distributions 2, §29.5; Glasserman
/// 2003, Monte Carlo Methods in Financial Engineering, §3.4.1). For c > 0 (zero reachable) the
/// weights are those of the Poisson law moved onto the lattice c + {0, 1, …} and cut at c; their
/// missing mass is the absorption.
///
/// **Drawing k.** Write c = m + f, m = ⌊c⌋, 0 ≤ f < 1, and j = k + m: then w_k ∝ λ^(j+f)/Γ(j+f+1)
/// for j ≥ m, the "hyper-Poisson" weights v_j = λ^j/Γ(j + 1 + f) cut below m. For f = 0 they are
/// Poisson. For 0 < f < 1 they are dominated by a mixture of the Poisson law and the Poisson law
/// shifted down by one: by Wendel's (1948) inequality Γ(j+1+f) ≥ j! (j+1)^f ((j+1)/(j+1+f))^(1-f)
/// ("Note on the gamma function", Amer. Math. Monthly 55(9)) and the weighted AM–GM inequality,
///
///     e^(-λ) λ^(j+f)/Γ(j+1+f) ≤ C [(1 - f) p(j) + f p(j + 1)],   C = (1 + f)^(1-f) ≤ 1.23,
///
/// p the Poisson(λ) probabilities. So j is drawn by rejection: propose j = N with probability 1 - f
/// and j = N' - 1 otherwise (N Poisson, N' Poisson conditioned on N' ≥ 1), accept with probability
/// e^(-λ)λ^(j+f)/Γ(j+1+f) / (C g(j)), g the proposal's probabilities (at least 1/C ≈ 0.8 on average;
/// near 1 once λ is large), and reject a j below m. Each Poisson draw is Hörmann's PTRS
/// (`PoissonDistribution.sample`), so a draw costs a handful of uniforms and logarithms whatever λ.
///
/// **Regimes.** For λ > 30 and c < λ: absorption first (a uniform against Q(c, λ), evaluated only
/// when the uniform falls below a bound of Q: e^(-λ) for c ≤ 1, else the Chernoff bound
/// exp(-(λ - c - c ln(λ/c))), so nearly no draw calls an incomplete gamma function), then j by the
/// rejection above; since m ≤ c < λ, a j below m is rejected less than about half the time. For
/// λ ≤ 30 or c ≥ λ, the mode of w_k is within about 30 of k = 0 (or at 0), so one uniform is inverted
/// by walking the weights up from k = 0 by their recurrence w_(k+1) = w_k λ/(k + 1 + c), with the
/// absorption as what is left over once the weights have fallen below 10⁻¹⁷ past the mode: about
/// λ - c + 30 + √λ multiplications, with no exp or lgamma after the first weight.
///
/// Every one of these is an exact draw of the law above (inversion, or rejection with a proven
/// bound); the tests compare the draws with scipy's noncentral χ² (reference/feller_sampling_reference.py).
extension FellerDiffusion {
    /// One exact draw of X_t given X_0 = x₀: ln X_t, -∞ when absorbed, NaN when λ is not finite (or
    /// beyond 10¹⁵) or a draw fails. Uses `generator` only, so a seeded stream gives the same draw
    /// on any thread.
    public func sampleLog(
        logX0: Double, time t: Double, generator: inout Xoshiro256StarStar, normal: inout StandardNormalSampler
    ) -> Double {
        let logClock = logClock(t)
        let logLambda = logX0 - log(2.0) - logClock
        guard let k = mixtureComponent(logLambda: logLambda, generator: &generator) else { return .nan }
        guard k >= 0 else { return -.infinity }
        let g = Self.gammaDeviate(shape: Double(k) + 1 + max(index, 0), generator: &generator, normal: &normal)
        return log(2 * g) + logClock - beta * t
    }

    /// λ up to which, and c from λ on, the component is found by inversion from k = 0.
    static let inversionLimit = 30.0

    /// The mixture component k ≥ 0 of one draw, -1 for absorption, nil when λ is not finite, is
    /// beyond 10¹⁵ or a Poisson draw fails (see the extension's documentation).
    func mixtureComponent(logLambda: Double, generator: inout Xoshiro256StarStar) -> Int? {
        let c = max(-index, 0)
        let λ = exp(logLambda)
        guard logLambda.isFinite || logLambda == -.infinity, λ.isFinite, λ < 1e15, c.isFinite else { return nil }
        if λ <= Self.inversionLimit || c >= λ {
            return componentByInversion(λ: λ, c: c, u: generator.nextUniform())
        }
        if c > 0 {
            let u = generator.nextUniform()
            let bound = c <= 1 ? exp(-λ) : exp(-(λ - c - c * log(λ / c)))
            if u < bound, u < IncompleteGamma.regularizedUpper(shape: c, x: λ) { return -1 }
        }
        let m = c.rounded(.down), f = c - m
        let logBound = (1 - f) * log1p(f)
        for _ in 0..<10_000 {
            // The proposal: j = N with probability 1 - f, else j = N' - 1, an attempt with N' = 0
            // starting over (so the proposal's probabilities are proportional to g(j) below).
            let shifted = f > 0 && generator.nextUniform() < f
            guard let n = PoissonDistribution.sample(mean: λ, using: &generator) else { return nil }
            if shifted && n == 0 { continue }
            let j = shifted ? n - 1 : n
            if f > 0 {
                // ln of e^(-λ)λ^(j+f)/Γ(j+1+f) over C g(j), g(j) = (1 - f) p(j) + f p(j + 1)
                // = p(j)[(1 - f) + f λ/(j + 1)]: at most 0 by the bound above.
                let jj = Double(j)
                let logAcceptance = f * logLambda - PoissonDistribution.logGammaRatio(jj, offset: f) - logBound
                    - log((1 - f) + f * λ / (jj + 1))
                if log(generator.nextUniform()) > logAcceptance { continue }
            }
            if Double(j) < m { continue }
            return j - Int(m)
        }
        return nil
    }

    /// Inversion of u over w_0, w_1, … from k = 0 (weights by their recurrence), -1 (absorbed) when
    /// u lies beyond them all; for c = 0, where the weights sum to 1, rounding can leave u a few ulps
    /// beyond their sum, and the last component reached is kept.
    private func componentByInversion(λ: Double, c: Double, u: Double) -> Int {
        var w = exp(PoissonDistribution.logProbability(c, mean: λ))
        if c > 0, λ == 0 { return -1 }
        var cumulative = w
        var k = 0
        let limit = max(Int((λ - c).rounded(.up)), 0) + Int((40 * λ.squareRoot()).rounded(.up)) + 1000
        while u >= cumulative {
            let next = k + 1
            w *= λ / (Double(next) + c)
            // Past the mode (k + c ≥ λ) the weights fall at least geometrically: below 10⁻¹⁷ the rest
            // is beneath a double's resolution of u.
            if (w < 1e-17 && Double(next) + c > λ) || next > limit {
                return c > 0 ? -1 : k
            }
            k = next
            cumulative += w
        }
        return k
    }

    /// Gamma(shape, 1) for shape ≥ 1 by Marsaglia & Tsang (2000), ACM TOMS 26(3): d = a - 1/3,
    /// c = 1/√(9d); accept d·v, v = (1 + cx)³, x normal, when ln u < x²/2 + d - dv + d ln v.
    /// The acceptance rate is above 95% for shape ≥ 1, so the loop is capped at 1,000 trials, which
    /// only a non-finite shape reaches; it then returns NaN.
    static func gammaDeviate(
        shape: Double, generator: inout Xoshiro256StarStar, normal: inout StandardNormalSampler
    ) -> Double {
        guard shape.isFinite, shape >= 1 else { return .nan }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        for _ in 0..<1000 {
            let x = normal.next(using: &generator)
            let root = 1 + c * x
            guard root > 0 else { continue }
            let v = root * root * root
            let u = generator.nextUniform()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
        return .nan
    }
}
