import Foundation

extension GrowthModelID {
    public static let powerGrowth = GrowthModelID(rawValue: "power-growth")
}

/// g = s y^B: the hyperbolic growth law (B = 1 Kremer's proportional growth, B = 0 constant
/// growth; Roodman 2020). Linear in s for fixed B, so it is estimated by variable projection over B
/// (`PowerGrowthRegression`).
public struct PowerGrowthModel: GrowthModel {
    public init() {}
    public var id: GrowthModelID { .powerGrowth }
    public var form: ModelForm { .growth }
    public var parameterNames: [String] { ["s", "B"] }
    public var formula: String { "g = s y^B" }

    /// The reported parameters, read by name rather than by position.
    public struct Parameters: Sendable {
        public var s: Double
        /// The exponent of the level in the growth law.
        public var B: Double
        public init(_ θ: [Double]) { (s, B) = (θ[0], θ[1]) }
    }

    public func estimator(for sample: ModelSample) -> GrowthModelEstimator {
        .separable(PowerGrowthRegression(levels: sample.levels, drift: false))
    }

    /// g(Y) = s Y^B at the level Y that ends the sample; for B > 0 the growth law dy/dt = s y^(1+B)
    /// explodes after T = 1/(B s Y^B) = 1/(B g) years, with ∂T/∂s = -T/s, ∂T/∂B = -T (1/B + ln Y).
    public func derivedQuantities(for sample: ModelSample) -> [DerivedDefinition] {
        let logLevel = log(sample.lastLevel)
        return [
            DerivedDefinition(
                name: "growth_rate_at_end", description: "fitted growth rate per year at the last level of the sample",
                value: { θ in θ[0] * exp(θ[1] * logLevel) },
                gradient: { θ in
                    let power = exp(θ[1] * logLevel)
                    return [power, θ[0] * power * logLevel]
                }),
            DerivedDefinition(
                name: "years_to_singularity",
                description: "years from the last level until the growth law diverges, 1/(B s Y^B)",
                value: { θ in 1 / (θ[1] * θ[0] * exp(θ[1] * logLevel)) },
                gradient: { θ in
                    let years = 1 / (θ[1] * θ[0] * exp(θ[1] * logLevel))
                    return [-years / θ[0], -years * (1 / θ[1] + logLevel)]
                }),
        ]
    }

    public func curve(_ parameters: [Double], at y: Double) -> Double {
        let θ = Parameters(parameters)
        return θ.s * pow(y, θ.B)
    }

    /// dg/dy = s B y^(B-1): its sign is that of s B.
    public func growthRisesWithLevel(_ parameters: [Double]) -> Bool? {
        let θ = Parameters(parameters)
        return θ.s * θ.B > 0
    }
}
