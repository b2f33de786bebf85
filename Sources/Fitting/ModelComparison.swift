import Foundation

/// Ranks a set of models fitted to the same observations by their information criteria
/// (Burnham & Anderson 2002, ch. 2; conventions in docs/statistics.md).
///
/// For each model m, with Δ_m = IC_m - min_j IC_j:
///
///     Akaike weight   w_m = exp(-Δ_m/2) / Σ_j exp(-Δ_j/2)
///     evidence ratio  w_best / w_m = exp(Δ_m/2)
///
/// Weights are computed from the differences, never from exp(-AIC/2) itself, which underflows for
/// any realistic AIC; since every Δ ≥ 0 the largest term is exp(0) = 1 and the sum cannot
/// overflow. An evidence ratio is +∞ once Δ exceeds about 1419.
///
/// AICc-based quantities are nil for every model when any model's AICc is undefined
/// (n - K - 1 ≤ 0): a ranking that silently dropped models would mislead.
///
/// Comparable only on the same response and the same observations: a level model fitted to ln y
/// and a growth model fitted to g cannot be ranked this way.
public struct ModelComparison: Codable, Equatable, Sendable {
    /// Kass & Raftery's (1995, §3.2) reading of ΔBIC = 2 ln(Bayes factor), as evidence against a
    /// model in favour of the model with the smallest BIC.
    public enum BICEvidence: String, Codable, Sendable, CaseIterable {
        /// 0 ≤ ΔBIC < 2.
        case notWorthMoreThanABareMention = "not worth more than a bare mention"
        /// 2 ≤ ΔBIC < 6.
        case positive
        /// 6 ≤ ΔBIC ≤ 10.
        case strong
        /// ΔBIC > 10.
        case veryStrong = "very strong"

        public init(deltaBIC: Double) {
            switch deltaBIC {
            case ..<2: self = .notWorthMoreThanABareMention
            case ..<6: self = .positive
            case ...10: self = .strong
            default: self = .veryStrong
            }
        }
    }

    /// One model's row of the comparison.
    public struct Entry: Codable, Equatable, Sendable {
        public var model: String
        public var criteria: InformationCriteria
        public var deltaAIC: Double
        /// nil when any model's AICc is undefined.
        public var deltaAICc: Double?
        public var deltaBIC: Double
        /// Akaike weight from AIC.
        public var akaikeWeight: Double
        /// Akaike weight from AICc; nil when any model's AICc is undefined.
        public var akaikeWeightAICc: Double?
        /// w_best / w_m from AIC: how many times more likely (in Akaike's sense) the best model is.
        public var evidenceRatio: Double
        /// w_best / w_m from AICc; nil when any model's AICc is undefined.
        public var evidenceRatioAICc: Double?
        /// 1 for the smallest AIC; ties keep the input order.
        public var rank: Int
        /// The Kass & Raftery reading of `deltaBIC`: the evidence against this model in favour of the
        /// one with the smallest BIC. nil for that model itself, which has no margin over itself.
        public var bicEvidence: BICEvidence?
    }

    /// n, common to every model.
    public var observations: Int
    /// One entry per model, in the order given.
    public var entries: [Entry]

    /// Compares fits of the same observations. Checks that every fit has the same n and, within
    /// rounding, the same response (fitted + residual), so that a fit of ln y is not ranked
    /// against a fit of y.
    public init(_ fits: [FitResult]) throws(FittingError) {
        try requireSameObservations(fits)
        try self.init(models: fits.map(\.model), criteria: fits.map(\.criteria))
    }

    /// Compares models from their information criteria alone. Only n can be checked here: the
    /// caller vouches that the responses are the same.
    public init(models: [String], criteria: [InformationCriteria]) throws(FittingError) {
        guard !criteria.isEmpty else { throw .invalidArgument("model comparison needs at least one model") }
        guard models.count == criteria.count else {
            throw .dimensionMismatch("\(models.count) model names for \(criteria.count) sets of criteria")
        }
        let n = criteria[0].n
        if let bad = criteria.firstIndex(where: { $0.n != n }) {
            throw .invalidArgument(
                "models are fitted to different data: '\(models[0])' has n = \(n), '\(models[bad])' has n = \(criteria[bad].n)")
        }
        if let bad = criteria.firstIndex(where: { !$0.aic.isFinite || !$0.bic.isFinite }) {
            throw .invalidArgument("'\(models[bad])' has a non-finite AIC or BIC (an exact fit, RSS = 0?)")
        }
        let aic = criteria.map(\.aic), bic = criteria.map(\.bic)
        let aicc = criteria.compactMap(\.aicc)
        let allAICc = aicc.count == criteria.count ? aicc : nil

        let deltaAIC = differences(aic), deltaBIC = differences(bic)
        let deltaAICc = allAICc.map(differences)
        let weights = akaikeWeights(deltaAIC), weightsAICc = deltaAICc.map(akaikeWeights)
        let order = aic.indices.sorted { aic[$0] < aic[$1] || (aic[$0] == aic[$1] && $0 < $1) }
        var rank = [Int](repeating: 0, count: aic.count)
        for (position, index) in order.enumerated() { rank[index] = position + 1 }

        observations = n
        entries = criteria.indices.map { m in
            Entry(
                model: models[m], criteria: criteria[m],
                deltaAIC: deltaAIC[m], deltaAICc: deltaAICc?[m], deltaBIC: deltaBIC[m],
                akaikeWeight: weights[m], akaikeWeightAICc: weightsAICc?[m],
                evidenceRatio: exp(deltaAIC[m] / 2), evidenceRatioAICc: deltaAICc.map { exp($0[m] / 2) },
                rank: rank[m], bicEvidence: deltaBIC[m] > 0 ? BICEvidence(deltaBIC: deltaBIC[m]) : nil)
        }
    }
}

/// IC_m - min IC.
private func differences(_ values: [Double]) -> [Double] {
    let best = values.min() ?? 0
    return values.map { $0 - best }
}

/// exp(-Δ_m/2) normalised; Δ ≥ 0 so the terms lie in (0, 1] and one of them is 1.
private func akaikeWeights(_ deltas: [Double]) -> [Double] {
    let terms = deltas.map { exp(-$0 / 2) }
    let total = terms.reduce(0, +)
    return terms.map { $0 / total }
}

/// Throws unless every fit has the same n and the same response y_i = fitted_i + residual_i to
/// within 1e-9 relative (rounding in the two fits' residuals differs by a few ulps).
func requireSameObservations(_ fits: [FitResult]) throws(FittingError) {
    guard let first = fits.first else { return }
    let y = zip(first.fitted, first.residuals).map(+)
    for fit in fits.dropFirst() {
        guard fit.n == first.n else {
            throw .invalidArgument(
                "models are fitted to different data: '\(first.model)' has n = \(first.n), '\(fit.model)' has n = \(fit.n)")
        }
        let other = zip(fit.fitted, fit.residuals).map(+)
        if let i = y.indices.first(where: { abs(y[$0] - other[$0]) > 1e-9 * max(abs(y[$0]), abs(other[$0]), 1e-300) }) {
            throw .invalidArgument(
                "models are fitted to different responses: observation \(i + 1) is \(y[i]) for '\(first.model)' "
                    + "and \(other[i]) for '\(fit.model)'")
        }
    }
}
