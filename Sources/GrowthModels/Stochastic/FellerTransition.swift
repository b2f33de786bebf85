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
/// probability P(c, λ) otherwise. The CDF and the exact simulation (FellerSampling.swift) use this form.
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

    /// λ above which the transition CDF's mixture is no longer summed term by term: some 57,000
    /// terms of weight ≥ 1e-17 around the mode (about 18√λ), each two incomplete gamma functions.
    /// It lies above the largest λ the curated datasets' diagnostics meet (1.6·10⁶), so their
    /// outputs stay summed term by term; a near-noiseless series meets 10⁷ to 10⁹ and more.
    static let exactMixtureLimit = 1e7

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

    /// e^(-λ) λⁿ/Γ(n + 1) for large λ by Loader's (2000) saddle-point form
    /// (`PoissonDistribution.logProbability`, whose doc comment says why the direct form fails).
    static func poissonWeight(_ n: Double, mean λ: Double) -> Double {
        guard n > 0 else { return exp(-λ) }
        return exp(-PoissonDistribution.stirlingError(n) - PoissonDistribution.deviance(n, λ)) / (2 * Double.pi * n).squareRoot()
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
