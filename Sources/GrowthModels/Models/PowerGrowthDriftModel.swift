import Foundation

extension GrowthModelID {
    public static let powerGrowthDrift = GrowthModelID(rawValue: "power-growth-drift")
}

/// g = s y^B + d: the power law with a drift, the deterministic part of Roodman's (2020) stochastic
/// model and the law of his nonlinear least squares. Linear in (s, d) for fixed B, so it is
/// estimated by variable projection over B (`PowerGrowthRegression` with a drift column).
public struct PowerGrowthDriftModel: GrowthModel {
    public init() {}
    public var id: GrowthModelID { .powerGrowthDrift }
    public var form: ModelForm { .growth }
    public var parameterNames: [String] { ["s", "B", "d"] }
    public var formula: String { "g = s y^B + d" }

    /// The reported parameters, read by name rather than by position.
    public struct Parameters: Sendable {
        public var s: Double
        public var B: Double
        /// The drift: growth at a vanishing level.
        public var d: Double
        public init(_ θ: [Double]) { (s, B, d) = (θ[0], θ[1], θ[2]) }
    }

    public func estimator(for sample: ModelSample) -> GrowthModelEstimator {
        .separable(PowerGrowthRegression(levels: sample.levels, drift: true))
    }

    /// g(Y) = s Y^B + d at the level Y that ends the sample, gradient (Y^B, s Y^B ln Y, 1). With a
    /// drift the law need not diverge, so there is no years-to-singularity.
    public func derivedQuantities(for sample: ModelSample) -> [DerivedDefinition] {
        let logLevel = log(sample.lastLevel)
        return [DerivedDefinition(
            name: "growth_rate_at_end", description: "fitted growth rate per year at the last level of the sample",
            value: { θ in θ[0] * exp(θ[1] * logLevel) + θ[2] },
            gradient: { θ in
                let power = exp(θ[1] * logLevel)
                return [power, θ[0] * power * logLevel, 1]
            })]
    }

    public func curve(_ parameters: [Double], at y: Double) -> Double {
        let θ = Parameters(parameters)
        return θ.s * pow(y, θ.B) + θ.d
    }

    /// dg/dy = s B y^(B-1): its sign is that of s B.
    public func growthRisesWithLevel(_ parameters: [Double]) -> Bool? {
        let θ = Parameters(parameters)
        return θ.s * θ.B > 0
    }
}
