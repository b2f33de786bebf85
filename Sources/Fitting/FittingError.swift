/// Every way a fit can be refused before or during the numerics. Each case carries enough to write
/// one clear line for a user (`description`); none of them is ever raised as a trap or an abort.
public enum FittingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer observations than parameters (or, for statistics that need them, degrees of freedom).
    case tooFewObservations(observations: Int, parameters: Int)
    /// A response, regressor or weight that is NaN or infinite, at a 0-based observation index.
    case nonFiniteData(what: String, index: Int)
    /// A weight that is zero or negative, at a 0-based observation index.
    case nonPositiveWeight(index: Int, value: Double)
    /// Arrays that should have one entry per observation (or per parameter) do not.
    case dimensionMismatch(String)
    /// The model cannot be evaluated at the starting point (a non-finite value or derivative).
    case undefinedAtStart(parameter: [String: Double], detail: String)
    /// The Jacobian at the solution is rank-deficient, so the covariance does not exist.
    case singularJacobian(rank: Int, parameters: Int)
    /// A formula could not be parsed or refers to an unknown name; the message has a caret line.
    case formula(FormulaError)
    /// A name given for a parameter start value is not a parameter of the model, or one is missing.
    case startValues(String)
    /// A LAPACK or GSL routine returned an error code.
    case numerical(routine: String, code: Int)
    /// Anything else that makes the request invalid.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .tooFewObservations(n, p):
            return "too few observations: \(n) for \(p) parameters (need at least \(p + 1))"
        case let .nonFiniteData(what, index):
            return "non-finite \(what) at observation \(index + 1)"
        case let .nonPositiveWeight(index, value):
            return "weight at observation \(index + 1) is \(value); weights must be positive"
        case let .dimensionMismatch(message):
            return "dimension mismatch: \(message)"
        case let .undefinedAtStart(parameters, detail):
            let values = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: ", ")
            return "the model is undefined at the starting point (\(values)): \(detail)"
        case let .singularJacobian(rank, p):
            return "the Jacobian is singular at the solution (rank \(rank) of \(p)): "
                + "parameters are not identified, so no covariance exists"
        case let .formula(error):
            return error.description
        case let .startValues(message):
            return "start values: \(message)"
        case let .numerical(routine, code):
            return "\(routine) failed with code \(code)"
        case let .invalidArgument(message):
            return message
        }
    }
}
