import _GSLShims

/// The outcome of a lean fit (`NonlinearLeastSquares.fitParameters`): no covariance, no result
/// value, nothing allocated.
public struct NonlinearFitSummary: Sendable, Equatable {
    public var status: FitStatus
    /// Σ w_i (y_i - f_i)² at the returned parameters.
    public var rss: Double
    /// Iterations over all runs (first run, polish restarts, fallbacks).
    public var iterations: Int
    public var functionEvaluations: Int
    public var jacobianEvaluations: Int
}

/// A reusable GSL workspace for one (n, p): not thread-safe, one per thread. Allocates once;
/// refits reuse it (`gsl_multifit_nlinear_winit` re-initialises GSL's workspace in place), so a
/// fit allocates nothing per iteration and, through `fitParameters`, nothing per call.
///
/// The strategy (first run, polish restarts, fallback methods) is described on
/// `NonlinearLeastSquaresOptions`.
public final class NonlinearLeastSquares {
    public let observationCount: Int
    public let parameterCount: Int
    public let options: NonlinearLeastSquaresOptions

    /// One GSL workspace per trust-region method actually used (GSL fixes the method at allocation).
    private var workspaces: [TrustRegionMethod: TrustRegionWorkspace] = [:]
    let fdf: UnsafeMutablePointer<gsl_multifit_nlinear_fdf>
    private let callbacks: UnsafeMutablePointer<ModelCallbacks>
    let startVector: UnsafeMutablePointer<gsl_vector>
    let weightVector: UnsafeMutablePointer<gsl_vector>
    /// The best point found so far in a fit, and the original start.
    let best: UnsafeMutableBufferPointer<Double>
    private let origin: UnsafeMutableBufferPointer<Double>
    private var scratch: UnsafeMutableBufferPointer<Double>

    public init(
        observations n: Int, parameters p: Int, options: NonlinearLeastSquaresOptions = .default
    ) throws(FittingError) {
        guard p >= 1 else { throw .invalidArgument("a nonlinear model needs at least one parameter") }
        // n == p would fit exactly and leave no degrees of freedom for s² = RSS/(n-p), so no
        // standard errors: it is refused like n < p.
        guard n > p else { throw .tooFewObservations(observations: n, parameters: p) }
        guard options.maxIterations >= 1, options.polishRestarts >= 0 else {
            throw .invalidArgument("maxIterations must be at least 1 and polishRestarts at least 0")
        }
        guard options.xtol >= 0, options.gtol >= 0, options.ftol >= 0 else {
            throw .invalidArgument("tolerances xtol, gtol and ftol must be non-negative")
        }
        GSLErrorHandler.ensureDisabled()
        observationCount = n
        parameterCount = p
        self.options = options
        callbacks = .allocate(capacity: 1)
        callbacks.initialize(to: ModelCallbacks(n: n, p: p))
        fdf = .allocate(capacity: 1)
        fdf.initialize(to: gsl_multifit_nlinear_fdf())
        fdf.pointee.n = n
        fdf.pointee.p = p
        fdf.pointee.params = UnsafeMutableRawPointer(callbacks)
        startVector = gsl_vector_alloc(p)
        weightVector = gsl_vector_alloc(n)
        best = .allocate(capacity: p)
        origin = .allocate(capacity: p)
        scratch = .allocate(capacity: 0)
        // The primary method's workspace now, so that an allocation failure surfaces here.
        _ = try workspace(for: options.method)
    }

    deinit {
        workspaces.removeAll()
        callbacks.pointee.deallocate()
        callbacks.deinitialize(count: 1)
        callbacks.deallocate()
        fdf.deallocate()
        gsl_vector_free(startVector)
        gsl_vector_free(weightVector)
        best.deallocate()
        origin.deallocate()
        scratch.deallocate()
    }

    func workspace(for method: TrustRegionMethod) throws(FittingError) -> TrustRegionWorkspace {
        if let existing = workspaces[method] { return existing }
        guard let created = TrustRegionWorkspace(
            method: method, options: options, n: observationCount, p: parameterCount)
        else { throw .numerical(routine: "gsl_multifit_nlinear_alloc", code: GSL_ENOMEM) }
        workspaces[method] = created
        return created
    }

    // MARK: Public entry points

    /// Fits `model` to `response` (with optional positive weights) from `start` and returns the
    /// complete result: estimates, standard errors, covariance s²(JᵀWJ)⁻¹ with s² = RSS/(n-p),
    /// correlation, information criteria, R², and how the solver stopped.
    ///
    /// Throws when the request is invalid (sizes, non-finite data or start, non-positive weights),
    /// when the model is undefined at `start`, and `singularJacobian` when the Jacobian at the
    /// solution is rank-deficient: then the covariance does not exist, and no standard error is
    /// ever reported for a parameter the data do not identify. A fit that merely fails to converge
    /// is not an error: it returns with a non-converged `status` and must be read as such.
    public func fit(
        _ model: some RegressionModel, response: [Double], weights: [Double]? = nil, start: [Double]
    ) throws(FittingError) -> FitResult {
        try solve(model, response: response, weights: weights, start: start) { summary throws(FittingError) in
            try makeResult(model, response: response, weights: weights, summary: summary)
        }
    }

    /// The lean variant for bootstrap and profile loops: fits and writes the estimates into
    /// `parameters` (count p) without building a `FitResult`. Nothing is allocated per call once
    /// the workspace has served a model of the same scratch size.
    public func fitParameters(
        _ model: some RegressionModel, response: [Double], weights: [Double]? = nil, start: [Double],
        parameters: UnsafeMutableBufferPointer<Double>
    ) throws(FittingError) -> NonlinearFitSummary {
        guard parameters.count == parameterCount else {
            throw .dimensionMismatch("parameter buffer has \(parameters.count) entries, the model \(parameterCount)")
        }
        let summary = try solve(model, response: response, weights: weights, start: start) { $0 }
        for j in 0..<parameterCount { parameters[j] = best[j] }
        return summary
    }

    /// Checks that the model and its Jacobian are finite at the start (using the callback buffers).
    /// The names are fetched only for an error message: reading them may allocate.
    private func checkDefined(at start: [Double], names: () -> [String], analytic: Bool) throws(FittingError) {
        let c = callbacks.pointee
        for j in 0..<parameterCount { c.parameters[j] = start[j] }
        guard c.evaluate(jacobian: analytic ? c.jacobian : nil) else { return }
        func startValues() -> [String: Double] { Dictionary(uniqueKeysWithValues: zip(names(), start)) }
        for i in 0..<observationCount where !c.values[i].isFinite {
            throw .undefinedAtStart(
                parameter: startValues(),
                detail: "the model value is \(c.values[i].isNaN ? "NaN" : "infinite") at observation \(i + 1)")
        }
        guard analytic else { return }
        for i in 0..<observationCount {
            for j in 0..<parameterCount where !c.jacobian[i * parameterCount + j].isFinite {
                throw .undefinedAtStart(
                    parameter: startValues(),
                    detail: "the derivative with respect to \(names()[j]) is not finite at observation \(i + 1)")
            }
        }
    }

    // MARK: The strategy

    /// Validates, binds the model to the callbacks, runs the strategy, leaves the best point in
    /// `best`, and calls `finish` while the model is still bound (so it can evaluate J there).
    private func solve<T>(
        _ model: some RegressionModel, response: [Double], weights: [Double]?, start: [Double],
        finish: (NonlinearFitSummary) throws(FittingError) -> T
    ) throws(FittingError) -> T {
        try validateFitRequest(
            model, response: response, weights: weights, start: start,
            observations: observationCount, parameters: parameterCount)
        if scratch.count < model.scratchCount {
            scratch.deallocate()
            scratch = .allocate(capacity: model.scratchCount)
            scratch.initialize(repeating: 0)
        }
        let scratch = self.scratch
        let analytic = model.hasAnalyticJacobian
        fdf.pointee.df = analytic ? gslJacobianFunction : nil
        fdf.pointee.f = gslResidualFunction
        fdf.pointee.fvv = nil
        if let weights {
            for i in 0..<observationCount { gsl_vector_set(weightVector, i, weights[i]) }
        }
        for j in 0..<parameterCount { origin[j] = start[j] }
        let outcome: Result<T, FittingError> = response.withUnsafeBufferPointer { y in
            callbacks.pointee.model = model
            callbacks.pointee.scratch = scratch
            callbacks.pointee.response = y.baseAddress
            defer {
                callbacks.pointee.model = nil
                callbacks.pointee.response = nil
            }
            do throws(FittingError) {
                try checkDefined(at: start, names: { model.parameterNames }, analytic: analytic)
                return .success(try finish(try runStrategy(weighted: weights != nil)))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// The primary method with polish; then, if it did not converge, each fallback method from the
    /// original start, keeping the converged run with the smallest RSS.
    private func runStrategy(weighted: Bool) throws(FittingError) -> NonlinearFitSummary {
        var (total, firstRunConverged) = try polishedRun(options.method, weighted: weighted)
        // A first run that converged on its own is trusted. One that did not (iteration limit, no
        // progress, non-finite values) took a path that is suspect even when the polish restarts
        // later converged somewhere: the other methods are tried and the best converged fit kept.
        if total.status.isConverged && firstRunConverged { return total }
        var bestSummary = total
        for method in options.fallbackMethods where method != options.method {
            // `best` holds the current winner; keep a copy before the fallback overwrites it.
            let keep = (0..<parameterCount).map { best[$0] }
            let (candidate, _) = try polishedRun(method, weighted: weighted)
            total.iterations += candidate.iterations
            total.functionEvaluations += candidate.functionEvaluations
            total.jacobianEvaluations += candidate.jacobianEvaluations
            if Self.isBetter(candidate, than: bestSummary) {
                bestSummary = candidate
            } else {
                for j in 0..<parameterCount { best[j] = keep[j] }
            }
        }
        bestSummary.iterations = total.iterations
        bestSummary.functionEvaluations = total.functionEvaluations
        bestSummary.jacobianEvaluations = total.jacobianEvaluations
        return bestSummary
    }

    /// Converged beats not converged; then the smaller finite RSS wins.
    static func isBetter(_ a: NonlinearFitSummary, than b: NonlinearFitSummary) -> Bool {
        if a.status.isConverged != b.status.isConverged { return a.status.isConverged }
        if !b.rss.isFinite { return a.rss.isFinite }
        return a.rss.isFinite && a.rss < b.rss
    }

    /// One run of `method` from `origin`, then restarts from the point it returned while that
    /// lowers the RSS. Leaves the best point in `best`; also says whether the first run converged.
    ///
    /// A restart that fails on its very first iteration (GSL_ENOPROG from a fresh trust region)
    /// confirms a stationary point: GSL rejected more than 15 steps whose length shrank by a
    /// factor of up to 3^15 ≈ 1e7 below the initial trust radius, and in exact arithmetic a small
    /// enough step along the LM direction always lowers a cost with a non-zero gradient; here no
    /// such step lowered the RSS by even its rounding error, so the scaled gradient is at rounding
    /// level. That ends the fit as converged (small gradient).
    private func polishedRun(
        _ method: TrustRegionMethod, weighted: Bool
    ) throws(FittingError) -> (NonlinearFitSummary, firstRunConverged: Bool) {
        let ws = try workspace(for: method)
        for j in 0..<parameterCount { gsl_vector_set(startVector, j, origin[j]) }
        var summary = run(ws, weighted: weighted)
        copyPosition(of: ws, into: best)
        guard summary.rss.isFinite, summary.status != .nonFinite else { return (summary, false) }
        if summary.status == .noProgress && summary.iterations == 1 {
            // No step from the start lowered the RSS: the start is already a stationary point (for
            // the same reason as below). A restart from the same point with a fresh trust region
            // would repeat this run exactly, so there is nothing to polish.
            summary.status = .convergedSmallGradient
            return (summary, true)
        }
        let firstRunConverged = summary.status.isConverged
        var restarts = 0
        while restarts < options.polishRestarts {
            restarts += 1
            for j in 0..<parameterCount { gsl_vector_set(startVector, j, best[j]) }
            let again = run(ws, weighted: weighted)
            summary.iterations += again.iterations
            summary.functionEvaluations += again.functionEvaluations
            summary.jacobianEvaluations += again.jacobianEvaluations
            guard again.rss.isFinite, again.status != .nonFinite else { break }
            if again.rss < summary.rss {
                // A restart from a converged point refines it: the fit stays converged even when
                // the refining run ends on GSL_ENOPROG (no step lowers the RSS any more, the usual
                // end at a minimum resolved to machine precision).
                copyPosition(of: ws, into: best)
                summary.rss = again.rss
                if !summary.status.isConverged { summary.status = again.status }
            } else {
                // No further decrease from a fresh trust region: `best` is a fixed point of the
                // method. If this confirming run converged, so has the fit.
                if !summary.status.isConverged {
                    if again.status.isConverged {
                        summary.status = again.status
                    } else if again.status == .noProgress && again.iterations == 1 {
                        summary.status = .convergedSmallGradient
                    }
                }
                break
            }
        }
        return (summary, firstRunConverged)
    }

    private func copyPosition(of ws: TrustRegionWorkspace, into buffer: UnsafeMutableBufferPointer<Double>) {
        let x = gsl_multifit_nlinear_position(ws.pointer)!
        for j in 0..<parameterCount { buffer[j] = gsl_vector_get(x, j) }
    }

    /// One GSL run from `startVector`: initialise, iterate, test. Our own loop rather than
    /// `gsl_multifit_nlinear_driver`, to map every outcome honestly:
    /// - info 1 / 2 of `gsl_multifit_nlinear_test` (and GSL_ETOLX / GSL_ETOLG, "converged to
    ///   machine precision") are convergence;
    /// - GSL_ENOPROG on the first iteration, or twice in a row later (GSL resets the LM
    ///   parameter after the first), is no progress;
    /// - NaN or infinite parameters, step or RSS are `nonFinite` (GSL's step test passes on NaN);
    /// - any other GSL error (a non-finite derivative returned by the Jacobian callback) is
    ///   `nonFinite` when the callback reported it, else `failed`.
    private func run(_ ws: TrustRegionWorkspace, weighted: Bool) -> NonlinearFitSummary {
        // GSL counts evaluations in the fdf struct, reset by every init. (Read after the run, not
        // in a `defer`: a defer runs after `return` has copied its value.)
        var summary = iterate(ws, weighted: weighted)
        summary.functionEvaluations = fdf.pointee.nevalf
        summary.jacobianEvaluations = fdf.pointee.nevaldf
        return summary
    }

    private func iterate(_ ws: TrustRegionWorkspace, weighted: Bool) -> NonlinearFitSummary {
        let w = ws.pointer
        var summary = NonlinearFitSummary(
            status: .failed, rss: .nan, iterations: 0, functionEvaluations: 0, jacobianEvaluations: 0)
        let initStatus = weighted
            ? gsl_multifit_nlinear_winit(startVector, weightVector, fdf, w)
            : gsl_multifit_nlinear_init(startVector, fdf, w)
        guard initStatus == Int32(GSL_SUCCESS) else {
            summary.status = initStatus == Int32(GSL_EDOM) ? .nonFinite : .failed
            return summary
        }
        var status = FitStatus.iterationLimit
        var consecutiveNoProgress = 0
        iterating: for iteration in 1...options.maxIterations {
            summary.iterations = iteration
            let step = gsl_multifit_nlinear_iterate(w)
            if step == Int32(GSL_ENOPROG) {
                consecutiveNoProgress += 1
                if iteration == 1 || consecutiveNoProgress >= 2 { status = .noProgress; break }
                continue
            }
            consecutiveNoProgress = 0
            guard step == Int32(GSL_SUCCESS) else {
                status = step == Int32(GSL_EDOM) ? .nonFinite : .failed
                break
            }
            guard Self.isFinite(gsl_multifit_nlinear_position(w)), Self.isFinite(w.pointee.dx) else {
                status = .nonFinite
                break
            }
            var info: Int32 = 0
            let test = gsl_multifit_nlinear_test(options.xtol, options.gtol, options.ftol, &info, w)
            switch test {
            case Int32(GSL_SUCCESS):
                status = info == 2 ? .convergedSmallGradient : .convergedSmallStep
                break iterating
            case Int32(GSL_ETOLX):
                status = .convergedSmallStep
                break iterating
            case Int32(GSL_ETOLG):
                status = .convergedSmallGradient
                break iterating
            default:
                continue
            }
        }
        let f = gsl_multifit_nlinear_residual(w)!
        let norm = gsl_blas_dnrm2(f)
        summary.rss = norm * norm
        // A residual vector made of penalties means the model is undefined where GSL stands.
        if !summary.rss.isFinite || norm >= ModelCallbacks.penaltyResidual { status = .nonFinite }
        summary.status = status
        if status == .nonFinite { summary.rss = .nan }
        return summary
    }

    private static func isFinite(_ v: UnsafePointer<gsl_vector>?) -> Bool {
        guard let v else { return false }
        for j in 0..<v.pointee.size where !gsl_vector_get(v, j).isFinite { return false }
        return true
    }

    private static func isFinite(_ v: UnsafeMutablePointer<gsl_vector>?) -> Bool {
        isFinite(UnsafePointer(v))
    }
}

/// A GSL trust-region workspace for one method, freed with its owner.
final class TrustRegionWorkspace {
    let pointer: UnsafeMutablePointer<gsl_multifit_nlinear_workspace>

    init?(method: TrustRegionMethod, options: NonlinearLeastSquaresOptions, n: Int, p: Int) {
        GSLErrorHandler.ensureDisabled()
        var parameters = gsl_multifit_nlinear_default_parameters()
        parameters.trs = method.gslTrustRegion
        parameters.scale = options.scaling.gslScale
        parameters.solver = options.solver.gslSolver
        guard let w = gsl_multifit_nlinear_alloc(gdpfit_nlinear_trust(), &parameters, n, p) else {
            return nil
        }
        pointer = w
    }

    deinit { gsl_multifit_nlinear_free(pointer) }
}

/// Convenience: allocate a workspace and fit once (see `NonlinearLeastSquares.fit`).
public func fitNonlinear(
    _ model: some RegressionModel, response: [Double], weights: [Double]? = nil, start: [Double],
    options: NonlinearLeastSquaresOptions = .default
) throws(FittingError) -> FitResult {
    let solver = try NonlinearLeastSquares(
        observations: model.observationCount, parameters: model.parameterCount, options: options)
    return try solver.fit(model, response: response, weights: weights, start: start)
}
