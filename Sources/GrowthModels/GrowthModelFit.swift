import Fitting

/// A quantity computed from a fit's parameters, with its delta-method standard error.
public struct DerivedQuantity: Codable, Equatable, Sendable {
    public var name: String
    public var value: Double
    /// Delta-method standard error (NaN where the gradient or covariance does not exist).
    public var standardError: Double
    /// What it is, with its unit.
    public var description: String

    public init(name: String, value: Double, standardError: Double, description: String) {
        self.name = name
        self.value = value
        self.standardError = standardError
        self.description = description
    }
}

/// One growth model fitted to one sample: the statistical result in the model's reported
/// parameters, plus what the parameters imply (growth rates, doubling times, singularity years).
public struct GrowthModelFit: Codable, Sendable {
    /// The model's name ("hyperbolic", or the formula for a formula model).
    public var model: String
    public var form: ModelForm
    /// The model as a formula, for reports.
    public var formula: String
    /// The fit in reported parameters (e.g. t_star on the year scale).
    public var fit: FitResult
    public var derived: [DerivedQuantity]
    /// The sample the model was fitted to (response, weights, window).
    public var sample: ModelSample

    public var converged: Bool { fit.converged }
    public func parameter(_ name: String) -> Double? { fit.value(of: name) }
    public func derivedValue(_ name: String) -> Double? { derived.first { $0.name == name }?.value }
}
