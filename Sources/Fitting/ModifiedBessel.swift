import _GSLShims
import Foundation

/// The logarithm of the exponentially scaled modified Bessel function of the first kind,
/// ln(e^(-z) I_ν(z)), for real order ν ≥ 0 and argument z ≥ 0, accurate where I_ν(z) itself
/// overflows or underflows.
///
/// Why not simply `log(gsl_sf_bessel_Inu_scaled(ν, z)) + z`: the scaled function e^(-z) I_ν(z)
/// underflows to zero whenever the order is large beside the argument (ν = 1000, z = 50 gives
/// about 10^-1200, and ν = 10⁴, z = 400 about e^(-1.2·10⁵)), and GSL's own small-argument branch
/// forms (z/2)^ν / Γ(ν+1) unscaled, which underflows for small z at moderate ν. Transition densities
/// of square-root diffusions need exactly those orders (the order grows like 1/B as a growth
/// exponent B tends to zero). So three regions, each evaluated in logs:
///
/// 1. z² < 10(ν + 1) — the ascending series (DLMF 10.25.2)
///        I_ν(z) = (z/2)^ν / Γ(ν+1) · Σ_k (z²/4)^k / (k! (ν+1)_k),
///    all terms positive (no cancellation), the sum taken until a term is below ε times the sum:
///    at most a few dozen terms in this region (GSL uses the same boundary for its Taylor branch).
/// 2. Otherwise, ν ≥ 20 — Debye's uniform asymptotic expansion (DLMF 10.41.3)
///        I_ν(νw) ~ e^(νη) / (√(2πν) (1+w²)^(1/4)) · Σ_k u_k(p) / ν^k,
///        η = √(1+w²) + ln(w / (1 + √(1+w²))),  p = 1/√(1+w²),
///    with u_0 … u_12 generated once from the recurrence DLMF 10.41.9. Checked against mpmath at
///    40 digits (reference/bessel_and_feller.py): relative error in ln I below 1e-15 for ν ≥ 15
///    at every z tried; at ν = 5 it is only 7e-9, hence the threshold 20.
/// 3. Otherwise (ν < 20, z large) — GSL's `gsl_sf_bessel_Inu_scaled_e` (Temme's method with
///    recurrence there), which cannot underflow in this region since e^(-z) I_ν(z) ≥ e^(-ν²/(2z))/√(2πz)
///    roughly and ν²/(2z) < 7 here.
public enum ModifiedBessel {
    /// ln(e^(-z) I_ν(z)), the log of the exponentially scaled function, computed without forming
    /// ln I_ν(z) and subtracting z (which loses all digits of the small difference for large z).
    /// NaN for ν < 0, z < 0 or NaN input; 0 at ν = z = 0 and -∞ at z = 0 < ν.
    public static func logScaledI(order ν: Double, argument z: Double) -> Double {
        guard ν >= 0, z >= 0, ν.isFinite, !z.isNaN else { return .nan }
        if z == 0 { return ν == 0 ? 0 : -.infinity }
        if z.isInfinite { return -.infinity }
        if z * z < 10 * (ν + 1) { return ascendingSeries(ν, z) - z }
        if ν >= 20 { return uniformAsymptotic(ν, z) }
        GSLErrorHandler.ensureDisabled()
        var result = gsl_sf_result()
        let status = gsl_sf_bessel_Inu_scaled_e(ν, z, &result)
        guard status == GSL_SUCCESS, result.val > 0 else { return .nan }
        return log(result.val)
    }

    /// ln(e^(-z) I_ν(z)) with its partial derivatives in ν and z.
    ///
    /// ∂/∂z is exact: I_ν' = I_(ν+1) + (ν/z) I_ν (DLMF 10.29.2), so ∂/∂z = ν/z + I_(ν+1)/I_ν - 1,
    /// the ratio taken as the exponential of a difference of scaled logs. The derivative in the
    /// order has no usable closed form (DLMF 10.38.1 is a series that cancels catastrophically for
    /// large z); it is a central difference with step h = ε^(1/3)·max(1, ν) (one-sided, second
    /// order, when ν < h), whose error is of order ε^(2/3) relative to the scale of the function:
    /// ample for a quasi-Newton optimiser and for a Hessian by differences of the gradient.
    public static func logScaledIWithDerivatives(order ν: Double, argument z: Double)
        -> (value: Double, dOrder: Double, dArgument: Double)
    {
        let value = logScaledI(order: ν, argument: z)
        let dArgument = ν / z + exp(logScaledI(order: ν + 1, argument: z) - value) - 1
        let h = cbrt(Double.ulpOfOne) * max(1, ν)
        let dOrder: Double
        if ν >= h {
            let up = ν + h, down = ν - h
            dOrder = (logScaledI(order: up, argument: z) - logScaledI(order: down, argument: z)) / (up - down)
        } else {
            dOrder = (-3 * value + 4 * logScaledI(order: ν + h, argument: z)
                - logScaledI(order: ν + 2 * h, argument: z)) / (2 * h)
        }
        return (value, dOrder, dArgument)
    }

    /// ln I_ν(z) by the ascending series (region 1), unscaled.
    private static func ascendingSeries(_ ν: Double, _ z: Double) -> Double {
        let quarterSquare = z * z / 4
        var term = 1.0, sum = 1.0, k = 0.0
        repeat {
            k += 1
            term *= quarterSquare / (k * (ν + k))
            sum += term
        } while term > Double.ulpOfOne * sum
        return ν * log(z / 2) - lgamma(ν + 1) + log(sum)
    }

    /// ln(e^(-z) I_ν(z)) by Debye's expansion (region 2). νη - z is formed as
    /// -ν log1p((1 + 1/(√(1+w²) + w))/w) + ν/(√(1+w²) + w): the same quantity, since
    /// √(1+w²) - w = 1/(√(1+w²) + w), but without the cancellation of ν√(1+w²) - νw or of the log of
    /// a ratio near 1 when w is large (ν = 10⁶, z = 10¹² lost three digits the direct way).
    private static func uniformAsymptotic(_ ν: Double, _ z: Double) -> Double {
        let w = z / ν
        let root = (1 + w * w).squareRoot()
        let p = 1 / root
        var correction = 0.0, inversePower = 1.0
        for polynomial in debyePolynomials.dropFirst() {
            inversePower /= ν
            correction += horner(polynomial, p) * inversePower
        }
        let rootMinusW = 1 / (root + w)
        return -ν * log1p((1 + rootMinusW) / w) + ν * rootMinusW
            - 0.5 * log(2 * Double.pi * ν) - 0.5 * log(root) + log1p(correction)
    }

    /// Coefficients (constant term first) of Debye's polynomials u_0 … u_12 in p, from
    /// u_(k+1)(p) = ½p²(1-p²) u_k'(p) + ⅛ ∫₀ᵖ (1-5t²) u_k(t) dt, u_0 = 1 (DLMF 10.41.9).
    /// u_1 = (3p - 5p³)/24 and u_2 = (81p² - 462p⁴ + 385p⁶)/1152, as DLMF 10.41.10 lists.
    static let debyePolynomials: [[Double]] = {
        var polynomials: [[Double]] = [[1]]
        for _ in 0..<12 {
            let u = polynomials[polynomials.count - 1]
            var next = [Double](repeating: 0, count: u.count + 3)
            for i in u.indices.dropFirst() {
                let derivative = Double(i) * u[i]  // coefficient of p^(i-1) in u'
                next[i + 1] += derivative / 2
                next[i + 3] -= derivative / 2
            }
            for (i, c) in u.enumerated() {
                next[i + 1] += c / (8 * Double(i + 1))
                next[i + 3] -= 5 * c / (8 * Double(i + 3))
            }
            polynomials.append(next)
        }
        return polynomials
    }()

    private static func horner(_ coefficients: [Double], _ x: Double) -> Double {
        coefficients.reversed().reduce(0) { $0 * x + $1 }
    }
}
