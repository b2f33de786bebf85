import Foundation
import Fitting

/// Which response a model describes. Models of different forms are never ranked against each
/// other: level models fit ln y, growth models fit interval growth rates g (docs/statistics.md,
/// "Comparability").
public enum ModelForm: String, Codable, Sendable, CaseIterable {
    /// ln y against the year t.
    case level
    /// The interval growth rate g against the level y at the start of the interval.
    case growth
}

/// A built-in growth model's identity: the name users script against (`--model hyperbolic`, the
/// `model` key of every JSON output). Each model's file declares its own constant
/// (`GrowthModelID.hyperbolic`), so that code names a model by a checked constant, never by a
/// string it could misspell.
public struct GrowthModelID: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// How a model is estimated: the three shapes of least-squares problem gdpfit distinguishes, each
/// carrying the model as the solver sees it on one sample (`GrowthRegression`).
public enum GrowthModelEstimator: Sendable {
    /// Linear in every parameter: solved directly by QR (`fitLinear`), no iteration.
    case linear(LinearDesignRegression)
    /// Linear in every parameter but one: variable projection (Golub & Pereyra 1973) finds the
    /// minimum by a one-dimensional search from the regression's coarse grid (`searchGrid`), with the
    /// covariance from the exact Jacobian there. Bootstrap refits go by variable projection from the
    /// regression's start.
    case separable(any SeparableGrowthRegression)
    /// Any other nonlinear model: GSL's trust-region least squares from the regression's start.
    case nonlinear(any GrowthRegression)

    /// The regression, whichever way it is estimated (refits and profiles treat all alike).
    public var regression: any GrowthRegression {
        switch self {
        case let .linear(model): model
        case let .separable(model): model
        case let .nonlinear(model): model
        }
    }
}

/// A built-in growth model: everything gdpfit knows about one model, in one type (as lmfit's
/// `Model` classes hold a function, its parameter hints and its `guess()`).
///
/// A conforming type states the model's identity and form, the parameters users read, its formula,
/// how it is estimated on a sample (with its start values, inside the regression), what its
/// parameters imply (derived quantities with exact gradients for the delta method), and its fitted
/// curve for plots. Registering it is one line in `GrowthModelCatalogue.all`; nothing else needs to
/// know it exists.
///
/// Parameter vectors passed to the curve and the derived quantities are in the reported
/// parametrisation, in the order of `parameterNames`.
public protocol GrowthModel: Sendable {
    /// The model's identity (its name for users and in JSON).
    var id: GrowthModelID { get }
    /// The response it describes: ln y over t, or g over y.
    var form: ModelForm { get }
    /// Reported parameter names, in order (JSON `parameters[].name`).
    var parameterNames: [String] { get }
    /// The model as a formula, for reports and documentation, e.g. "ln y = a + r t".
    var formula: String { get }

    /// The model as the solver sees it on `sample`, and how it is estimated.
    func estimator(for sample: ModelSample) -> GrowthModelEstimator

    /// What the parameters imply (growth rates, doubling times, singularity years), each with its
    /// exact gradient, for delta-method standard errors and bootstrap intervals.
    func derivedQuantities(for sample: ModelSample) -> [DerivedDefinition]

    /// The fitted response at a regressor value: ln y at year t for a level model, the growth rate
    /// g at level y for a growth model. NaN where the model is undefined.
    func curve(_ parameters: [Double], at x: Double) -> Double

    /// The year at which the fitted level becomes infinite, for a model with a finite-time
    /// singularity; nil otherwise (the default). Plots end the curve before it and mark it.
    func singularityYear(_ parameters: [Double]) -> Double?

    /// Whether the growth rate rises with the level (dg/dy > 0 for every y > 0), falls, or does not
    /// depend on it (nil: constant growth and level models; the default).
    func growthRisesWithLevel(_ parameters: [Double]) -> Bool?

    /// What the model family tends to when its least squares keep falling towards an end of the
    /// estimator's parameter domain (`upperEnd`: the upper end), if that limit has a name; nil (the
    /// default) for a plain boundary.
    func limit(atUpperEnd upperEnd: Bool) -> GrowthModelLimit?
}

/// A limit of a model family that a fit can run into instead of a minimum inside it.
public enum GrowthModelLimit: String, Codable, Sendable {
    /// The hyperbola with t* → ∞ (k/t* fixed): the exponential. Its fit is the answer.
    case exponential = "exponential_limit"
    /// The hyperbola with t* → t_last: the last observation gets a term of its own and the rest a
    /// constant; never attained, and no growth law.
    case degenerate
}

extension GrowthModel {
    public func singularityYear(_ parameters: [Double]) -> Double? { nil }
    public func growthRisesWithLevel(_ parameters: [Double]) -> Bool? { nil }
    public func limit(atUpperEnd upperEnd: Bool) -> GrowthModelLimit? { nil }
}
