import Foundation

extension GrowthModelID {
    public static let constantGrowth = GrowthModelID(rawValue: "constant-growth")
}

/// g = c: growth at a constant rate, whatever the level (the rival of the hyperbolic growth
/// hypothesis within an era; Garfinkel 2020). Linear in c.
public struct ConstantGrowthModel: GrowthModel {
    public init() {}
    public var id: GrowthModelID { .constantGrowth }
    public var form: ModelForm { .growth }
    public var parameterNames: [String] { ["c"] }
    public var formula: String { "g = c" }

    public func estimator(for sample: ModelSample) -> GrowthModelEstimator {
        .linear(LinearDesignRegression(columns: [.ones(sample.count)], parameterNames: parameterNames))
    }

    /// T₂ = ln 2 / c, ∂T₂/∂c = -ln 2 / c².
    public func derivedQuantities(for sample: ModelSample) -> [DerivedDefinition] {
        let ln2 = log(2.0)
        return [DerivedDefinition(name: "doubling_time", description: "years to double at rate c, ln 2 / c",
                                  value: { ln2 / $0[0] }, gradient: { [-ln2 / ($0[0] * $0[0])] })]
    }

    public func curve(_ parameters: [Double], at y: Double) -> Double { parameters[0] }
}
