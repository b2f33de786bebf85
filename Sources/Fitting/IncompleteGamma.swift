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

    /// The x with Q(a, x) = probability: the upper `probability` point of Gamma(a, 1)
    /// (`gsl_cdf_gamma_Qinv`). Decreasing in `probability`; 0 at probability 1, +∞ at 0; NaN when
    /// GSL's Newton refinement fails to converge (it then reports an error, which is not a value).
    public static func upperQuantile(probability: Double, shape a: Double) -> Double {
        GSLErrorHandler.ensureDisabled()
        return gsl_cdf_gamma_Qinv(probability, a, 1)
    }
}
