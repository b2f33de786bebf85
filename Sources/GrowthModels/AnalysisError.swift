import Fitting

/// Why a model, a comparison or the hypothesis test could not be computed, in one line a user can
/// act on. Wraps the data and numerical errors below it with the context they lacked.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Loading or selecting the data failed.
    case data(SeriesError)
    /// Too few observations for a model in a sample ("pre-modern era of kremer-1993", ...).
    case tooFewObservations(sample: String, model: String, observations: Int, needed: Int)
    /// A weighting that does not apply (a missing column, a non-positive weight).
    case weights(String)
    /// A fit failed as a request (not as a non-convergence, which is a status, not an error).
    case fitting(context: String, error: FittingError)
    /// A formula model's text or start values are wrong.
    case formula(FormulaError)
    /// Any other invalid request (an empty window, a split outside the window, ...).
    case invalidRequest(String)

    public var description: String {
        switch self {
        case let .data(error): return error.description
        case let .tooFewObservations(sample, model, n, needed):
            return "\(sample): \(n) observations are too few for \(model) (needs at least \(needed))"
        case let .weights(message): return "weights: \(message)"
        case let .fitting(context, error): return "\(context): \(error.description)"
        case let .formula(error): return error.description
        case let .invalidRequest(message): return message
        }
    }
}
