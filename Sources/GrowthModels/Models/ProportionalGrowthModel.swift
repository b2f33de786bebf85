import Foundation

extension GrowthModelID {
    public static let proportionalGrowth = GrowthModelID(rawValue: "proportional-growth")
}

/// g = s y: growth proportional to the level, Kremer's (1993) hyperbolic growth hypothesis itself
/// (power growth with B = 1, nested in it). Linear in s (a regression through the origin).
public struct ProportionalGrowthModel: GrowthModel {
    public init() {}
    public var id: GrowthModelID { .proportionalGrowth }
    public var form: ModelForm { .growth }
    public var parameterNames: [String] { ["s"] }
    public var formula: String { "g = s y" }

    public func estimator(for sample: ModelSample) -> GrowthModelEstimator {
        .linear(LinearDesignRegression(columns: [sample.levels], parameterNames: parameterNames))
    }

    /// At the level Y that ends the sample: the growth rate s Y (gradient Y), and, since
    /// dy/dt = s y² reaches infinity after T = 1/(s Y) years, the years to singularity
    /// (∂T/∂s = -T/s).
    public func derivedQuantities(for sample: ModelSample) -> [DerivedDefinition] {
        let level = sample.lastLevel
        return [
            DerivedDefinition(
                name: "growth_rate_at_end", description: "fitted growth rate per year at the last level of the sample",
                value: { $0[0] * level }, gradient: { _ in [level] }),
            DerivedDefinition(
                name: "years_to_singularity", description: "years from the last level until the growth law diverges, 1/(s Y)",
                value: { 1 / ($0[0] * level) }, gradient: { θ in [-1 / (θ[0] * θ[0] * level)] }),
        ]
    }

    public func curve(_ parameters: [Double], at y: Double) -> Double { parameters[0] * y }

    public func growthRisesWithLevel(_ parameters: [Double]) -> Bool? { parameters[0] > 0 }
}
