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

/// What was fitted: a built-in model of the catalogue, or a user's formula. Encoded as its name
/// (the model's identity, or the formula's text), as every JSON output shows it.
public enum FittedModel: Hashable, Sendable, Codable, CustomStringConvertible {
    case builtIn(GrowthModelID)
    case formula(String)

    /// The model's name, or the formula.
    public var description: String {
        switch self {
        case let .builtIn(id): id.rawValue
        case let .formula(text): text
        }
    }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        self = GrowthModelCatalogue.model(named: name).map { .builtIn($0.id) } ?? .formula(name)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// One growth model fitted to one sample: the statistical result in the model's reported
/// parameters, plus what the parameters imply (growth rates, doubling times, singularity years).
public struct GrowthModelFit: Codable, Sendable {
    public var model: FittedModel
    public var form: ModelForm
    /// The model as a formula, for reports.
    public var formula: String
    /// The fit in reported parameters (e.g. t_star on the year scale).
    public var fit: FitResult
    public var derived: [DerivedQuantity]
    /// The sample the model was fitted to (response, weights, window).
    public var sample: ModelSample
    /// Set when the least squares ran into a limit of the model family instead of a minimum inside
    /// it (status `domainBoundary`): for the hyperbola, the exponential limit or the degenerate one.
    public var limit: GrowthModelLimit?

    public var converged: Bool { fit.converged }

    /// The built-in model, nil for a formula.
    public var builtInModel: (any GrowthModel)? {
        guard case let .builtIn(id) = model else { return nil }
        return GrowthModelCatalogue.model(id)
    }

    /// Whether this is a fit of the built-in model `id`.
    public func isModel(_ id: GrowthModelID) -> Bool { model == .builtIn(id) }

    /// A parameter's value by its reported name (for scripts and tests; the library reads
    /// parameters through each model's typed `Parameters`).
    public func parameter(_ name: String) -> Double? { fit.value(of: name) }
    public func derivedValue(_ name: String) -> Double? { derived.first { $0.name == name }?.value }
}

extension Sequence where Element == GrowthModelFit {
    /// The converged fit of a built-in model, if any.
    public func converged(_ id: GrowthModelID) -> GrowthModelFit? { first { $0.isModel(id) && $0.converged } }
}

extension GrowthModelFit {
    /// ∂f_i/∂θ at the fit, row-major n × p, in the solver's parametrisation of a built-in model (the
    /// statistics that use it, such as Vuong's variance test, do not depend on the parametrisation);
    /// nil for a formula model or where a derivative is not finite.
    public func solverJacobian() -> [Double]? {
        guard let model = builtInModel else { return nil }
        let regression = model.estimator(for: sample).regression
        guard regression.hasAnalyticJacobian else { return nil }
        let jacobian = regression.jacobian(at: regression.solverParameters(reported: fit.parameters))
        return jacobian.allSatisfy(\.isFinite) ? jacobian : nil
    }
}
