import Foundation
import _GSLShims

/// The regularised incomplete gamma functions and the quantile of the unit-scale gamma law, from
/// GSL (GSL 2.7 reference manual, "Incomplete Gamma Functions" and "The Gamma Distribution"):
///
///     P(a, x) = γ(a, x)/Γ(a) = (1/Γ(a)) ∫₀ˣ tᵃ⁻¹ e⁻ᵗ dt,     Q(a, x) = 1 - P(a, x)   (DLMF 8.2.4)
///
/// P and Q are each computed directly (GSL switches between the series, the continued fraction and
/// Temme's uniform asymptotic expansion), so neither tail is formed as 1 minus the other and loses
/// its digits. They are the CDF and survival function of Gamma(a, 1) at x.
///
/// GSL's aborting error handler is off before any call (`GSLErrorHandler`). The value is GSL's
/// even when it reports an error: NaN for a domain error (a ≤ 0, x < 0, NaN input), 0 for a result
/// below the smallest double (an underflow is an error status in GSL but the right value here).
public enum IncompleteGamma {
    /// P(a, x), a > 0, x ≥ 0.
    public static func regularizedLower(shape a: Double, x: Double) -> Double {
        GSLErrorHandler.ensureDisabled()
        return gsl_sf_gamma_inc_P(a, x)
    }

    /// Q(a, x), a > 0, x ≥ 0.
    public static func regularizedUpper(shape a: Double, x: Double) -> Double {
        GSLErrorHandler.ensureDisabled()
        return gsl_sf_gamma_inc_Q(a, x)
    }

    /// The x with Q(a, x) = probability: the upper `probability` point of Gamma(a, 1), decreasing in
    /// `probability`.
    ///
    /// GSL's `gsl_cdf_gamma_Qinv` is used where its answer checks out: the tail it should hit,
    /// recomputed directly (Q for probability ≤ 1/2, P for the other side), within 10⁻⁶ relative.
    /// It does not always: in GSL 2.7 it returns 4·10²⁹ or +∞ instead of a tiny x for a ≤ 0.01,
    /// and for a ≥ 10⁷ its 2.5% and 97.5% points fall on the wrong sides of the median (a = 10⁷:
    /// 6.8·10⁶ and 1.34·10⁷), which made a take-off interval's lower end exceed its upper. Such an
    /// answer is replaced by `logUpperQuantile`'s bisection. 0 when the quantile is below the
    /// smallest double (see `logUpperQuantile` for its logarithm); NaN for a ≤ 0 or a probability
    /// outside (0, 1).
    public static func upperQuantile(probability: Double, shape a: Double) -> Double {
        GSLErrorHandler.ensureDisabled()
        guard a > 0, probability > 0, probability < 1 else { return .nan }
        let x = gsl_cdf_gamma_Qinv(probability, a, 1)
        if x.isFinite, x > 0, tailMatches(probability: probability, shape: a, x: x) { return x }
        return exp(bisectLogUpperQuantile(probability: probability, shape: a))
    }

    /// ln x for the x of `upperQuantile`, finite even where x itself underflows (a small shape puts
    /// the quantile below 10⁻³⁰⁸: for a = 10⁻⁸ the 97.5% point is near e^(-3.7·10⁸)).
    public static func logUpperQuantile(probability: Double, shape a: Double) -> Double {
        let x = upperQuantile(probability: probability, shape: a)
        if x.isNaN { return .nan }
        if x >= Double.leastNormalMagnitude { return log(x) }
        return bisectLogUpperQuantile(probability: probability, shape: a)
    }

    /// Whether x is the upper `probability` point to 10⁻⁶ relative in the smaller tail.
    private static func tailMatches(probability p: Double, shape a: Double, x: Double) -> Bool {
        let (tail, target) = p <= 0.5 ? (upperTail(shape: a, x: x), p) : (regularizedLower(shape: a, x: x), 1 - p)
        return abs(tail - target) <= 1e-6 * target
    }

    /// Q(a, x) for the quantile search: GSL's Q, except above the mean of a large shape (a > 10⁴,
    /// x > a), where GSL 2.7's Q is wrong (Q(10⁷, 10⁷ + 2√10⁷) = 0.02260 against 0.02275;
    /// Q(10¹², 10¹² + 2·10⁶) = 2.7·10⁻⁴) and 1 - P, accurate to rounding there, is used.
    private static func upperTail(shape a: Double, x: Double) -> Double {
        a > 1e4 && x > a ? 1 - regularizedLower(shape: a, x: x) : regularizedUpper(shape: a, x: x)
    }

    /// ln of the smaller-tail probability at x = e^t: ln Q(a, x) for `upper`, ln P(a, x) otherwise.
    /// Where x is below 10⁻³⁰⁰, P(a, x) = x^a e^(-x) Σ x^k/(a+1)…(a+k) / Γ(a+1) ≈ x^a/Γ(a+1)
    /// (DLMF 8.7.1) to within a relative x, so ln P = a t - ln Γ(a+1), and Q = 1 - P. Where e^t
    /// overflows, Q = 0 and P = 1.
    private static func logTail(_ t: Double, shape a: Double, upper: Bool) -> Double {
        if t < -690 { return upper ? log1p(-exp(a * t - lgamma(a + 1))) : a * t - lgamma(a + 1) }
        let x = exp(t)
        if x.isInfinite { return upper ? -.infinity : 0 }  // GSL reports x = +∞ as a domain error
        return log(upper ? upperTail(shape: a, x: x) : regularizedLower(shape: a, x: x))
    }

    /// Bisection on t = ln x for the smaller tail: ln Q(a, e^t) = ln p (p ≤ 1/2, decreasing in t) or
    /// ln P(a, e^t) = ln(1 - p) (increasing in t). The bracket starts at [ln a - 1, ln a + 1] and
    /// doubles its half-width until it holds the root (at most 64 doublings: |t| < 2⁶⁵), then
    /// halves to 4 ulps of t or 200 steps. NaN when no bracket is found.
    private static func bisectLogUpperQuantile(probability p: Double, shape a: Double) -> Double {
        let upper = p <= 0.5
        let target = upper ? log(p) : log1p(-p)
        // h(t) > 0 below the root, < 0 above it, in both cases.
        func h(_ t: Double) -> Double {
            let value = logTail(t, shape: a, upper: upper) - target
            return upper ? value : -value
        }
        let centre = log(a)
        var width = 1.0, lo = centre - width, hi = centre + width
        var doublings = 0
        while !(h(lo) > 0 && h(hi) < 0) {
            guard doublings < 64 else { return .nan }
            doublings += 1
            width *= 2
            lo = centre - width
            hi = centre + width
        }
        for _ in 0..<200 {
            let mid = lo + (hi - lo) / 2
            if hi - lo <= 4 * max(abs(mid), 1) * Double.ulpOfOne { break }
            if h(mid) > 0 { lo = mid } else { hi = mid }
        }
        return lo + (hi - lo) / 2
    }
}
