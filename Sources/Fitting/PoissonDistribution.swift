import Foundation

/// The Poisson law: its probabilities in a form that keeps every digit for large means, and exact
/// draws whose cost does not grow with the mean.
public enum PoissonDistribution {
    /// ln(e^(-λ) λⁿ/Γ(n + 1)) for real n ≥ 0, by Loader's (2000) saddle-point form, "Fast and
    /// accurate computation of binomial probabilities" (as R's dpois): -stirlerr(n) - bd0(n, λ) -
    /// ½ ln(2πn). The direct -λ + n ln λ - ln Γ(n + 1) cancels terms of size λ ln λ and loses their
    /// rounding: 10⁻⁷ relative at λ = 5·10⁷, 10⁻³ at 5·10¹¹.
    public static func logProbability(_ n: Double, mean λ: Double) -> Double {
        guard n > 0 else { return -λ }
        return -stirlingError(n) - deviance(n, λ) - 0.5 * log(2 * Double.pi * n)
    }

    /// stirlerr(n) = ln Γ(n + 1) - (n + ½) ln n + n - ½ ln 2π: by lgamma for n ≤ 15 (no
    /// cancellation to fear there), else by its asymptotic series 1/(12n) - 1/(360n³) + 1/(1260n⁵)
    /// - 1/(1680n⁷) (DLMF 5.11.1), whose next term is below 10⁻¹³ at n = 15.
    public static func stirlingError(_ n: Double) -> Double {
        if n <= 15 { return lgamma(n + 1) - (n + 0.5) * log(n) + n - 0.5 * log(2 * Double.pi) }
        let inverse = 1 / n, inverseSquared = inverse * inverse
        return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - inverseSquared / 1680) * inverseSquared) * inverseSquared) * inverse
    }

    /// bd0(x, m) = x ln(x/m) + m - x ≥ 0, for |x - m| < 0.1 (x + m) by the series
    /// (x - m)v + 2x Σ_(j≥1) v^(2j+1)/(2j + 1), v = (x - m)/(x + m) (Loader 2000), which converges
    /// fast there (v² < 0.01), capped at 1,000 terms.
    public static func deviance(_ x: Double, _ m: Double) -> Double {
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

    /// ln(Γ(n + 1 + f)/Γ(n + 1)) for integer n ≥ 0 and 0 ≤ f ≤ 1, without the cancellation of two
    /// lgamma values of size n ln n: by lgamma up to n = 15, else as
    /// (n + ½) ln(1 + f/n) + f ln(n + f) - f + stirlerr(n + f) - stirlerr(n) (Stirling's formula
    /// with Loader's stirlerr at both ends), every term of moderate size.
    public static func logGammaRatio(_ n: Double, offset f: Double) -> Double {
        if n <= 15 { return lgamma(n + 1 + f) - lgamma(n + 1) }
        return (n + 0.5) * log1p(f / n) + f * log(n + f) - f + stirlingError(n + f) - stirlingError(n)
    }

    /// The mean above which `sample` uses transformed rejection instead of inversion.
    static let inversionLimit = 10.0

    /// One exact Poisson(λ) draw, λ ≥ 0 finite and below 10¹⁵ (else nil). Below λ = 10, inversion
    /// by sequential search from 0 (about λ + 1 steps, one uniform). Above, Hörmann's (1993) PTRS,
    /// "The transformed rejection method for generating Poisson random variables", Insurance:
    /// Mathematics and Economics 12(1), as numpy draws Poisson variates: a hat of the form
    /// (2a/(½ - |U|) + b)U + λ over a uniform U, a squeeze that accepts most draws with no
    /// function evaluation, and otherwise a comparison with ln p(k) (`logProbability`, exact to
    /// the last digits where -λ + k ln λ - ln k! would lose them). About 1.2 pairs of uniforms per
    /// draw whatever λ; nil also after 10,000 rejections in a row, which only a broken generator
    /// reaches.
    public static func sample(mean λ: Double, using generator: inout Xoshiro256StarStar) -> Int? {
        guard λ >= 0, λ < 1e15 else { return nil }
        if λ < inversionLimit {
            let u = generator.nextUniform()
            var k = 0
            var p = exp(-λ), cumulative = p
            while u >= cumulative {
                k += 1
                p *= λ / Double(k)
                cumulative += p
                // Rounding may leave the total a few ulps below 1: the last term reached is kept.
                if p < 1e-300 || k > 1000 { break }
            }
            return k
        }
        let root = λ.squareRoot()
        let b = 0.931 + 2.53 * root
        let a = -0.059 + 0.02483 * b
        let logInverseAlpha = log(1.1239 + 1.1328 / (b - 3.4))
        let vr = 0.9277 - 3.6224 / (b - 2)
        for _ in 0..<10_000 {
            let u = generator.nextUniform() - 0.5
            let v = generator.nextUniform()
            let us = 0.5 - abs(u)
            let kReal = ((2 * a / us + b) * u + λ + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(kReal) }
            // us = 0 (u = -½) puts k at -∞: rejected here like any k < 0, before any conversion.
            guard kReal >= 0, kReal < 1e18 else { continue }
            if us < 0.013 && v > us { continue }
            if log(v) + logInverseAlpha - log(a / (us * us) + b) <= logProbability(kReal, mean: λ) {
                return Int(kReal)
            }
        }
        return nil
    }
}
