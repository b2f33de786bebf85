import Foundation

/// Zhang & Siegmund's (2007) modified Bayes information criterion for choosing the number of change
/// points, on the scale of `InformationCriteria.bic` (-2 lnL plus penalties, smaller is better).
///
/// Zhang & Siegmund (2007, Biometrics 63:22-32) approximate the Bayes factor of
/// m change points in a normal mean by, in -2 log units,
///
///     mBIC(m) = -2 lnL̂_m + 3 m ln n + Σ_{i=1}^{m+1} ln(n_i / n) (+ the charge of the parameters
///                                                                  present at every m),
///
/// n_i the observations of segment i: each change point is charged ln n for its new parameter and
/// 2 ln n for its location (the location ranges over about n values), and the segment-length term
/// replaces BIC's ln n per segment parameter by the log of the information that segment carries
/// (ln n_i), measured against n. It is the penalty of R's `wbs::mbic.penalty` and
/// `changepoint`'s "MBIC" (there in log-likelihood units, half of these).
///
/// Here `criteria` already charges ln n for every counted parameter, a change point's location and
/// its changed parameter included (K = K₀ + 2m), so
///
///     mBIC = BIC + m ln n + Σ_i ln(n_i / n),
///
/// which equals BIC when m = 0: a model without change points (a hyperbola, say) is compared on its
/// ordinary BIC.
public enum ModifiedBIC {
    /// - Parameters: `criteria` of the fit with `changePoints` = m change points, whose K counts two
    ///   parameters per change point; `segmentObservations` the m + 1 segments' observation counts.
    public static func value(
        _ criteria: InformationCriteria, changePoints m: Int, segmentObservations: [Int]
    ) throws(FittingError) -> Double {
        guard segmentObservations.count == m + 1 else {
            throw .dimensionMismatch("\(m) change points make \(m + 1) segments, not \(segmentObservations.count)")
        }
        guard segmentObservations.allSatisfy({ $0 > 0 }), segmentObservations.reduce(0, +) == criteria.n else {
            throw .invalidArgument("the segments' observations must be positive and add up to n = \(criteria.n)")
        }
        let n = Double(criteria.n)
        return criteria.bic + Double(m) * log(n) + segmentObservations.reduce(0) { $0 + log(Double($1) / n) }
    }
}
