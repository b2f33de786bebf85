import Fitting
import Foundation

/// Feller's square-root diffusion dX = (α - βX) dt + γ √X dW on X ≥ 0 with 0 ABSORBING (Feller
/// 1951, "Two singular diffusion problems", Ann. Math. 54(1); in finance the CIR process), and its
/// exact transition law.
///
/// **Transition law.** Write X_t = e^(-βt) Z(τ(t)) with τ(t) = γ²(e^(βt) - 1)/(4β) (γ²t/4 when
/// β = 0). By Itô's formula Z is a squared Bessel process dZ = δ du + 2√Z dB of dimension
/// δ = 4α/γ², index ν = δ/2 - 1 (check: e^(-βt) δ τ'(t) = α and 2√(e^(-βt) τ'(t)) = γ). The squared
/// Bessel density from x to y over time u, killed at 0 when δ < 2 (Revuz & Yor 1999, ch. XI
/// Cor. 1.4; for the killed case Göing-Jaeschke & Yor 2003, Bernoulli 9(2)), is
///
///     q_u(x, y) = (1/(2u)) (y/x)^(ν/2) exp(-(x + y)/(2u)) I_|ν|(√(xy)/u),   y > 0,
///
/// so with x₁' = x₁ e^(βt):
///
///     ln p(x₁ | x₀; t) = βt - ln 2τ + (ν/2) ln(x₁'/x₀) - (√x₀ - √x₁')²/(2τ) + ln(e^(-z) I_|ν|(z)),
///     z = √(x₀ x₁')/τ.
///
/// For δ ≥ 2 (ν ≥ 0) zero is never reached and this is the familiar scaled noncentral χ² law
/// (X_t e^(βt)/τ ~ χ'²(δ, x₀/τ)). For δ < 2 the order is |ν| = 1 - δ/2, not ν: the noncentral χ²
/// density with negative order would be the REFLECTED process; here the density integrates to the
/// survival probability P(T₀ > t) = P(|ν|, x₀/(2τ)) (regularised lower incomplete gamma), because
/// the hitting time of zero of the squared Bessel process is T₀ = x₀/(2G), G ~ Gamma(|ν|, 1)
/// (Göing-Jaeschke & Yor 2003). The rest of the mass sits at X = 0.
///
/// **Numerics.** Everything is carried in logs of X so that X = Y^(-B) may be far outside the range
/// of a double: (√x₀ - √x₁')² = x₀ expm1(Δ/2)² with Δ = ln(x₁'/x₀), without the cancellation of
/// subtracting nearly equal roots; ln τ via expm1; the Bessel factor scaled
/// (`ModifiedBessel.logScaledI`), whose orders grow like 1/B as B → 0.
///
/// **Mixture form.** Expanding I_|ν| in its series gives X_t e^(βt)/(2τ) as a Poisson-weighted
/// mixture of Gamma(k + 1 + max(ν, 0), 1) laws with weights w_k = e^(-λ) λ^(k+c) / Γ(k + c + 1),
/// λ = x₀/(2τ), c = max(-ν, 0), k = 0, 1, …; the weights sum to 1 when c = 0 and to the survival
/// probability P(c, λ) otherwise. The CDF and the exact simulation use this form.
public struct FellerDiffusion: Codable, Sendable, Equatable {
    /// α, the constant part of the drift.
    public var alpha: Double
    /// β, the mean-reversion rate (the drift is α - βX).
    public var beta: Double
    /// γ², the squared volatility factor.
    public var gammaSquared: Double

    public init(alpha: Double, beta: Double, gammaSquared: Double) {
        self.alpha = alpha
        self.beta = beta
        self.gammaSquared = gammaSquared
    }

    /// ν = 2α/γ² - 1, the index of the squared Bessel process; zero is reachable iff ν < 0.
    public var index: Double { 2 * alpha / gammaSquared - 1 }

    /// ln τ(t) = ln(γ²(e^(βt) - 1)/(4β)), the log of the squared-Bessel clock at time t.
    public func logClock(_ t: Double) -> Double {
        Self.logClock(beta: Dual4(beta), gammaSquared: Dual4(gammaSquared), time: t).value
    }

    /// ln p(x₁ | x₀; t), the log density of X_t at x₁ > 0 given X_0 = x₀ > 0, from ln x₀ and ln x₁.
    public func logTransitionDensity(logX0: Double, logX1: Double, time t: Double) -> Double {
        Self.logTransitionDensity(
            logX0: Dual4(logX0), logX1: Dual4(logX1), time: t, alpha: Dual4(alpha), beta: Dual4(beta),
            gammaSquared: Dual4(gammaSquared), derivatives: false
        ).value
    }

    /// P(T₀ > t | X_0 = x₀): the probability that X has not been absorbed at 0 by time t.
    public func survivalProbability(logX0: Double, time t: Double) -> Double {
        let ν = index
        guard ν < 0 else { return 1 }
        return IncompleteGamma.regularizedLower(shape: -ν, x: exp(logX0 - log(2.0) - logClock(t)))
    }

    /// P(T₀ = ∞ | X_0 = x₀): the probability that X is never absorbed. 1 when ν ≥ 0; 0 when β ≥ 0
    /// (the clock τ(t) grows without bound); P(|ν|, x₀/(2τ(∞))) with τ(∞) = γ²/(4|β|) when β < 0.
    public func neverAbsorbedProbability(logX0: Double) -> Double {
        let ν = index
        guard ν < 0 else { return 1 }
        guard beta < 0 else { return 0 }
        return IncompleteGamma.regularizedLower(shape: -ν, x: exp(logX0 + log(-2 * beta / gammaSquared)))
    }

    /// The time t with P(T₀ ≤ t | X_0 = x₀) = probability, in closed form: P(T₀ ≤ t) = Q(|ν|,
    /// x₀/(2τ(t))), so x₀/(2τ(t)) is the Gamma(|ν|, 1) upper quantile λ_p and
    /// t = ln(1 + 4βτ/γ²)/β with τ = x₀/(2λ_p). Nil when absorption by any finite time is less likely
    /// than `probability` (including ν ≥ 0, where it never happens) and when the time is beyond the
    /// range of a double.
    ///
    /// The quantile is increasing in `probability` (λ_p decreases, τ grows): intervals built from it
    /// are ordered because `IncompleteGamma.upperQuantile` checks GSL's inverse, which is not
    /// monotone for very small or very large |ν|. Where λ_p underflows (|ν| tiny), τ is carried by
    /// its logarithm and, for β > 0, t = ln(1 + 4βτ/γ²)/β ≈ (ln(4β/γ²) + ln τ)/β once 4βτ/γ² overflows.
    public func absorptionTimeQuantile(_ probability: Double, logX0: Double) -> Double? {
        let ν = index
        guard ν < 0, probability > 0, probability < 1 else { return nil }
        guard 1 - neverAbsorbedProbability(logX0: logX0) > probability else { return nil }
        let λ = IncompleteGamma.upperQuantile(probability: probability, shape: -ν)
        let logTwoLambda = λ >= Double.leastNormalMagnitude
            ? log(2 * λ) : log(2.0) + IncompleteGamma.logUpperQuantile(probability: probability, shape: -ν)
        let logClock = logX0 - logTwoLambda
        let clock = exp(logClock)
        let growth = 4 * beta * clock / gammaSquared
        let time: Double
        if beta == 0 {
            time = 4 * clock / gammaSquared
        } else if beta > 0, growth.isInfinite {
            time = (log(4 * beta / gammaSquared) + logClock) / beta
        } else {
            guard growth > -1 else { return nil }
            time = log1p(growth) / beta
        }
        return time.isFinite ? time : nil
    }

    /// The transition CDF split into its parts: P(0 < X_t ≤ x₁), P(X_t > x₁) and the absorbed mass
    /// P(X_t = 0), from the Poisson mixture of gamma CDFs (GSL's regularised incomplete gamma P and
    /// Q, each computed directly so neither tail loses digits). The mixture is summed outward from
    /// its mode until a weight falls below 1e-17; the weights decay at least geometrically there,
    /// so the neglected mass is below about 1e-17·√λ.
    ///
    /// Above λ = `exactMixtureLimit` (a near-noiseless series: τ tiny, λ = x₀/(2τ) huge) the sum
    /// steps over the components (`forEachMixtureTerm`), and P(X_t > x₁) is formed from P, since
    /// GSL's Q(a, x) is inaccurate for a ≳ 10⁶ above the mean (Q(10¹², 10¹² + 2·10⁶) = 2.7·10⁻⁴,
    /// where 1 - P = 0.02275 is right). All three parts are NaN when the mixture cannot be summed
    /// (λ not finite, or beyond 10¹⁵ where the mode is not an integer a double can step from).
    public func transitionCDF(logX0: Double, logX1: Double, time t: Double)
        -> (below: Double, above: Double, absorbed: Double)
    {
        let logClock = logClock(t)
        let logScaledX1 = logX1 + beta * t - log(2.0) - logClock
        let scaledX1 = exp(logScaledX1)
        let shapeOffset = 1 + max(index, 0)
        var below = 0.0, above = 0.0
        let summed = forEachMixtureTerm(logLambda: logX0 - log(2.0) - logClock) { k, weight, stepped in
            let lower = IncompleteGamma.regularizedLower(shape: Double(k) + shapeOffset, x: scaledX1)
            below += weight * lower
            above += weight * (stepped ? 1 - lower : IncompleteGamma.regularizedUpper(shape: Double(k) + shapeOffset, x: scaledX1))
            return true
        }
        guard summed else { return (.nan, .nan, .nan) }
        return (below, above, 1 - survivalProbability(logX0: logX0, time: t))
    }

    /// One exact draw of X_t given X_0 = x₀ (0 when absorbed), by the mixture form: a uniform
    /// decides absorption (probability 1 - P(c, λ)) and otherwise selects the mixture component by
    /// inversion over the weights taken outward from the mode (any fixed order of the components is
    /// an exact inversion); then X_t = 2τ e^(-βt) G with G ~ Gamma(k + 1 + max(ν, 0), 1) drawn by
    /// Marsaglia & Tsang's (2000) method. Returns ln X_t (-∞ when absorbed).
    ///
    /// Above λ = `exactSamplingLimit` the component is found instead by bisection on the mixture's
    /// cumulative weights in closed form, Σ_(j≤k) w_j = P(c, λ) - P(k + c + 1, λ) (P(0, λ) = 1; the
    /// terms telescope since P(a, λ) - P(a + 1, λ) = e^(-λ) λ^a/Γ(a + 1), DLMF 8.8.5): still an
    /// exact inversion, in about log₂(80√λ) steps instead of some 18√λ terms. NaN when λ is not
    /// finite or the gamma draw fails.
    public func sampleLog(
        logX0: Double, time t: Double, generator: inout Xoshiro256StarStar, normal: inout StandardNormalSampler
    ) -> Double {
        let logClock = logClock(t)
        let logLambda = logX0 - log(2.0) - logClock
        let u = generator.nextUniform()
        let chosen: Int
        if exp(logLambda) > Self.exactSamplingLimit {
            guard let k = mixtureComponentByBisection(logLambda: logLambda, u: u) else { return .nan }
            chosen = k
        } else {
            // The walk stops at the component found: the weights after it cannot change the choice,
            // and walking them all (some 18√λ terms, each an exp and an lgamma) cost a fan chart
            // nearly all of its time.
            var cumulative = 0.0
            var found = -1
            let summed = forEachMixtureTerm(logLambda: logLambda) { k, weight, _ in
                cumulative += weight
                if u < cumulative {
                    found = k
                    return false
                }
                return true
            }
            guard summed || found >= 0 else { return .nan }
            chosen = found
        }
        guard chosen >= 0 else { return -.infinity }
        let g = Self.gammaDeviate(shape: Double(chosen) + 1 + max(index, 0), generator: &generator, normal: &normal)
        return log(2 * g) + logClock - beta * t
    }

    /// λ above which the transition CDF's mixture is no longer summed term by term: some 57,000
    /// terms of weight ≥ 1e-17 around the mode (about 18√λ), each two incomplete gamma functions.
    /// It lies above the largest λ the curated datasets' diagnostics meet (1.6·10⁶), so their
    /// outputs stay summed term by term; a near-noiseless series meets 10⁷ to 10⁹ and more.
    static let exactMixtureLimit = 1e7

    /// λ above which a draw selects its mixture component by bisection rather than by walking the
    /// weights (about 18√λ terms per draw, 18,000 at this limit): above the largest λ of the
    /// curated datasets' fan charts (1.7·10⁵), so their simulated paths stay as drawn before.
    static let exactSamplingLimit = 1e6

    /// The most components visited on each side of the mode: with the step of `forEachMixtureTerm`
    /// a sum needs about 600, so reaching this means the weights did not decay (non-finite input).
    static let maximumMixtureTerms = 100_000

    /// Calls body(k, W, stepped) over the mixture weights w_k = e^(-λ) λ^(k+c)/Γ(k+c+1),
    /// until body returns false (the caller has what it needs: the walk stops and returns true),
    /// c = max(-ν, 0), starting at the mode ⌊λ - c⌋ and going up, then down, each way until
    /// w_k < 1e-17. Up to `exactMixtureLimit`, W = w_k for every k (stepped false). Above it, k steps
    /// by m = ⌈√λ/64⌉ and W = m·w_k stands for the m components around k (stepped true): the
    /// summands vary on the scale √λ, 64 steps per standard deviation, so this sum is the
    /// trapezoidal rule of a smooth bell-shaped function, whose error falls like exp(-2π²·64²).
    /// - Returns: false, having called nothing or only part, when λ is not finite, its mode is
    ///   beyond 10¹⁵, or `maximumMixtureTerms` is reached: the sum is then not the mixture's.
    private func forEachMixtureTerm(logLambda: Double, _ body: (Int, Double, Bool) -> Bool) -> Bool {
        let c = max(-index, 0)
        let λ = exp(logLambda)
        guard logLambda.isFinite, λ.isFinite, c.isFinite, λ - c < 1e15 else { return false }
        let mode = max(0, Int((λ - c).rounded(.down)))
        let stepped = λ > Self.exactMixtureLimit
        let step = stepped ? Int((λ.squareRoot() / 64).rounded(.up)) : 1
        let multiplicity = Double(step)
        func weight(_ k: Int) -> Double {
            if stepped { return Self.poissonWeight(Double(k) + c, mean: λ) }
            return exp(-λ + (Double(k) + c) * logLambda - lgamma(Double(k) + c + 1))
        }
        var k = mode, visited = 0
        while true {
            let w = weight(k)
            guard body(k, multiplicity * w, stepped) else { return true }
            if w < 1e-17 && k > mode || !w.isFinite { break }
            visited += 1
            guard visited < Self.maximumMixtureTerms else { return false }
            k += step
        }
        k = mode - step
        visited = 0
        while k >= 0 {
            let w = weight(k)
            guard body(k, multiplicity * w, stepped) else { return true }
            if w < 1e-17 { break }
            visited += 1
            guard visited < Self.maximumMixtureTerms else { return false }
            k -= step
        }
        return true
    }

    /// e^(-λ) λⁿ/Γ(n + 1) for large λ by Loader's (2000) saddle-point form, "Fast and accurate
    /// computation of binomial probabilities" (as R's dpois): exp(-stirlerr(n) - bd0(n, λ))/√(2πn),
    /// with bd0(n, λ) = n ln(n/λ) + λ - n summed as a series where n is near λ. The direct
    /// -λ + n ln λ - ln Γ(n + 1) cancels terms of size λ ln λ and loses their rounding: 10⁻⁷
    /// relative at λ = 5·10⁷, 10⁻³ at 5·10¹¹ (the weights then summed to 1 - 1.4·10⁻³).
    static func poissonWeight(_ n: Double, mean λ: Double) -> Double {
        guard n > 0 else { return exp(-λ) }
        return exp(-stirlingError(n) - deviance(n, λ)) / (2 * Double.pi * n).squareRoot()
    }

    /// stirlerr(n) = ln Γ(n + 1) - (n + ½) ln n + n - ½ ln 2π: by lgamma for n ≤ 15 (no
    /// cancellation to fear there), else by its asymptotic series 1/(12n) - 1/(360n³) + 1/(1260n⁵)
    /// - 1/(1680n⁷) (DLMF 5.11.1), whose next term is below 10⁻¹³ at n = 15.
    static func stirlingError(_ n: Double) -> Double {
        if n <= 15 { return lgamma(n + 1) - (n + 0.5) * log(n) + n - 0.5 * log(2 * Double.pi) }
        let inverse = 1 / n, inverseSquared = inverse * inverse
        return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - inverseSquared / 1680) * inverseSquared) * inverseSquared) * inverse
    }

    /// bd0(x, m) = x ln(x/m) + m - x ≥ 0, for |x - m| < 0.1 (x + m) by the series
    /// (x - m)v + 2x Σ_(j≥1) v^(2j+1)/(2j + 1), v = (x - m)/(x + m) (Loader 2000), which converges
    /// fast there (v² < 0.01), capped at 1,000 terms.
    static func deviance(_ x: Double, _ m: Double) -> Double {
        guard abs(x - m) < 0.1 * (x + m) else { return x * log(x / m) + m - x }
        var v = (x - m) / (x + m)
        var sum = (x - m) * v
        var term = 2 * x * v
        v *= v
        for j in 1..<1000 {
            term *= v
            let next = sum + term / Double(2 * j + 1)
            if next == sum { return next }
            sum = next
        }
        return sum
    }

    /// The smallest k with u < Σ_(j≤k) w_j, by bisection on the closed-form cumulative weights (see
    /// `sampleLog`); -1 for absorption (u at or above the total P(c, λ)); nil when λ is not finite.
    ///
    /// The bracket is found from the normal approximation of the mixing law (mean λ - c, standard
    /// deviation √λ): its u-quantile k₀ is within a few units of the answer, so a bracket grown from
    /// k₀ by doubling steps takes a handful of cumulative weights where a bracket over ±40√λ took
    /// some 60, each an incomplete gamma function. The answer is the same k: only the search changes.
    private func mixtureComponentByBisection(logLambda: Double, u: Double) -> Int? {
        let c = max(-index, 0)
        let λ = exp(logLambda)
        guard logLambda.isFinite, λ.isFinite, c.isFinite, λ < 1e15 else { return nil }
        let total = c > 0 ? IncompleteGamma.regularizedLower(shape: c, x: λ) : 1
        func cumulative(_ k: Int) -> Double { total - IncompleteGamma.regularizedLower(shape: Double(k) + c + 1, x: λ) }
        guard u < total else { return -1 }
        let limit = max(0, Int((λ - c).rounded(.down))) + Int((40 * λ.squareRoot()).rounded(.up)) + 100
        let z = StandardNormalDistribution().quantile(min(max(u / total, 1e-300), 1 - 1e-16))
        let guess = min(max(Int((λ - c + λ.squareRoot() * z).rounded(.down)), 0), limit)
        var lo: Int, hi: Int
        var step = 1
        if u < cumulative(guess) {
            hi = guess
            lo = guess - step
            while lo >= 0, u < cumulative(lo) {
                hi = lo
                step *= 2
                lo = max(hi - step, -1)
            }
            lo = max(lo, -1)
        } else {
            lo = guess
            hi = min(guess + step, limit)
            while hi < limit, !(u < cumulative(hi)) {
                lo = hi
                step *= 2
                hi = min(lo + step, limit)
            }
            if hi == limit, !(u < cumulative(hi)) { return hi }
        }
        // Invariant: cumulative(lo) ≤ u < cumulative(hi) (cumulative(-1) = 0).
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if u < cumulative(mid) { hi = mid } else { lo = mid }
        }
        return hi
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

    // MARK: - Differentiable forms (shared by the Double API above and the likelihood's gradient)

    /// ln τ(t) = ln(γ²/4) + ln((e^(βt) - 1)/β): by expm1 (no cancellation for small βt), in the form
    /// βt + log1p(-e^(-βt)) - ln β once βt > 30 (where expm1 would overflow later), and ln t with
    /// derivative t/2 in β at β = 0.
    static func logClock(beta: Dual4, gammaSquared: Dual4, time t: Double) -> Dual4 {
        let logGrowthIntegral: Dual4
        let βt = t * beta
        if beta.value == 0 {
            logGrowthIntegral = Dual4(log(t), gradient: (t / 2) * beta.gradient)
        } else if βt.value <= 30 {
            logGrowthIntegral = (βt.expm1() / beta).log()
        } else {
            logGrowthIntegral = βt + (-(-βt).exp()).log1p() - beta.log()
        }
        return (gammaSquared / 4).log() + logGrowthIntegral
    }

    /// The transition log density (see the type's documentation) as a dual number.
    static func logTransitionDensity(
        logX0: Dual4, logX1: Dual4, time t: Double, alpha: Dual4, beta: Dual4, gammaSquared: Dual4,
        derivatives: Bool
    ) -> Dual4 {
        let ν = 2 * alpha / gammaSquared - 1
        let logClock = logClock(beta: beta, gammaSquared: gammaSquared, time: t)
        let βt = t * beta
        let logRatio = logX1 + βt - logX0
        let distance = (logX0 - log(2.0) - logClock).exp() * (logRatio / 2).expm1().squared()
        let z = ((logX0 + logX1 + βt) / 2 - logClock).exp()
        let bessel = logScaledBesselI(order: ν.magnitude(), argument: z, derivatives: derivatives)
        return βt - log(2.0) - logClock + ν * logRatio / 2 - distance + bessel
    }

    /// ln(e^(-z) I_ν(z)) as a dual number, with the partial derivatives of `ModifiedBessel`.
    static func logScaledBesselI(order ν: Dual4, argument z: Dual4, derivatives: Bool) -> Dual4 {
        guard derivatives else { return Dual4(ModifiedBessel.logScaledI(order: ν.value, argument: z.value)) }
        let r = ModifiedBessel.logScaledIWithDerivatives(order: ν.value, argument: z.value)
        return Dual4(r.value, gradient: r.dOrder * ν.gradient + r.dArgument * z.gradient)
    }
}
