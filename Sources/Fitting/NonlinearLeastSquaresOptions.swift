import _GSLShims

/// The trust-region subproblem GSL solves at each iteration (GSL 2.7 manual, "Nonlinear
/// Least-Squares Fitting", section "Solving the Trust Region Subproblem").
public enum TrustRegionMethod: String, Codable, Sendable, CaseIterable {
    /// Levenberg-Marquardt.
    case lm
    /// Levenberg-Marquardt with geodesic acceleration (Transtrum & Sethna 2012); the second
    /// directional derivative is taken by finite differences.
    case lmaccel
    /// Powell's dogleg.
    case dogleg
    /// Double dogleg (Dennis & Mei 1979).
    case ddogleg
    /// Two-dimensional subspace minimisation (Byrd, Schnabel & Schultz 1988).
    case subspace2D

    var gslTrustRegion: UnsafePointer<gsl_multifit_nlinear_trs> {
        switch self {
        case .lm: return gdpfit_trs_lm()
        case .lmaccel: return gdpfit_trs_lmaccel()
        case .dogleg: return gdpfit_trs_dogleg()
        case .ddogleg: return gdpfit_trs_ddogleg()
        case .subspace2D: return gdpfit_trs_subspace2D()
        }
    }
}

/// How GSL scales the parameters inside the trust region (the diagonal matrix D).
public enum TrustRegionScaling: String, Codable, Sendable, CaseIterable {
    /// Moré (1978): D_jj = the largest column norm of J seen so far. Invariant to parameter scale
    /// and robust; MINPACK's choice.
    case more
    /// D = I: not scale invariant, but sometimes reaches a minimum the others miss.
    case levenberg
    /// D_jj = the current column norm of J; scale invariant, can be unstable on ill-posed problems.
    case marquardt

    var gslScale: UnsafePointer<gsl_multifit_nlinear_scale> {
        switch self {
        case .more: return gdpfit_scale_more()
        case .levenberg: return gdpfit_scale_levenberg()
        case .marquardt: return gdpfit_scale_marquardt()
        }
    }
}

/// The linear solver of the trust-region subproblem.
public enum TrustRegionSolver: String, Codable, Sendable, CaseIterable {
    /// QR with column pivoting of J: accurate, GSL's default.
    case qr
    /// Cholesky of JᵀJ: fastest, but squares the condition number.
    case cholesky
    /// SVD of J: slowest, most robust on nearly rank-deficient Jacobians.
    case svd

    var gslSolver: UnsafePointer<gsl_multifit_nlinear_solver> {
        switch self {
        case .qr: return gdpfit_solver_qr()
        case .cholesky: return gdpfit_solver_cholesky()
        case .svd: return gdpfit_solver_svd()
        }
    }
}

/// Settings of a nonlinear least-squares fit.
///
/// The default was tuned on the NIST StRD nonlinear problems (both certified starts, every
/// problem passing without any per-problem setting; see Tests/FittingTests/NISTNonlinearTests.swift)
/// and is meant to be good on problems it has never seen:
///
/// 1. Levenberg-Marquardt with Moré scaling and QR, run until the step is below `xtol` relative
///    to the parameters or the scaled gradient is below `gtol`. A run that cannot lower the RSS on
///    its first iteration started at a stationary point (a minimum handed over by variable
///    projection, say): it is converged, and neither polished nor retried.
/// 2. Polish: the solver is restarted from the point it returned (a fresh trust region and
///    Jacobian), up to `polishRestarts` times, while each restart still lowers the RSS. Trust-region
///    steps shrink along narrow curved valleys and a run can stop on the step test while the
///    parameters still have digits to gain; a restart with a reset trust region recovers them.
///    A restart that refines a converged point keeps the fit converged even when it ends on
///    GSL_ENOPROG, which is how LM ends at a minimum resolved to machine precision.
/// 3. Fallback: when the first run does not converge on its own (iteration limit, no progress,
///    non-finite values; even if the polish converges afterwards, the path is suspect: MGH09 from
///    its first start crawls through thousands of iterations to a far worse local minimum), each
///    of `fallbackMethods` is tried from the same start (with the same polish) and the converged
///    fit with the smallest RSS is kept.
public struct NonlinearLeastSquaresOptions: Codable, Sendable, Equatable {
    public var method: TrustRegionMethod
    public var scaling: TrustRegionScaling
    public var solver: TrustRegionSolver
    /// Step tolerance: converged when every |Δθ_j| <= xtol (|θ_j| + xtol) (GSL's test, info 1).
    /// 1e-8 by default (GSL's recommendation); the polish restarts take the digits beyond it.
    public var xtol: Double
    /// Gradient tolerance: converged when max_j |g_j| max(|θ_j|, 1) <= gtol max(RSS/2, 1), with
    /// g = Jᵀr (GSL's test, info 2). Off (0) by default: the max(RSS/2, 1) makes the test absolute
    /// for small-residual fits (it stopped Lanczos1, RSS 1e-25, with 7 correct digits where 10 are
    /// reachable) and loose for large-residual ones (Thurber, RSS 5643). The step test and the
    /// polish restarts decide instead.
    public var gtol: Double
    /// Passed to GSL, but GSL 2.7 compiles its ftol test out: it never stops a fit. Kept so that a
    /// later GSL can use it; only `xtol` and `gtol` decide convergence today.
    public var ftol: Double
    /// Iteration limit of one run (one start, one method); restarts get their own.
    public var maxIterations: Int
    /// How many times a run is restarted from the point it returned while that lowers the RSS
    /// (0: never).
    public var polishRestarts: Int
    /// Methods tried in turn, from the original start, when `method` does not converge. Empty: none.
    public var fallbackMethods: [TrustRegionMethod]

    public init(
        method: TrustRegionMethod = .lm, scaling: TrustRegionScaling = .more,
        solver: TrustRegionSolver = .qr, xtol: Double = 1e-8, gtol: Double = 0,
        ftol: Double = 0, maxIterations: Int = 1000, polishRestarts: Int = 10,
        fallbackMethods: [TrustRegionMethod] = [.lmaccel, .ddogleg, .subspace2D, .dogleg]
    ) {
        self.method = method
        self.scaling = scaling
        self.solver = solver
        self.xtol = xtol
        self.gtol = gtol
        self.ftol = ftol
        self.maxIterations = maxIterations
        self.polishRestarts = polishRestarts
        self.fallbackMethods = fallbackMethods
    }

    public static let `default` = NonlinearLeastSquaresOptions()
}
