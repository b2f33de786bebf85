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
    /// than `probability` (including ν ≥ 0, where it never happens).
    public func absorptionTimeQuantile(_ probability: Double, logX0: Double) -> Double? {
        let ν = index
        guard ν < 0, probability > 0, probability < 1 else { return nil }
        guard 1 - neverAbsorbedProbability(logX0: logX0) > probability else { return nil }
        let λ = IncompleteGamma.upperQuantile(probability: probability, shape: -ν)
        let clock = exp(logX0 - log(2 * λ))
        let growth = 4 * beta * clock / gammaSquared
        if beta == 0 { return 4 * clock / gammaSquared }
        guard growth > -1 else { return nil }
        return log1p(growth) / beta
    }

    /// The transition CDF split into its parts: P(0 < X_t ≤ x₁), P(X_t > x₁) and the absorbed mass
    /// P(X_t = 0), from the Poisson mixture of gamma CDFs (GSL's regularised incomplete gamma P and
    /// Q, each computed directly so neither tail loses digits). The mixture is summed outward from
    /// its mode until a weight falls below 1e-17; the weights decay at least geometrically there,
    /// so the neglected mass is below about 1e-17·√λ.
    public func transitionCDF(logX0: Double, logX1: Double, time t: Double)
        -> (below: Double, above: Double, absorbed: Double)
    {
        let logClock = logClock(t)
        let logScaledX1 = logX1 + beta * t - log(2.0) - logClock
        let scaledX1 = exp(logScaledX1)
        let shapeOffset = 1 + max(index, 0)
        var below = 0.0, above = 0.0
        forEachMixtureTerm(logLambda: logX0 - log(2.0) - logClock) { k, weight in
            below += weight * IncompleteGamma.regularizedLower(shape: Double(k) + shapeOffset, x: scaledX1)
            above += weight * IncompleteGamma.regularizedUpper(shape: Double(k) + shapeOffset, x: scaledX1)
        }
        return (below, above, 1 - survivalProbability(logX0: logX0, time: t))
    }

    /// One exact draw of X_t given X_0 = x₀ (0 when absorbed), by the mixture form: a uniform
    /// decides absorption (probability 1 - P(c, λ)) and otherwise selects the mixture component by
    /// inversion over the weights taken outward from the mode (any fixed order of the components is
    /// an exact inversion); then X_t = 2τ e^(-βt) G with G ~ Gamma(k + 1 + max(ν, 0), 1) drawn by
    /// Marsaglia & Tsang's (2000) method. Returns ln X_t (-∞ when absorbed).
    public func sampleLog(
        logX0: Double, time t: Double, generator: inout Xoshiro256StarStar, normal: inout StandardNormalSampler
    ) -> Double {
        let logClock = logClock(t)
        let u = generator.nextUniform()
        var cumulative = 0.0
        var chosen = -1
        forEachMixtureTerm(logLambda: logX0 - log(2.0) - logClock) { k, weight in
            guard chosen < 0 else { return }
            cumulative += weight
            if u < cumulative { chosen = k }
        }
        guard chosen >= 0 else { return -.infinity }
        let g = Self.gammaDeviate(shape: Double(chosen) + 1 + max(index, 0), generator: &generator, normal: &normal)
        return log(2 * g) + logClock - beta * t
    }

    /// Calls body(k, w_k) for the mixture weights w_k = e^(-λ) λ^(k+c)/Γ(k+c+1), c = max(-ν, 0),
    /// starting at the mode ⌊λ - c⌋ and going up, then down, each way until w_k < 1e-17.
    private func forEachMixtureTerm(logLambda: Double, _ body: (Int, Double) -> Void) {
        let c = max(-index, 0)
        let λ = exp(logLambda)
        let mode = max(0, Int(min(λ - c, 1e15).rounded(.down)))
        func weight(_ k: Int) -> Double {
            exp(-λ + (Double(k) + c) * logLambda - lgamma(Double(k) + c + 1))
        }
        var k = mode
        while true {
            let w = weight(k)
            body(k, w)
            if w < 1e-17 && k > mode || !w.isFinite { break }
            k += 1
        }
        k = mode - 1
        while k >= 0 {
            let w = weight(k)
            body(k, w)
            if w < 1e-17 { break }
            k -= 1
        }
    }

    /// Gamma(shape, 1) for shape ≥ 1 by Marsaglia & Tsang (2000), ACM TOMS 26(3): d = a - 1/3,
    /// c = 1/√(9d); accept d·v, v = (1 + cx)³, x normal, when ln u < x²/2 + d - dv + d ln v.
    static func gammaDeviate(
        shape: Double, generator: inout Xoshiro256StarStar, normal: inout StandardNormalSampler
    ) -> Double {
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = normal.next(using: &generator)
            let root = 1 + c * x
            guard root > 0 else { continue }
            let v = root * root * root
            let u = generator.nextUniform()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
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
