import Foundation

extension GrowthModelID {
    public static let exponential = GrowthModelID(rawValue: "exponential")
}

/// ln y = a + r t: constant exponential growth at rate r per year. Linear in (a, r).
public struct ExponentialModel: GrowthModel {
    public init() {}
    public var id: GrowthModelID { .exponential }
    public var form: ModelForm { .level }
    public var parameterNames: [String] { ["a", "r"] }
    public var formula: String { "ln y = a + r t" }

    /// The reported parameters, read by name rather than by position.
    public struct Parameters: Sendable {
        public var a: Double
        /// The continuous growth rate per year.
        public var r: Double
        public init(_ θ: [Double]) { (a, r) = (θ[0], θ[1]) }
    }

    public func estimator(for sample: ModelSample) -> GrowthModelEstimator {
        .linear(LinearDesignRegression(columns: [.ones(sample.count), sample.years], parameterNames: parameterNames))
    }

    /// r, and the doubling time T₂ = ln 2 / r, ∂T₂/∂r = -ln 2 / r².
    public func derivedQuantities(for sample: ModelSample) -> [DerivedDefinition] {
        let ln2 = log(2.0)
        return [
            DerivedDefinition(name: "growth_rate", description: "continuous growth rate per year",
                              value: { $0[1] }, gradient: { _ in [0, 1] }),
            DerivedDefinition(name: "doubling_time", description: "years for y to double, ln 2 / r",
                              value: { ln2 / $0[1] }, gradient: { [0, -ln2 / ($0[1] * $0[1])] }),
        ]
    }

    public func curve(_ parameters: [Double], at t: Double) -> Double {
        let θ = Parameters(parameters)
        return θ.a + θ.r * t
    }
}
