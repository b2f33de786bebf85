import ArgumentParser
import GrowthModels

/// What `--model` names on `fit` and `plot`: a least-squares model of the catalogue, or Roodman's
/// stochastic hyperbolic model.
///
/// The stochastic model is deliberately not a `GrowthModelKind`: that enum is the least-squares
/// catalogue (`models(of:)`, the regressions, the hypothesis test's rankings), whose members share a
/// response (ln y or growth rates) and are ranked against each other by AIC and BIC. The stochastic
/// model is fitted by maximum likelihood of the transition densities of y, a different response:
/// its AIC is not comparable (docs/statistics.md: never rank across responses), so it has its own fit
/// path, report and rows everywhere it appears.
enum ModelChoice: Equatable, ExpressibleByArgument {
    case leastSquares(GrowthModelKind)
    case stochasticHyperbolic

    static let stochasticName = "stochastic-hyperbolic"

    init?(argument: String) {
        if argument == Self.stochasticName {
            self = .stochasticHyperbolic
        } else if let kind = GrowthModelKind(rawValue: argument) {
            self = .leastSquares(kind)
        } else {
            return nil
        }
    }

    var name: String {
        switch self {
        case .leastSquares(let kind): kind.rawValue
        case .stochasticHyperbolic: Self.stochasticName
        }
    }

    /// The least-squares model, nil for the stochastic one.
    var leastSquares: GrowthModelKind? {
        if case .leastSquares(let kind) = self { return kind }
        return nil
    }

    static var allValueStrings: [String] { GrowthModelKind.allCases.map(\.rawValue) + [stochasticName] }
}
