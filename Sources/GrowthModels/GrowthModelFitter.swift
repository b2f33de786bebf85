import Foundation
import Fitting

/// Fits the built-in growth models (and formula models) to a `ModelSample`.
///
/// Models linear in their parameters (exponential, constant-growth, linear-growth) are solved
/// directly by QR (`fitLinear`); the others by GSL's trust-region least squares from automatic
/// starting values (`StartValues`), in an internal parametrisation chosen for conditioning and
/// reported back in the users' parameters with the delta method (`FitResult.reparametrised`).
public enum GrowthModelFitter {
    /// Fits a built-in model. A fit that does not converge is returned with its status, never
    /// thrown; invalid requests (too few observations, a wrong form) throw.
    public static func fit(
        _ kind: GrowthModelKind, to sample: ModelSample, options: NonlinearLeastSquaresOptions = .default
    ) throws(AnalysisError) -> GrowthModelFit {
        guard kind.form == sample.form else {
            throw .invalidRequest("\(kind.rawValue) is a \(kind.form.rawValue)-form model; the sample is in \(sample.form.rawValue) form")
        }
        let p = kind.parameterNames.count
        guard sample.count > p else {
            throw .tooFewObservations(sample: sample.label, model: kind.rawValue, observations: sample.count, needed: p + 1)
        }
        let context = "\(kind.rawValue) on \(sample.label)"
        let result: FitResult
        do {
            switch kind {
            case .exponential:
                result = try fitLinear(
                    design: DesignMatrix(columns: [ones(sample.count), sample.years]), response: sample.response,
                    weights: sample.weights, parameterNames: kind.parameterNames, model: kind.rawValue)
            case .constantGrowth:
                result = try fitLinear(
                    design: DesignMatrix(columns: [ones(sample.count)]), response: sample.response,
                    weights: sample.weights, parameterNames: kind.parameterNames, model: kind.rawValue)
            case .linearGrowth:
                result = try fitLinear(
                    design: DesignMatrix(columns: [ones(sample.count), sample.levels]), response: sample.response,
                    weights: sample.weights, parameterNames: kind.parameterNames, model: kind.rawValue)
            case .hyperbolic:
                let model = HyperbolicLevelRegression(years: sample.years)
                let grid = HyperbolicStartGrid(model, weights: sample.weights)
                let solverFit = try fitSeparable(
                    model, to: sample, start: grid.start(logLevels: sample.response), initialStep: grid.spacing,
                    options: options)
                result = try reported(solverFit, names: kind.parameterNames, model: kind.rawValue, map: model.reported)
            case .powerGrowth, .powerGrowthDrift:
                let model = PowerGrowthRegression(levels: sample.levels, drift: kind == .powerGrowthDrift)
                let start = StartValues.powerGrowth(model, growth: sample.response, weights: sample.weights)
                let solverFit = try fitSeparable(
                    model, to: sample, start: start, initialStep: StartValues.powerGrowthGridSpacing, options: options)
                result = try reported(solverFit, names: kind.parameterNames, model: kind.rawValue, map: model.reported)
            }
        } catch {
            throw .fitting(context: context, error: error)
        }
        return GrowthModelFit(
            model: kind.rawValue, form: kind.form, formula: kind.formula, fit: result,
            derived: DerivedQuantities.of(kind, fit: result, sample: sample), sample: sample)
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
            return GrowthModelFit(model: formula, form: sample.form, formula: formula, fit: result, derived: [], sample: sample)
        } catch {
            throw .fitting(context: "the formula on \(sample.label)", error: error)
        }
    }

    private static func ones(_ n: Int) -> [Double] { [Double](repeating: 1, count: n) }

    /// A separable model (hyperbolic, power growth) from its grid start: variable projection
    /// (`SeparableLeastSquares`) finds the minimum to full precision in a one-dimensional search;
    /// GSL's Levenberg–Marquardt then starts from it, confirms it (typically in one or two
    /// iterations) and gives the fit its status, covariance and diagnostics. Where variable
    /// projection does not converge (a minimum beyond the domain, an undefined profile), GSL starts
    /// from the grid start instead and reports whatever it finds, converged or not.
    private static func fitSeparable(
        _ model: some SeparableRegressionModel, to sample: ModelSample, start: [Double], initialStep: Double,
        options: NonlinearLeastSquaresOptions
    ) throws(FittingError) -> FitResult {
        let n = sample.count, p = model.parameterCount
        let θ = UnsafeMutableBufferPointer<Double>.allocate(capacity: p)
        defer { θ.deallocate() }
        let summary = try SeparableLeastSquares(observations: n, parameters: p).fitParameters(
            model, response: sample.response, weights: sample.weights, start: start, initialStep: initialStep,
            parameters: θ)
        return try NonlinearLeastSquares(observations: n, parameters: p, options: options).fit(
            model, response: sample.response, weights: sample.weights,
            start: summary.status == .converged ? Array(θ) : start)
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
