import ArgumentParser
import GrowthModels

/// What `--model` names on `fit` and `plot`: a least-squares model of the catalogue, or Roodman's
/// stochastic hyperbolic model.
///
/// The stochastic model is deliberately not in `GrowthModelCatalogue`: the catalogue holds the
/// least-squares models, whose members share a response (ln y or growth rates) and are ranked
/// against each other by AIC and BIC. The stochastic model is fitted by maximum likelihood of the
/// transition densities of y, a different response: its AIC is not comparable (docs/statistics.md:
/// never rank across responses), so it has its own fit path, report and rows everywhere it appears.
enum ModelChoice: Equatable, ExpressibleByArgument {
    case leastSquares(GrowthModelID)
    case stochasticHyperbolic

    static let stochasticName = "stochastic-hyperbolic"

    init?(argument: String) {
        if argument == Self.stochasticName {
            self = .stochasticHyperbolic
        } else if let model = GrowthModelCatalogue.model(named: argument) {
            self = .leastSquares(model.id)
        } else {
            return nil
        }
    }

    var name: String {
        switch self {
        case .leastSquares(let id): id.rawValue
        case .stochasticHyperbolic: Self.stochasticName
        }
    }

    /// The least-squares model, nil for the stochastic one.
    var leastSquares: (any GrowthModel)? {
        if case .leastSquares(let id) = self { return GrowthModelCatalogue.model(id) }
        return nil
    }

    static var allValueStrings: [String] { GrowthModelCatalogue.names + [stochasticName] }

    /// Shell completion offers the model names.
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }

    /// The catalogue's models of a form, for help texts ("exponential, hyperbolic, …"): listed from
    /// the catalogue so that a new model appears in `--help` without editing it.
    static func names(of form: ModelForm) -> String {
        GrowthModelCatalogue.models(of: form).map(\.id.rawValue).joined(separator: ", ")
    }
}
