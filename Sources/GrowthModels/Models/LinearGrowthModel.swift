import Foundation

extension GrowthModelID {
    public static let linearGrowth = GrowthModelID(rawValue: "linear-growth")
}

/// g = a + b y: growth linear in the level (Kremer 1993's regression). Linear in (a, b).
public struct LinearGrowthModel: GrowthModel {
    public init() {}
    public var id: GrowthModelID { .linearGrowth }
    public var form: ModelForm { .growth }
    public var parameterNames: [String] { ["a", "b"] }
    public var formula: String { "g = a + b y" }

    /// The reported parameters, read by name rather than by position.
    public struct Parameters: Sendable {
        public var a: Double
        /// dg/dy.
        public var b: Double
        public init(_ θ: [Double]) { (a, b) = (θ[0], θ[1]) }
    }

    public func estimator(for sample: ModelSample) -> GrowthModelEstimator {
        .linear(LinearDesignRegression(columns: [.ones(sample.count), sample.levels], parameterNames: parameterNames))
    }

    /// Growth at the level Y that ends the sample: a + b Y, gradient (1, Y).
    public func derivedQuantities(for sample: ModelSample) -> [DerivedDefinition] {
        let level = sample.lastLevel
        return [DerivedDefinition(
            name: "growth_rate_at_end", description: "fitted growth rate per year at the last level of the sample",
            value: { $0[0] + $0[1] * level }, gradient: { _ in [1, level] })]
    }

    public func curve(_ parameters: [Double], at y: Double) -> Double {
        let θ = Parameters(parameters)
        return θ.a + θ.b * y
    }

    public func growthRisesWithLevel(_ parameters: [Double]) -> Bool? { Parameters(parameters).b > 0 }
}
