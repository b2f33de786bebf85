import _GSLShims
import _LAPACKEShims
import Foundation

/// A log-likelihood ℓ(θ) and its exact gradient ∇ℓ(θ). Return a non-finite value where ℓ is not
/// defined; the optimiser treats such points as inadmissible.
public typealias LogLikelihoodFunction = @Sendable (_ parameters: [Double]) -> (value: Double, gradient: [Double])

/// Settings of `maximizeLikelihood`.
public struct MaximumLikelihoodOptions: Sendable {
    /// Stop when max_j |∂ℓ/∂θ_j| · max(|θ_j|, 1) ≤ tolerance · max(|ℓ|, 1): a gradient test made
    /// invariant to the scale of ℓ and to parameters far from 1.
    public var gradientTolerance: Double = 1e-8
    /// Iterations of the quasi-Newton method before giving up (status `.iterationLimit`).
    public var maximumIterations: Int = 1000
    /// Length of the first trial step, relative to max(‖θ₀‖, 1).
    public var initialStepFraction: Double = 0.01
    public init() {}
}

/// Everything reported about one maximum-likelihood fit, as one value.
///
/// Uncertainty: the covariance is the inverse of the observed information I(θ̂) = -∇²ℓ(θ̂), its
/// Hessian by central differences of the analytic gradient (see `maximizeLikelihood`). Information
/// criteria count K = the number of parameters, p: unlike the least-squares `InformationCriteria`
/// there is no separate error variance here, because any scale parameter of the likelihood is one
/// of the parameters already. AIC, AICc and BIC come from `InformationCriteria(logLikelihood:n:
/// parameters:)`, the one type that serves least-squares and likelihood fits alike, with n the
/// number of likelihood contributions (for a Markov model conditioned on its first observation,
/// one fewer than the observations).
public struct MaximumLikelihoodResult: Codable, Sendable {
    public var model: String
    public var parameterNames: [String]
    public var parameters: [Double]
    /// √diag(covariance); NaN when the observed information is not positive definite.
    public var standardErrors: [Double]
    /// I(θ̂)⁻¹ (all NaN when the observed information is not positive definite).
    public var covariance: SquareMatrix
    public var logLikelihood: Double
    /// ℓ̂, n (the number of likelihood contributions), K = p, AIC, AICc and BIC.
    public var criteria: InformationCriteria
    /// Number of likelihood contributions.
    public var n: Int { criteria.n }
    /// K = p, the number of estimated parameters.
    public var k: Int { criteria.k }
    public var aic: Double { criteria.aic }
    /// AICc; nil when n - K - 1 ≤ 0.
    public var aicc: Double? { criteria.aicc }
    public var bic: Double { criteria.bic }
    public var status: FitStatus
    public var iterations: Int
    public var functionEvaluations: Int
    /// The scaled gradient of the convergence test at the solution.
    public var scaledGradient: Double
    /// Whether the observed information was positive definite (a proper local maximum).
    public var informationPositiveDefinite: Bool

    public var converged: Bool { status.isConverged }

    /// The value of a parameter by name, or nil.
    public func value(of name: String) -> Double? { parameterNames.firstIndex(of: name).map { parameters[$0] } }

    /// The standard error of a parameter by name, or nil.
    public func standardError(of name: String) -> Double? {
        parameterNames.firstIndex(of: name).map { standardErrors[$0] }
    }

    /// The same fit reported in parameters φ = h(θ), one for one, with covariance J Σ Jᵀ (the delta
    /// method), J_ij = ∂φ_i/∂θ_j at θ̂ given row-major by `jacobian`. Typical use: σ = exp(θ).
    public func reparametrised(
        names: [String], transform: ([Double]) -> [Double], jacobian: ([Double]) -> [Double]
    ) throws(FittingError) -> MaximumLikelihoodResult {
        let p = parameters.count
        let reported = transform(parameters), j = jacobian(parameters)
        guard names.count == p, reported.count == p, j.count == p * p else {
            throw .dimensionMismatch("reparametrisation of \(p) parameters: \(names.count) names, "
                + "\(reported.count) values, \(j.count) Jacobian entries")
        }
        var result = self
        result.parameterNames = names
        result.parameters = reported
        result.covariance = covariance.congruence(jacobian: j)
        result.standardErrors = (0..<p).map { result.covariance[$0, $0].squareRoot() }
        return result
    }
}

/// Maximises a log-likelihood with GSL's BFGS quasi-Newton method (`gsl_multimin_fdfminimizer_
/// vector_bfgs2`: Fletcher's line search with the strong Wolfe conditions; GSL 2.7 manual,
/// "Multidimensional Minimization"), on -ℓ, using the analytic gradient.
///
/// Safeguards:
/// - Inadmissible points: where ℓ or its gradient is not finite, -ℓ is reported to GSL as
///   1e300 with a zero gradient. The line search accepts a step only under a sufficient decrease
///   of -ℓ, so such a point is never accepted as an iterate; the search shrinks the step instead.
///   After every iteration the iterate and ℓ are checked again; a non-finite one stops the fit
///   with `.nonFinite` at the last good point.
/// - Status: `.convergedSmallGradient` when the scaled gradient test of `MaximumLikelihoodOptions`
///   passes; BFGS's "no progress" (its line search found no decrease, typical once rounding
///   dominates at the optimum) counts as `.convergedSmallStep` only when the scaled gradient is
///   within 1000× the tolerance there, otherwise `.noProgress`; `.iterationLimit` otherwise.
///
/// Standard errors: the Hessian H of ℓ at θ̂ by central differences of the analytic gradient,
/// H_ij = (∂_i ℓ(θ̂ + h_j e_j) - ∂_i ℓ(θ̂ - h_j e_j)) / (2h_j), h_j = 10⁻⁴ max(|θ_j|, 1), made
/// symmetric; its error is O(h²) from truncation plus (gradient error)/h, so the step is larger
/// than the ε^(1/3) that suits exact gradients, to tolerate gradients that carry their own small
/// differencing error. The observed information -H is inverted by Cholesky (LAPACKE dpotrf,
/// dpotri), which also tests that it is positive definite.
///
/// - Parameters:
///   - model: a description for reports.
///   - observations: n, the number of likelihood contributions (for AIC/BIC).
/// - Throws: `FittingError.undefinedAtStart` when ℓ or its gradient is not finite at `start`;
///   `dimensionMismatch` when names and start differ in length.
public func maximizeLikelihood(
    _ logLikelihood: @escaping LogLikelihoodFunction,
    start: [Double], parameterNames: [String], observations n: Int, model: String,
    options: MaximumLikelihoodOptions = MaximumLikelihoodOptions()
) throws(FittingError) -> MaximumLikelihoodResult {
    let p = start.count
    guard parameterNames.count == p, p > 0 else {
        throw .dimensionMismatch("\(parameterNames.count) parameter names for \(p) start values")
    }
    let first = logLikelihood(start)
    guard first.value.isFinite, first.gradient.count == p, first.gradient.allSatisfy(\.isFinite) else {
        throw .undefinedAtStart(
            parameter: Dictionary(uniqueKeysWithValues: zip(parameterNames, start)),
            detail: "log-likelihood \(first.value) or its gradient is not finite")
    }
    GSLErrorHandler.ensureDisabled()
    let context = ObjectiveContext(logLikelihood)
    let function = UnsafeMutablePointer<gsl_multimin_function_fdf>.allocate(capacity: 1)
    defer { function.deallocate() }
    function.initialize(to: gsl_multimin_function_fdf(
        f: { x, params in ObjectiveContext.from(params).evaluate(x, gradient: nil) },
        df: { x, params, g in _ = ObjectiveContext.from(params).evaluate(x, gradient: g) },
        fdf: { x, params, f, g in f?.pointee = ObjectiveContext.from(params).evaluate(x, gradient: g) },
        n: p, params: Unmanaged.passUnretained(context).toOpaque()))

    guard let minimizer = gsl_multimin_fdfminimizer_alloc(gdpfit_multimin_vector_bfgs2(), p),
        let x = gsl_vector_alloc(p)
    else { throw .numerical(routine: "gsl_multimin_fdfminimizer_alloc", code: Int(GSL_ENOMEM)) }
    defer {
        gsl_multimin_fdfminimizer_free(minimizer)
        gsl_vector_free(x)
    }
    for j in 0..<p { gsl_vector_set(x, j, start[j]) }
    let norm = start.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let setStatus = withExtendedLifetime(context) {
        gsl_multimin_fdfminimizer_set(minimizer, function, x, options.initialStepFraction * max(norm, 1), 0.1)
    }
    guard setStatus == GSL_SUCCESS else { throw .numerical(routine: "gsl_multimin_fdfminimizer_set", code: Int(setStatus)) }

    func current() -> (θ: [Double], value: Double, gradient: [Double]) {
        let θ = (0..<p).map { gsl_vector_get(gsl_multimin_fdfminimizer_x(minimizer), $0) }
        let g = (0..<p).map { -gsl_vector_get(gsl_multimin_fdfminimizer_gradient(minimizer), $0) }
        return (θ, -gsl_multimin_fdfminimizer_minimum(minimizer), g)
    }
    func scaledGradient(_ point: (θ: [Double], value: Double, gradient: [Double])) -> Double {
        let largest = zip(point.gradient, point.θ).map { abs($0) * max(abs($1), 1) }.max() ?? 0
        return largest / max(abs(point.value), 1)
    }

    var best = (θ: start, value: first.value, gradient: first.gradient)
    var status = FitStatus.iterationLimit
    var iterations = 0
    while iterations < options.maximumIterations {
        iterations += 1
        let code = withExtendedLifetime(context) { gsl_multimin_fdfminimizer_iterate(minimizer) }
        let point = current()
        let admissible = point.value.isFinite && point.value > -1e299 && point.θ.allSatisfy(\.isFinite)
            && point.gradient.allSatisfy(\.isFinite)
        if admissible { best = point }
        if !admissible {
            status = .nonFinite
            break
        }
        if scaledGradient(best) <= options.gradientTolerance {
            status = .convergedSmallGradient
            break
        }
        if code == GSL_ENOPROG {
            status = scaledGradient(best) <= 1000 * options.gradientTolerance ? .convergedSmallStep : .noProgress
            break
        }
        if code != GSL_SUCCESS {
            status = .failed
            break
        }
    }

    let hessian = centralDifferenceHessian(logLikelihood, at: best.θ)
    let covariance = hessian.flatMap { invertInformation($0, dimension: p) }
    let uncertain = covariance ?? SquareMatrix(dimension: p, entries: [Double](repeating: .nan, count: p * p))
    return MaximumLikelihoodResult(
        model: model, parameterNames: parameterNames, parameters: best.θ,
        standardErrors: (0..<p).map { uncertain[$0, $0].squareRoot() }, covariance: uncertain,
        logLikelihood: best.value, criteria: InformationCriteria(logLikelihood: best.value, n: n, parameters: p),
        status: status, iterations: iterations,
        functionEvaluations: context.evaluations, scaledGradient: scaledGradient(best),
        informationPositiveDefinite: covariance != nil)
}

/// H_ij of ℓ by central differences of the gradient, symmetrised; nil if any entry is not finite.
private func centralDifferenceHessian(_ logLikelihood: LogLikelihoodFunction, at θ: [Double]) -> [Double]? {
    let p = θ.count
    var h = [Double](repeating: 0, count: p * p)
    var point = θ
    for j in 0..<p {
        let step = 1e-4 * max(abs(θ[j]), 1)
        let up = θ[j] + step, down = θ[j] - step
        point[j] = up
        let gUp = logLikelihood(point).gradient
        point[j] = down
        let gDown = logLikelihood(point).gradient
        point[j] = θ[j]
        guard gUp.count == p, gDown.count == p else { return nil }
        for i in 0..<p { h[i * p + j] = (gUp[i] - gDown[i]) / (up - down) }
    }
    for i in 0..<p {
        for j in 0..<i {
            let mean = (h[i * p + j] + h[j * p + i]) / 2
            h[i * p + j] = mean
            h[j * p + i] = mean
        }
    }
    return h.allSatisfy(\.isFinite) ? h : nil
}

/// (-H)⁻¹ by Cholesky; nil when -H is not positive definite.
private func invertInformation(_ hessian: [Double], dimension p: Int) -> SquareMatrix? {
    var a = hessian.map { -$0 }
    let n = Int32(p)
    let upper = CChar(UInt8(ascii: "U"))
    guard LAPACKE_dpotrf(LAPACK_ROW_MAJOR, upper, n, &a, n) == 0,
        LAPACKE_dpotri(LAPACK_ROW_MAJOR, upper, n, &a, n) == 0
    else { return nil }
    var inverse = SquareMatrix(dimension: p, entries: a)
    for i in 0..<p {
        for j in 0..<i { inverse[i, j] = inverse[j, i] }  // dpotri fills the upper triangle only
    }
    return inverse
}

/// Holds the objective for the C callbacks and counts evaluations. GSL minimises, so the
/// callbacks return -ℓ and -∇ℓ, with inadmissible points mapped to 1e300 and a zero gradient.
private final class ObjectiveContext {
    let logLikelihood: LogLikelihoodFunction
    var evaluations = 0

    init(_ logLikelihood: @escaping LogLikelihoodFunction) { self.logLikelihood = logLikelihood }

    static func from(_ params: UnsafeMutableRawPointer?) -> ObjectiveContext {
        Unmanaged<ObjectiveContext>.fromOpaque(params!).takeUnretainedValue()
    }

    func evaluate(_ x: UnsafePointer<gsl_vector>?, gradient: UnsafeMutablePointer<gsl_vector>?) -> Double {
        evaluations += 1
        let p = Int(x!.pointee.size)
        let θ = (0..<p).map { gsl_vector_get(x, $0) }
        let result = θ.allSatisfy(\.isFinite) ? logLikelihood(θ) : (value: .nan, gradient: [])
        let admissible = result.value.isFinite && result.gradient.count == p && result.gradient.allSatisfy(\.isFinite)
        if let gradient {
            for j in 0..<p { gsl_vector_set(gradient, j, admissible ? -result.gradient[j] : 0) }
        }
        return admissible ? -result.value : 1e300
    }
}
