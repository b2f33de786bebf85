/// What resampling and profiling code needs back from one refit: the parameter estimates, the
/// weighted RSS Σ w_i r_i², and whether the solver converged.
///
/// The uncertainty code never calls a solver itself: callers hand it closures that refit, so it
/// works with any engine (GSL's nonlinear least squares, LAPACK's linear least squares, or a
/// closed form in tests).
public struct Refit: Sendable, Equatable {
    public var parameters: [Double]
    public var rss: Double
    public var converged: Bool

    public init(parameters: [Double], rss: Double, converged: Bool) {
        self.parameters = parameters
        self.rss = rss
        self.converged = converged
    }

    /// A refit counts only when it converged to finite parameters and a finite RSS of the expected
    /// size; anything else is a failed refit (counted, never used).
    func isUsable(parameterCount: Int) -> Bool {
        converged && parameters.count == parameterCount && parameters.allSatisfy(\.isFinite) && rss.isFinite
    }
}

/// Refits the model to a new response vector (one entry per observation; regressors and weights
/// are those of the original fit). Called many times on one thread: it may own and reuse a solver
/// workspace, so that a refit allocates nothing it need not. Throwing counts as a failed refit.
public typealias RefitFunction = (_ response: [Double]) throws -> Refit

/// Makes a `RefitFunction` for one worker thread. Parallel code calls it once per worker, on that
/// worker's thread, so each worker owns its own workspace (GSL workspaces are not thread-safe).
/// An error thrown here aborts the whole computation (it is a set-up failure, not a failed refit).
public typealias RefitFactory = @Sendable () throws -> RefitFunction
