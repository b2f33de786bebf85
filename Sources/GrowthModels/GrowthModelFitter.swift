import Foundation
import Fitting

/// Fits the built-in growth models (and formula models) to a `ModelSample`.
///
/// Models linear in their parameters (exponential, constant-growth, linear-growth) are solved
/// directly by QR (`fitLinear`); those linear in all parameters but one (hyperbolic, power growth)
/// by variable projection (`SeparableLeastSquares.fit`), refined by GSL's solver when solver options
/// other than the defaults ask for it; the others by GSL's trust-region least
/// squares from automatic starting values (`StartValues`). All in an internal parametrisation
/// chosen for conditioning, reported back in the users' parameters with the delta method
/// (`FitResult.reparametrised`).
public enum GrowthModelFitter {
    /// Fits a built-in model. A fit that does not converge is returned with its status, never
    /// thrown; invalid requests (too few observations, a wrong form) throw.
    public static func fit(
        _ model: any GrowthModel, to sample: ModelSample, options: NonlinearLeastSquaresOptions = .default
    ) throws(AnalysisError) -> GrowthModelFit {
        let name = model.id.rawValue
        guard model.form == sample.form else {
            throw .invalidRequest("\(name) is a \(model.form.rawValue)-form model; the sample is in \(sample.form.rawValue) form")
        }
        let p = model.parameterNames.count
        guard sample.count > p else {
            throw .tooFewObservations(sample: sample.label, model: name, observations: sample.count, needed: p + 1)
        }
        var result: FitResult
        var limit: GrowthModelLimit?
        do {
            switch model.estimator(for: sample) {
            case let .linear(design):
                result = try fitLinear(
                    design: DesignMatrix(columns: design.columns), response: sample.response, weights: sample.weights,
                    parameterNames: model.parameterNames, model: name)
            case let .separable(regression):
                let (solverFit, upperEnd) = try fitSeparable(regression, to: sample, options: options)
                result = try reported(solverFit, names: model.parameterNames, model: name, map: regression.reported)
                if let upperEnd {
                    result.status = .domainBoundary
                    limit = model.limit(atUpperEnd: upperEnd)
                }
            case let .nonlinear(regression):
                let start = regression.start(response: sample.response, weights: sample.weights)
                let solverFit = try fitNonlinear(
                    regression, response: sample.response, weights: sample.weights, start: start.parameters, options: options)
                result = try reported(solverFit, names: model.parameterNames, model: name, map: regression.reported)
            }
        } catch {
            throw .fitting(context: "\(name) on \(sample.label)", error: error)
        }
        return GrowthModelFit(
            model: .builtIn(model.id), form: model.form, formula: model.formula, fit: result,
            derived: result.parameters.allSatisfy(\.isFinite)
                ? model.derivedQuantities(for: sample).map { $0.evaluated(at: result) } : [],
            sample: sample, limit: limit)
    }

    /// Fits the built-in model `id` of the catalogue.
    public static func fit(
        _ id: GrowthModelID, to sample: ModelSample, options: NonlinearLeastSquaresOptions = .default
    ) throws(AnalysisError) -> GrowthModelFit {
        guard let model = GrowthModelCatalogue.model(id) else {
            throw .invalidRequest("no built-in model '\(id)' (models: \(GrowthModelCatalogue.names.joined(separator: ", ")))")
        }
        return try fit(model, to: sample, options: options)
    }

    /// Fits a formula model to a level-form sample's series: the variables are `t` (alias `x`), the
    /// year, and `y`, the level; without a left side the formula models y itself. For a growth-form
    /// sample the variables are `y` (alias `x`), the level at the start of each interval, `t`, its
    /// start year, and `g`, the interval growth rate, which the formula models.
    public static func fit(
        formula: String, start: [(name: String, value: Double)], to sample: ModelSample,
        options: NonlinearLeastSquaresOptions = .default
    ) throws(AnalysisError) -> GrowthModelFit {
        let data: [String: [Double]]
        let defaultResponse: [Double]
        switch sample.form {
        case .level:
            data = ["t": sample.years, "x": sample.years, "y": sample.levels]
            defaultResponse = sample.levels
        case .growth:
            data = ["t": sample.years, "x": sample.levels, "y": sample.levels, "g": sample.response]
            defaultResponse = sample.response
        }
        let model: FormulaModel
        do {
            model = try FormulaModel(formula, parameters: start.map(\.name), data: data)
        } catch {
            throw .formula(error)
        }
        guard sample.count > start.count else {
            throw .tooFewObservations(sample: sample.label, model: "the formula", observations: sample.count, needed: start.count + 1)
        }
        do {
            let result = try fitNonlinear(
                model, response: model.response ?? defaultResponse, weights: sample.weights, start: start.map(\.value),
                options: options)
            return GrowthModelFit(model: .formula(formula), form: sample.form, formula: formula, fit: result, derived: [], sample: sample)
        } catch {
            throw .fitting(context: "the formula on \(sample.label)", error: error)
        }
    }

    /// A separable model (hyperbolic, power growth) by variable projection
    /// (`SeparableLeastSquares.fit`): a one-dimensional search over the model's bounded domain from
    /// the coarse grid of its nonlinear parameter (`searchGrid`), the minimum to full precision by
    /// Brent's method on the exact derivative of the profile RSS, and the covariance from the exact
    /// Jacobian at that minimum. No Levenberg–Marquardt run follows: at the minimum of the profile
    /// the gradient in every parameter vanishes (∂RSS/∂β = 0 by construction, ∂RSS/∂α = 0 as the
    /// root), which is all such a run would confirm.
    ///
    /// The bounded profile is the one definition of the minimum, shared with the bootstrap
    /// (`LevelBootstrap`): where it is still falling at an end of the domain, the minimum is a limit
    /// of the family, and the fit says so (`upperEnd` is which end) instead of reporting a point on
    /// the never-attained path as converged. The numbers at that end are reported without a
    /// covariance; they are not estimates. Where the profile cannot be evaluated at all, GSL's
    /// Levenberg–Marquardt (with `options`) starts from the model's grid start and reports whatever
    /// it finds.
    private static func fitSeparable(
        _ model: some SeparableGrowthRegression, to sample: ModelSample, options: NonlinearLeastSquaresOptions
    ) throws(FittingError) -> (fit: FitResult, upperEnd: Bool?) {
        let n = sample.count, p = model.parameterCount
        let (result, summary) = try SeparableLeastSquares(observations: n, parameters: p).fit(
            model, response: sample.response, weights: sample.weights, searching: model.searchGrid)
        switch summary.status {
        case .converged:
            // Solver options other than the defaults are a request for GSL's trust-region solver
            // (`gdpfit fit --method dogleg`, a tighter --xtol): it refines the variable-projection
            // minimum with them, so the fit reported is GSL's at the same minimum.
            if let result, options != .default {
                return (try NonlinearLeastSquares(observations: n, parameters: p, options: options).fit(
                    model, response: sample.response, weights: sample.weights, start: result.parameters), nil)
            }
            if let result { return (result, nil) }
        case .boundary:
            if let result {
                let bound = model.nonlinearParameterDomain
                let α = result.parameters[model.nonlinearParameterIndex]
                return (result, abs(α - bound.upperBound) <= abs(α - bound.lowerBound))
            }
        case .nonFinite:
            break
        }
        let start = model.start(response: sample.response, weights: sample.weights)
        return (try NonlinearLeastSquares(observations: n, parameters: p, options: options).fit(
            model, response: sample.response, weights: sample.weights, start: start.parameters), nil)
    }

    /// The internal fit re-expressed in reported parameters; a fit that did not converge keeps its
    /// status and is re-expressed all the same (its numbers are not estimates, and say so).
    private static func reported(
        _ solverFit: FitResult, names: [String], model: String, map: @escaping ([Double]) -> (values: [Double], jacobian: [Double])
    ) throws(FittingError) -> FitResult {
        var result = try solverFit.reparametrised(names: names, transform: { map($0).values }, jacobian: { map($0).jacobian })
        result.model = model
        return result
    }
}
