import Foundation
import Fitting

/// Intervals for a built-in model's parameters and derived quantities: the bootstrap (any scheme of
/// `Fitting.Bootstrap`) and the profile likelihood. Both refit the model's solver form
/// (`GrowthRegression`) on the same sample, warm-started from the estimate.
public enum GrowthModelUncertainty {
    /// Refits in the bootstrap start from the estimate, which is close to every replicate's optimum.
    /// The separable models (hyperbolic, power growth) are refitted by variable projection
    /// (`SeparableRefitter`); the linear ones, and any separable refit whose profile cannot be
    /// evaluated, by one Levenberg–Marquardt run with two polish restarts and no fallback methods.
    static let refitOptions = NonlinearLeastSquaresOptions(maxIterations: 500, polishRestarts: 2, fallbackMethods: [])

    /// Bootstrap of the parameters and derived quantities of `fit`. Each replicate's refit yields
    /// the reported parameters and the derived quantities computed from them, so skewed quantities
    /// such as t* get intervals that follow their distribution rather than the delta method's.
    ///
    /// With `intervals` containing `.bca`, the acceleration comes from the jackknife: n refits with
    /// one observation left out each (the model's regressors rebuilt without it), warm-started from
    /// the estimate.
    public static func bootstrap(
        _ fit: GrowthModelFit, replicates: Int, seed: UInt64, scheme: BootstrapScheme = .residual,
        confidenceLevel: Double = 0.95, intervals: [BootstrapIntervalType] = [.percentile, .basic],
        threads: Int? = nil
    ) throws(AnalysisError) -> BootstrapResult {
        guard let model = fit.builtInModel else {
            throw .invalidRequest("the bootstrap is offered for the built-in models, not for formula '\(fit.model)'")
        }
        let sample = fit.sample
        let regression = model.estimator(for: sample).regression
        let derived = model.derivedQuantities(for: sample)
        // Each worker builds its own definitions: closures shared between threads would have their
        // contexts' reference counts written by both (see `Array.threadLocalCopy`).
        let derivedForWorker: @Sendable () -> [DerivedDefinition] = { model.derivedQuantities(for: sample) }
        let estimate = fit.fit.parameters + derived.map { $0.value(fit.fit.parameters) }
        do {
            let input = try BootstrapInput(
                parameterNames: fit.fit.parameterNames + derived.map(\.name), estimate: estimate,
                fitted: fit.fit.fitted, residuals: fit.fit.residuals, weights: fit.fit.weights,
                modelParameterCount: fit.fit.p)
            let options = BootstrapOptions(
                scheme: scheme, replicates: replicates, seed: seed, confidenceLevel: confidenceLevel,
                intervals: intervals, threads: threads)
            let start = regression.solverParameters(reported: fit.fit.parameters)
            let acceleration: BootstrapAcceleration? = intervals.contains(.bca)
                ? .jackknife(leaveOneOut: { i in
                    let reduced = sample.removing(i)
                    let refit = try refitFactory(
                        model.estimator(for: reduced).regression, start: start, weights: reduced.weights, derived: derivedForWorker)()
                    return try refit(reduced.response)
                })
                : nil
            return try Bootstrap.run(input, options: options, acceleration: acceleration, refitFactory: refitFactory(
                regression, start: start, weights: sample.weights, derived: derivedForWorker))
        } catch {
            throw .fitting(context: "bootstrap of \(fit.model) on \(sample.label)", error: error)
        }
    }

    private static func refitFactory(
        _ model: any GrowthRegression, start: [Double], weights: [Double]?,
        derived: @escaping @Sendable () -> [DerivedDefinition]
    ) -> RefitFactory {
        if let separable = model as? any SeparableGrowthRegression {
            return separableRefitFactory(separable, start: start, weights: weights, derived: derived)
        }
        return typedRefitFactory(model, start: start, weights: weights, derived: derived)
    }

    private static func typedRefitFactory<Model: GrowthRegression>(
        _ model: Model, start: [Double], weights: [Double]?, derived: @escaping @Sendable () -> [DerivedDefinition]
    ) -> RefitFactory {
        let p = model.parameterCount, n = model.observationCount
        return {
            let solver = try NonlinearLeastSquares(observations: n, parameters: p, options: refitOptions)
            let model = model.threadLocalCopy(), weights = weights?.threadLocalCopy(), start = start.threadLocalCopy()
            let derived = derived()
            var θ = [Double](repeating: 0, count: p)
            return { response in
                let summary = try θ.withUnsafeMutableBufferPointer { buffer in
                    try solver.fitParameters(model, response: response, weights: weights, start: start, parameters: buffer)
                }
                return refit(model, θ, rss: summary.rss, converged: summary.status.isConverged, derived: derived)
            }
        }
    }

    private static func separableRefitFactory<Model: SeparableGrowthRegression>(
        _ model: Model, start: [Double], weights: [Double]?, derived: @escaping @Sendable () -> [DerivedDefinition]
    ) -> RefitFactory {
        let p = model.parameterCount, n = model.observationCount
        return {
            let refitter = try SeparableRefitter(observations: n, parameters: p, fallbackOptions: refitOptions)
            let model = model.threadLocalCopy(), weights = weights?.threadLocalCopy(), start = start.threadLocalCopy()
            let derived = derived()
            var θ = [Double](repeating: 0, count: p)
            return { response in
                let outcome = try refitter.refit(model, response: response, weights: weights, start: start, into: &θ)
                return refit(model, θ, rss: outcome.rss, converged: outcome.converged, derived: derived)
            }
        }
    }

    /// A replicate's reported parameters followed by its derived quantities.
    private static func refit(
        _ model: some GrowthRegression, _ θ: [Double], rss: Double, converged: Bool, derived: [DerivedDefinition]
    ) -> Refit {
        let reported = model.reported(θ).values
        return Refit(parameters: reported + derived.map { $0.value(reported) }, rss: rss, converged: converged)
    }

    /// Profile-likelihood intervals for each reported parameter whose solver parameter maps one to
    /// one onto it (all but power growth's s, whose profile would need s itself held fixed). The
    /// interval is found in the solver parameter and mapped across, which the profile likelihood
    /// allows: it is invariant to one-to-one reparametrisation.
    public static func profile(_ fit: GrowthModelFit, confidenceLevel: Double = 0.95) throws(AnalysisError)
        -> [ProfileLikelihoodInterval]
    {
        guard let model = fit.builtInModel else {
            throw .invalidRequest("profile likelihood is offered for the built-in models, not for formula '\(fit.model)'")
        }
        guard fit.converged else { throw .invalidRequest("\(fit.model) did not converge: no profile around a non-estimate") }
        return try profile(model.estimator(for: fit.sample).regression, fit: fit, confidenceLevel: confidenceLevel)
    }

    private static func profile<Model: GrowthRegression>(
        _ model: Model, fit: GrowthModelFit, confidenceLevel: Double
    ) throws(AnalysisError) -> [ProfileLikelihoodInterval] {
        let sample = fit.sample
        let estimate = model.solverParameters(reported: fit.fit.parameters)
        // Standard errors in the solver's parameters, for the search's step: SE(θ_j) from the
        // reported covariance through the inverse map's local slope (only needed as a scale).
        var intervals: [ProfileLikelihoodInterval] = []
        for j in 0..<model.parameterCount where model.reportedValue(ofSolverParameter: j, estimate[j]) != nil {
            let slope = model.reported(estimate).jacobian[j * model.parameterCount + j]
            let step = fit.fit.standardErrors[j] / abs(slope)
            do {
                var interval = try ProfileLikelihood.interval(
                    model: model, parameter: j, estimate: estimate, minimumRSS: fit.fit.rss,
                    standardError: step.isFinite && step > 0 ? step : nil,
                    options: ProfileOptions(confidenceLevel: confidenceLevel)
                ) { fixed, start in
                    let result = try NonlinearLeastSquares(
                        observations: sample.count, parameters: model.parameterCount - 1, options: .default
                    ).fit(fixed, response: sample.response, weights: sample.weights, start: start)
                    return Refit(parameters: result.parameters, rss: result.rss, converged: result.converged)
                }
                interval.parameter = fit.fit.parameterNames[j]
                interval.estimate = fit.fit.parameters[j]
                interval.lower = interval.lower.flatMap { model.reportedValue(ofSolverParameter: j, $0) }
                interval.upper = interval.upper.flatMap { model.reportedValue(ofSolverParameter: j, $0) }
                intervals.append(interval)
            } catch {
                throw .fitting(context: "profile likelihood of \(fit.fit.parameterNames[j])", error: error)
            }
        }
        return intervals
    }
}
