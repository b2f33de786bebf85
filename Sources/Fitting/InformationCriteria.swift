import Foundation

/// Log-likelihood and information criteria of a fit, least squares or maximum likelihood alike,
/// computed exactly as gdpfit's conventions state (docs/statistics.md; Burnham & Anderson
/// 2002; Hurvich & Tsai 1989). One type serves both kinds of fit; only lnL and the count K differ.
///
/// Least squares (`init(rss:n:meanParameters:sumLogWeights:)`), the Gaussian profile likelihood:
///
///     lnL  = -(n/2) (ln 2π + ln(RSS/n) + 1) + (1/2) Σ ln w_i
///     K    = p + 1                      (the error variance counts, as in R's logLik and Stata)
///     AIC  = -2 lnL + 2K
///     AICc = AIC + 2K(K+1)/(n-K-1)      (undefined, `nil`, when n-K-1 <= 0)
///     BIC  = -2 lnL + K ln n
///
/// lnL is the profile likelihood at the maximum-likelihood variance σ² = RSS/n, not at the unbiased
/// s² = RSS/(n-p). How this differs from other tools: lmfit reports `n ln(RSS/n) + 2p` as its AIC
/// (no constant, no variance parameter); statsmodels' OLS uses K = p (it does not count σ²); R's
/// `AIC(nls)` and `logLik` agree with these formulas. Differences between models agree with lmfit's
/// and statsmodels' only when every model compared has its K counted the same way.
///
/// Maximum likelihood (`init(logLikelihood:n:parameters:)`): lnL is the maximised log-likelihood
/// itself and K = p, the number of its parameters (a scale parameter such as a volatility is one of
/// them already, so nothing is added); n is the number of likelihood contributions (a Markov model
/// conditioned on its first observation has one fewer than its observations). AIC, AICc and BIC
/// follow from lnL, K and n by the same formulas as above.
public struct InformationCriteria: Codable, Equatable, Sendable {
    /// Number of observations n.
    public var n: Int
    /// Number of estimated parameters K: p + 1 for least squares (mean parameters plus the error
    /// variance), p for a likelihood fit.
    public var k: Int
    public var logLikelihood: Double
    public var aic: Double
    /// Small-sample AIC; `nil` when n - K - 1 <= 0, where it is not defined.
    public var aicc: Double?
    public var bic: Double

    /// - Parameters:
    ///   - rss: weighted residual sum of squares Σ w_i r_i².
    ///   - n: observations; `meanParameters`: p, the number of fitted mean parameters.
    ///   - sumLogWeights: Σ ln w_i (0 when unweighted).
    public init(rss: Double, n: Int, meanParameters p: Int, sumLogWeights: Double = 0) {
        let nd = Double(n)
        self.init(
            logLikelihood: -(nd / 2) * (log(2 * Double.pi) + log(rss / nd) + 1) + sumLogWeights / 2, n: n,
            parameters: p + 1)
    }

    /// The criteria of a maximised log-likelihood with K = `k` estimated parameters and n
    /// contributions (see the type's documentation).
    public init(logLikelihood: Double, n: Int, parameters k: Int) {
        self.n = n
        self.k = k
        self.logLikelihood = logLikelihood
        let nd = Double(n), kd = Double(k)
        aic = -2 * logLikelihood + 2 * kd
        let denominator = n - k - 1
        aicc = denominator > 0 ? aic + 2 * kd * (kd + 1) / Double(denominator) : nil
        bic = -2 * logLikelihood + kd * log(nd)
    }
}
