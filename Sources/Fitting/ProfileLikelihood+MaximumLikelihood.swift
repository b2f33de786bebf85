import Foundation

extension ProfileLikelihood {
    /// The profile-likelihood interval of parameter `index` of a maximum-likelihood fit:
    /// {v : 2(ℓ̂ - ℓ_p(v)) ≤ χ²₁,₁₋α}, where ℓ_p(v) = max ℓ(θ) over the other parameters with
    /// θ_index = v (Venzon & Moolgavkar 1988, Appl. Stat. 37(1); Pawitan 2001, "In All
    /// Likelihood", §9.3). It follows a skewed likelihood where the Wald interval θ̂ ± z·SE, which
    /// assumes ℓ quadratic, does not, and is invariant to reparametrising the parameters.
    ///
    /// The ends are found as for least squares (`interval(model:parameter:...)`: steps of
    /// `options.step`, default the standard error, then Illinois regula falsi), each ℓ_p(v) by
    /// `maximizeLikelihood` over the other parameters from the nearest point already profiled,
    /// retried once from the estimate. A refit that does not converge counts as failed. An end is
    /// open (nil, with the reason) when the deviance stays below the critical value for
    /// `options.maxSteps` steps or up to a limit, or when the refits fail there.
    ///
    /// - Parameters:
    ///   - logLikelihood: ℓ and its gradient in the parametrisation of `fit` (the one it was
    ///     maximised in): ℓ̂ = `fit.logLikelihood` is the reference of every deviance.
    ///   - maximization: settings of each refit.
    public static func interval(
        logLikelihood: @escaping LogLikelihoodFunction, fit: MaximumLikelihoodResult, parameter index: Int,
        options: ProfileOptions = ProfileOptions(), maximization: MaximumLikelihoodOptions = MaximumLikelihoodOptions()
    ) throws(FittingError) -> ProfileLikelihoodInterval {
        guard fit.parameters.indices.contains(index) else {
            throw .invalidArgument("no parameter number \(index + 1) to profile (the model has \(fit.parameters.count))")
        }
        guard fit.parameters.count >= 2 else {
            throw .invalidArgument("fixing the only parameter of a model leaves nothing to fit")
        }
        guard fit.logLikelihood.isFinite else {
            throw .invalidArgument("the maximum log-likelihood must be finite, got \(fit.logLikelihood)")
        }
        var free = fit.parameters, names = fit.parameterNames
        free.remove(at: index)
        names.remove(at: index)
        var profiler = LikelihoodProfiler(
            logLikelihood: logLikelihood, index: index, freeNames: names, observations: fit.n,
            maximumLogLikelihood: fit.logLikelihood, estimate: fit.parameters[index], estimateStart: free,
            maximization: maximization)
        return try profiler.interval(
            parameter: fit.parameterNames[index], estimate: fit.parameters[index],
            standardError: fit.standardErrors[index], options: options)
    }
}

/// One likelihood profiling run: the points found so far, for warm starts and the report.
private struct LikelihoodProfiler: DevianceProfile {
    let logLikelihood: LogLikelihoodFunction
    let index: Int
    let freeNames: [String]
    let observations: Int
    let maximumLogLikelihood: Double
    let estimateStart: [Double]
    let maximization: MaximumLikelihoodOptions
    var points: [ProfilePoint]
    /// The other parameters' maximiser at each point, parallel to `points`.
    var solutions: [[Double]]
    var refits = 0
    var failedRefits = 0

    /// Starts at the estimate itself (deviance 0).
    init(
        logLikelihood: @escaping LogLikelihoodFunction, index: Int, freeNames: [String], observations: Int,
        maximumLogLikelihood: Double, estimate: Double, estimateStart: [Double], maximization: MaximumLikelihoodOptions
    ) {
        self.logLikelihood = logLikelihood
        self.index = index
        self.freeNames = freeNames
        self.observations = observations
        self.maximumLogLikelihood = maximumLogLikelihood
        self.estimateStart = estimateStart
        self.maximization = maximization
        points = [ProfilePoint(value: estimate, rss: nil, deviance: 0)]
        solutions = [estimateStart]
    }

    /// 2(ℓ̂ - ℓ_p(v)), warm-started from the nearest point profiled so far; nil if the
    /// maximisation fails both from there and from the estimate.
    mutating func deviance(at value: Double) -> Double? {
        let full = logLikelihood, j = index
        let restricted: LogLikelihoodFunction = { free in
            var θ = free
            θ.insert(value, at: j)
            var (ℓ, gradient) = full(θ)
            if gradient.count == θ.count { gradient.remove(at: j) }
            return (ℓ, gradient)
        }
        let nearest = points.indices.min { abs(points[$0].value - value) < abs(points[$1].value - value) }!
        for start in nearest == 0 ? [estimateStart] : [solutions[nearest], estimateStart] {
            refits += 1
            guard let result = try? maximizeLikelihood(
                restricted, start: start, parameterNames: freeNames, observations: observations,
                model: "profile", options: maximization),
                result.converged, result.logLikelihood.isFinite
            else {
                failedRefits += 1
                continue
            }
            let deviance = 2 * (maximumLogLikelihood - result.logLikelihood)
            points.append(ProfilePoint(value: value, rss: nil, deviance: deviance))
            solutions.append(result.parameters)
            return deviance
        }
        return nil
    }
}
