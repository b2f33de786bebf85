import _GSLShims

/// A regression model linear in every parameter but one:
///
///     f_i(θ) = Σ_j β_j φ_j(α)_i,
///
/// where α = θ[nonlinearParameterIndex] and β are the other parameters, in their order in θ.
/// `SeparableLeastSquares` fits such a model by variable projection: for each α the best β is a
/// linear least-squares problem, so the fit is a one-dimensional search over α.
public protocol SeparableRegressionModel: RegressionModel {
    /// The position of α in θ.
    var nonlinearParameterIndex: Int { get }
    /// How far the search over α may go. A minimum not found inside it is reported as `boundary`:
    /// the model's own reasons for the limits (a limit model at one end, overflow at another) are
    /// the model's to document.
    var nonlinearParameterDomain: ClosedRange<Double> { get }
    /// Writes φ_j(α)_i into `values[i * m + j]` and ∂φ_j(α)_i/∂α into `derivatives[i * m + j]`
    /// (row-major n × m, m = p - 1). Called in the innermost loop: must not allocate.
    func basis(
        _ α: Double, values: UnsafeMutableBufferPointer<Double>, derivatives: UnsafeMutableBufferPointer<Double>)
}

/// How a variable-projection fit ended.
public enum SeparableFitStatus: String, Codable, Sendable {
    /// The derivative of the profile RSS changed sign and was driven to zero: a local minimum.
    case converged
    /// The profile RSS still decreased at an end of `nonlinearParameterDomain`: the parameters
    /// returned are those at that end, not an estimate.
    case boundary
    /// The profile could not be evaluated (non-finite values, or a rank-deficient basis).
    case nonFinite
}

/// The outcome of `SeparableLeastSquares.fitParameters`.
public struct SeparableFitSummary: Sendable, Equatable {
    public var status: SeparableFitStatus
    /// Σ w_i (y_i - f_i)² at the returned parameters.
    public var rss: Double
    /// Evaluations of the profile (each: the basis, one small QR, the residuals).
    public var profileEvaluations: Int
}

/// Least squares for a `SeparableRegressionModel` by variable projection (Golub & Pereyra 1973;
/// review: Golub & Pereyra 2003, "Separable nonlinear least squares: the variable projection
/// method and its applications", Inverse Problems 19, R1-R26).
///
/// For fixed α the coefficients β̂(α) solve a weighted linear least-squares problem, here by
/// Householder QR of diag(√w) Φ(α) (n × m, m ≤ a handful), and the profile RSS(α) = min_β RSS(α, β)
/// has the derivative
///
///     dRSS/dα = -2 Σ_i w_i r_i (∂Φ/∂α β̂)_i,      r = y - Φ(α) β̂(α),
///
/// exactly, because ∂RSS/∂β vanishes at β̂ (the envelope theorem; Golub & Pereyra's formula for
/// one nonlinear parameter). The minimum is therefore a root of dRSS/dα, which is found to full
/// precision: from the start, steps of doubling length go downhill until the derivative changes
/// sign (RSS decreases all the way, so the bracket holds a minimum), then GSL's Brent solver
/// (`gsl_root_fsolver_brent`) closes the bracket to a relative width of 1e-12. Minimising the
/// flat RSS itself would resolve α only to √ε; its derivative crosses zero linearly.
///
/// This finds the same minimum as Levenberg–Marquardt on all p parameters (the profile of a
/// minimum is a minimum of the profile), with a one-dimensional search whose every step costs n
/// evaluations of the basis and a QR of an n × m matrix. It is the fast path for refitting loops
/// (bootstrap replicates); fits that users read are still confirmed and given their covariance by
/// `NonlinearLeastSquares`.
///
/// One workspace per (n, p) and per thread; nothing is allocated per fit.
public final class SeparableLeastSquares {
    public let observationCount: Int
    public let parameterCount: Int
    /// Relative width at which the bracket of α counts as closed.
    public static let tolerance = 1e-12
    static let maxRootIterations = 100
    static let maxExpansions = 200

    private let linearCount: Int
    private let rootSolver: UnsafeMutablePointer<gsl_root_fsolver>
    private let function: UnsafeMutablePointer<gsl_function>
    /// Φ and ∂Φ/∂α (row-major n × m), the QR of diag(√w) Φ (column-major, Householder vectors below
    /// the diagonal), diag(√w) y rotated by Qᵀ, √w.
    private let basisValues, basisDerivatives, factors: UnsafeMutableBufferPointer<Double>
    private let rotated, rootWeights: UnsafeMutableBufferPointer<Double>
    /// R's diagonal, 2 / vᵀv of each Householder vector, β̂ at the last evaluation, and the squared
    /// norms of the columns of diag(√w) Φ (the scale for the rank test).
    private let diagonal, reflectorScales, coefficients, columnNorms: UnsafeMutableBufferPointer<Double>

    /// The model and response bound for the duration of one fit.
    private var model: (any SeparableRegressionModel)?
    private var response: UnsafePointer<Double>?
    private var evaluations = 0
    private var lastRSS = Double.nan

    public init(observations n: Int, parameters p: Int) throws(FittingError) {
        guard p >= 2 else { throw .invalidArgument("a separable model needs a nonlinear and at least one linear parameter") }
        guard n > p else { throw .tooFewObservations(observations: n, parameters: p) }
        GSLErrorHandler.ensureDisabled()
        guard let solver = gsl_root_fsolver_alloc(gdpfit_root_brent()) else {
            throw .numerical(routine: "gsl_root_fsolver_alloc", code: GSL_ENOMEM)
        }
        observationCount = n
        parameterCount = p
        linearCount = p - 1
        rootSolver = solver
        function = .allocate(capacity: 1)
        function.initialize(to: gsl_function(function: separableProfileDerivative, params: nil))
        func buffer(_ count: Int) -> UnsafeMutableBufferPointer<Double> {
            let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
            b.initialize(repeating: 0)
            return b
        }
        basisValues = buffer(n * (p - 1))
        basisDerivatives = buffer(n * (p - 1))
        factors = buffer(n * (p - 1))
        rotated = buffer(n)
        rootWeights = buffer(n)
        diagonal = buffer(p - 1)
        reflectorScales = buffer(p - 1)
        coefficients = buffer(p - 1)
        columnNorms = buffer(p - 1)
    }

    deinit {
        gsl_root_fsolver_free(rootSolver)
        function.deallocate()
        for b in [basisValues, basisDerivatives, factors, rotated, rootWeights, diagonal, reflectorScales, coefficients, columnNorms] {
            b.deallocate()
        }
    }

    /// Fits `model` from the start's α (the start's linear coefficients are not needed: they are
    /// solved for) and writes the estimates into `parameters` (count p).
    ///
    /// - Parameter initialStep: the first step of the downhill search; by default 1% of |α| (at
    ///   least 0.01). A start from a grid search passes the grid's spacing.
    /// - Throws: for invalid requests, exactly as `NonlinearLeastSquares` does. A profile that
    ///   cannot be evaluated or a minimum outside the domain is a status, not an error.
    public func fitParameters(
        _ model: some SeparableRegressionModel, response: [Double], weights: [Double]? = nil, start: [Double],
        initialStep: Double? = nil, parameters: UnsafeMutableBufferPointer<Double>
    ) throws(FittingError) -> SeparableFitSummary {
        try validateFitRequest(
            model, response: response, weights: weights, start: start,
            observations: observationCount, parameters: parameterCount)
        guard parameters.count == parameterCount else {
            throw .dimensionMismatch("parameter buffer has \(parameters.count) entries, the model \(parameterCount)")
        }
        let index = model.nonlinearParameterIndex
        guard (0..<parameterCount).contains(index) else {
            throw .invalidArgument("the nonlinear parameter's index \(index) is not below \(parameterCount)")
        }
        for i in 0..<observationCount { rootWeights[i] = weights.map { $0[i].squareRoot() } ?? 1 }
        evaluations = 0
        let domain = model.nonlinearParameterDomain
        let α0 = min(max(start[index], domain.lowerBound), domain.upperBound)
        let step = initialStep.map(abs) ?? 0.01 * max(abs(α0), 1)
        return response.withUnsafeBufferPointer { y in
            self.model = model
            self.response = y.baseAddress
            defer {
                self.model = nil
                self.response = nil
            }
            var (status, α) = search(from: α0, step: step > 0 ? step : 0.01, domain: domain)
            // Evaluate once more at the α returned, so that `coefficients` and `lastRSS` are its.
            if !(profileDerivative(at: α).isFinite && lastRSS.isFinite) { status = .nonFinite }
            var linear = 0
            for j in 0..<parameterCount {
                if j == index {
                    parameters[j] = α
                } else {
                    parameters[j] = coefficients[linear]
                    linear += 1
                }
            }
            return SeparableFitSummary(
                status: status, rss: status == .nonFinite ? .nan : lastRSS, profileEvaluations: evaluations)
        }
    }

    /// The downhill bracket, then Brent's root of dRSS/dα; returns the α reached and what it is.
    private func search(
        from α0: Double, step initial: Double, domain: ClosedRange<Double>
    ) -> (SeparableFitStatus, Double) {
        var a = α0
        let ga = profileDerivative(at: a)
        guard ga.isFinite else { return (.nonFinite, a) }
        if ga == 0 { return (.converged, a) }
        let downhillIsUp = ga < 0
        let edge = downhillIsUp ? domain.upperBound : domain.lowerBound
        var step = initial
        var b = a
        for _ in 0..<Self.maxExpansions {
            b = downhillIsUp ? min(a + step, edge) : max(a - step, edge)
            guard b != a else { return (.boundary, a) }
            let gb = profileDerivative(at: b)
            guard gb.isFinite else {
                // Undefined there (a rank-deficient basis, an overflow): approach more carefully.
                step /= 4
                guard step > Self.tolerance * max(abs(a), 1) else { return (.nonFinite, a) }
                continue
            }
            if gb == 0 { return (.converged, b) }
            if (gb < 0) != downhillIsUp {
                return bracketedRoot(between: min(a, b), and: max(a, b))
            }
            // Still downhill: the RSS at b is below that at a; go on from b with a longer step.
            a = b
            if b == edge { return (.boundary, b) }
            step *= 2
        }
        return (.nonFinite, a)
    }

    /// Brent's method (GSL) on dRSS/dα, which changes sign between `lower` and `upper`.
    private func bracketedRoot(between lower: Double, and upper: Double) -> (SeparableFitStatus, Double) {
        function.pointee.params = Unmanaged.passUnretained(self).toOpaque()
        defer { function.pointee.params = nil }
        guard gsl_root_fsolver_set(rootSolver, function, lower, upper) == GSL_SUCCESS else {
            return (.nonFinite, lower)
        }
        for _ in 0..<Self.maxRootIterations {
            guard gsl_root_fsolver_iterate(rootSolver) == GSL_SUCCESS else {
                return (.nonFinite, gsl_root_fsolver_root(rootSolver))
            }
            let low = gsl_root_fsolver_x_lower(rootSolver), high = gsl_root_fsolver_x_upper(rootSolver)
            if gsl_root_test_interval(low, high, 0, Self.tolerance) == GSL_SUCCESS { break }
        }
        // Brent keeps a bracket, so even at the iteration limit the root lies within it.
        return (.converged, gsl_root_fsolver_root(rootSolver))
    }

    /// The profile at α: β̂(α) into `coefficients`, the RSS into `lastRSS`; returns dRSS/dα (NaN
    /// where the profile is undefined).
    ///
    /// Householder QR of A = diag(√w) Φ, applied to b = diag(√w) y: R β̂ = (Qᵀb)[0..<m], RSS =
    /// ‖(Qᵀb)[m..<n]‖², and the weighted residual z = diag(√w) r = Q [0; (Qᵀb)[m..<n]] (the
    /// reflections applied back in reverse), which is accurate even when Φ is ill-conditioned and
    /// β̂'s terms cancel.
    func profileDerivative(at α: Double) -> Double {
        evaluations += 1
        lastRSS = .nan
        guard let model, let response else { return .nan }
        let n = observationCount, m = linearCount
        model.basis(α, values: basisValues, derivatives: basisDerivatives)
        for j in 0..<m { columnNorms[j] = 0 }
        for i in 0..<n {
            let root = rootWeights[i]
            rotated[i] = root * response[i]
            for j in 0..<m {
                let a = root * basisValues[i * m + j]
                factors[j * n + i] = a
                columnNorms[j] += a * a
            }
        }
        for j in 0..<m {
            let column = j * n
            var norm2 = 0.0
            for i in j..<n { norm2 += factors[column + i] * factors[column + i] }
            let norm = norm2.squareRoot()
            // A column (after the earlier reflections) of zero or negligible length: Φ has rank
            // below m at this α and β̂ is not determined.
            guard norm.isFinite, norm > 1e-13 * columnNorms[j].squareRoot() else { return .nan }
            let x0 = factors[column + j]
            let r = x0 >= 0 ? -norm : norm
            diagonal[j] = r
            factors[column + j] = x0 - r
            let scale = 1 / (norm * (norm + abs(x0)))  // 2 / vᵀv, vᵀv = 2‖x‖(‖x‖ + |x₀|)
            reflectorScales[j] = scale
            for k in (j + 1)..<m {
                let other = k * n
                var s = 0.0
                for i in j..<n { s += factors[column + i] * factors[other + i] }
                s *= scale
                for i in j..<n { factors[other + i] -= s * factors[column + i] }
            }
            var s = 0.0
            for i in j..<n { s += factors[column + i] * rotated[i] }
            s *= scale
            for i in j..<n { rotated[i] -= s * factors[column + i] }
        }
        for j in stride(from: m - 1, through: 0, by: -1) {
            var s = rotated[j]
            for k in (j + 1)..<m { s -= factors[k * n + j] * coefficients[k] }
            coefficients[j] = s / diagonal[j]
        }
        var rss = 0.0
        for i in m..<n { rss += rotated[i] * rotated[i] }
        // z = H_0 ⋯ H_{m-1} [0; (Qᵀb)[m..<n]], in place in `rotated`.
        for i in 0..<m { rotated[i] = 0 }
        for j in stride(from: m - 1, through: 0, by: -1) {
            let column = j * n
            var s = 0.0
            for i in j..<n { s += factors[column + i] * rotated[i] }
            s *= reflectorScales[j]
            for i in j..<n { rotated[i] -= s * factors[column + i] }
        }
        var derivative = 0.0
        for i in 0..<n {
            var slope = 0.0
            for j in 0..<m { slope += basisDerivatives[i * m + j] * coefficients[j] }
            derivative += rotated[i] * rootWeights[i] * slope
        }
        lastRSS = rss
        return -2 * derivative
    }
}

/// The C entry point of GSL's root solver: dRSS/dα of the bound `SeparableLeastSquares`.
private let separableProfileDerivative: @convention(c) (Double, UnsafeMutableRawPointer?) -> Double = { α, params in
    guard let params else { return .nan }
    return Unmanaged<SeparableLeastSquares>.fromOpaque(params).takeUnretainedValue().profileDerivative(at: α)
}
