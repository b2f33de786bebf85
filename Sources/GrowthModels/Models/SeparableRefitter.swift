import Fitting

/// One worker thread's engine for refitting a separable built-in model (hyperbolic, power growth)
/// many times: variable projection (`SeparableLeastSquares`), with GSL's Levenberg–Marquardt as the
/// fallback where the profile cannot be evaluated. Both workspaces are allocated once (the fallback
/// only if ever needed), so a refit allocates nothing.
final class SeparableRefitter {
    private let separable: SeparableLeastSquares
    private let fallbackOptions: NonlinearLeastSquaresOptions
    private var fallback: NonlinearLeastSquares?

    init(observations n: Int, parameters p: Int, fallbackOptions: NonlinearLeastSquaresOptions) throws {
        separable = try SeparableLeastSquares(observations: n, parameters: p)
        self.fallbackOptions = fallbackOptions
    }

    /// Refits and writes the solver parameters into `θ`.
    /// - Returns: whether the fit converged to a minimum, and the RSS of the point reached (finite
    ///   also for a minimum in the limit beyond the domain, where `converged` is false; NaN when
    ///   nothing finite was reached).
    func refit(
        _ model: some SeparableRegressionModel, response: [Double], weights: [Double]?, start: [Double],
        initialStep: Double? = nil, into θ: inout [Double]
    ) throws -> (converged: Bool, rss: Double) {
        let summary = try θ.withUnsafeMutableBufferPointer { buffer in
            try separable.fitParameters(
                model, response: response, weights: weights, start: start, initialStep: initialStep, parameters: buffer)
        }
        if summary.status != .nonFinite { return (summary.status == .converged, summary.rss) }
        let solver = try fallback ?? NonlinearLeastSquares(
            observations: model.observationCount, parameters: model.parameterCount, options: fallbackOptions)
        fallback = solver
        let again = try θ.withUnsafeMutableBufferPointer { buffer in
            try solver.fitParameters(model, response: response, weights: weights, start: start, parameters: buffer)
        }
        return (again.status.isConverged, again.rss)
    }
}
