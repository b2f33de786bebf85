import Foundation
import Fitting

/// What a model's reported parameters imply: a name, a description with its unit, the value as a
/// function of the parameters and its exact gradient (written out beside each model's formula).
public struct DerivedDefinition: Sendable {
    public let name: String
    public let description: String
    public let value: @Sendable ([Double]) -> Double
    public let gradient: @Sendable ([Double]) -> [Double]

    public init(
        name: String, description: String, value: @escaping @Sendable ([Double]) -> Double,
        gradient: @escaping @Sendable ([Double]) -> [Double]
    ) {
        self.name = name
        self.description = description
        self.value = value
        self.gradient = gradient
    }

    /// The quantity at a fit's estimate, with its delta-method standard error from the fit's
    /// covariance (NaN where the gradient or the covariance does not exist).
    func evaluated(at fit: FitResult) -> DerivedQuantity {
        let θ = fit.parameters
        let se = (try? DeltaMethod.standardError(gradient: gradient(θ), covariance: fit.covariance)) ?? .nan
        return DerivedQuantity(name: name, value: value(θ), standardError: se, description: description)
    }
}

extension ModelSample {
    /// The level at the end of a growth sample: the start level of the last interval grown by its
    /// rate over its length (NaN for an empty sample or a level sample).
    var lastLevel: Double {
        guard let y = levels.last, let g = response.last, let t0 = years.last, let t1 = endYears?.last else { return .nan }
        switch rateKind ?? .continuous {
        case .continuous: return y * exp(g * (t1 - t0))
        case .discrete: return y * pow(1 + g, t1 - t0)
        }
    }
}

extension Array where Element == Double {
    /// A column of n ones: the intercept of a linear design.
    static func ones(_ n: Int) -> [Double] { [Double](repeating: 1, count: n) }
}
