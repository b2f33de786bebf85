import Foundation

extension GrowthModelID {
    public static let hyperbolic = GrowthModelID(rawValue: "hyperbolic")
}

/// ln y = ln C - k ln(t* - t): y = C (t* - t)^(-k), a finite-time singularity at t* (Kremer 1993;
/// docs/statistics.md, "Hyperbolic level model"). Linear in (ln C, k) for fixed t*, so it is
/// estimated by variable projection over t* = t_last + exp(τ) (`HyperbolicLevelRegression`).
public struct HyperbolicModel: GrowthModel {
    public init() {}
    public var id: GrowthModelID { .hyperbolic }
    public var form: ModelForm { .level }
    public var parameterNames: [String] { ["ln_C", "k", "t_star"] }
    public var formula: String { "ln y = ln_C - k ln(t_star - t)" }

    /// The reported parameters, read by name rather than by position.
    public struct Parameters: Sendable {
        public var lnC: Double
        public var k: Double
        /// t*, the year the fitted level becomes infinite.
        public var singularityYear: Double
        public init(_ θ: [Double]) { (lnC, k, singularityYear) = (θ[0], θ[1], θ[2]) }
    }

    public func estimator(for sample: ModelSample) -> GrowthModelEstimator {
        .separable(HyperbolicLevelRegression(years: sample.years))
    }

    /// The growth rate g(t) = k / (t* - t); at the last year T, ∂g/∂k = 1/(t* - T),
    /// ∂g/∂t* = -k/(t* - T)². Years to singularity t* - T. Growth rises as y^(1/k)
    /// (docs/statistics.md), so the implied growth-law exponent is B = 1/k, ∂B/∂k = -1/k².
    public func derivedQuantities(for sample: ModelSample) -> [DerivedDefinition] {
        let last = sample.lastYear ?? 0
        return [
            DerivedDefinition(name: "singularity_year", description: "t*, the year y would become infinite",
                              value: { $0[2] }, gradient: { _ in [0, 0, 1] }),
            DerivedDefinition(name: "years_to_singularity", description: "t* minus the last year of the sample",
                              value: { $0[2] - last }, gradient: { _ in [0, 0, 1] }),
            DerivedDefinition(
                name: "growth_rate_at_end", description: "implied growth rate per year at the last year, k / (t* - t)",
                value: { $0[1] / ($0[2] - last) },
                gradient: { θ in let gap = θ[2] - last; return [0, 1 / gap, -θ[1] / (gap * gap)] }),
            DerivedDefinition(name: "implied_B", description: "growth proportional to y^B with B = 1/k",
                              value: { 1 / $0[1] }, gradient: { [0, -1 / ($0[1] * $0[1]), 0] }),
        ]
    }

    public func curve(_ parameters: [Double], at t: Double) -> Double {
        let θ = Parameters(parameters)
        return θ.lnC - θ.k * log(θ.singularityYear - t)
    }

    public func singularityYear(_ parameters: [Double]) -> Double? { Parameters(parameters).singularityYear }

    /// τ's domain runs from t* = t_last + 10⁻⁶ S to t_last + 10⁶ S (`HyperbolicLevelRegression`): a
    /// profile still falling at the far end is the exponential limit, at the near end the
    /// degenerate one. The same bounded profile defines RSS_hyp in the level bootstrap.
    public func limit(atUpperEnd upperEnd: Bool) -> GrowthModelLimit? { upperEnd ? .exponential : .degenerate }
}
