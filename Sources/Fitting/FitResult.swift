import Foundation
/// Why a fit stopped. Only the `converged…` cases are successes.
public enum FitStatus: String, Codable, Sendable, CaseIterable {
    /// The step became small relative to the parameters (GSL's xtol test, info = 1); for variable
    /// projection (`SeparableLeastSquares.fit`), the bracket of the nonlinear parameter closed to a
    /// relative width of 1e-12 around the root of the profile's derivative.
    case convergedSmallStep = "converged (small step)"
    /// The scaled gradient became small (GSL's gtol test, info = 2).
    case convergedSmallGradient = "converged (small gradient)"
    /// A model linear in its parameters, solved directly (no iteration).
    case convergedExactSolution = "converged (exact linear solution)"
    /// The iteration limit was reached before any convergence test passed.
    case iterationLimit = "iteration limit reached"
    /// The trust region could not find a step that decreases the cost (GSL_ENOPROG).
    case noProgress = "no progress"
    /// Parameters, residuals or the RSS became NaN or infinite.
    case nonFinite = "non-finite parameters or residuals"
    /// The least squares were still falling at an end of the parameter domain a model declares (a
    /// variable-projection search reached `nonlinearParameterDomain`'s bound): the minimum is a
    /// limit of the model family, not a point in it, and the parameters are not estimates.
    case domainBoundary = "minimum on the boundary of the parameter domain"
    /// Any other failure reported by the solver.
    case failed = "failed"

    public var isConverged: Bool {
        switch self {
        case .convergedSmallStep, .convergedSmallGradient, .convergedExactSolution: return true
        default: return false
        }
    }
}

/// A square matrix stored row-major, Codable as an array of rows.
public struct SquareMatrix: Codable, Equatable, Sendable {
    public var dimension: Int
    /// Row-major entries, `dimension * dimension` of them.
    public var entries: [Double]

    public init(dimension: Int, entries: [Double]) {
        precondition(entries.count == dimension * dimension, "SquareMatrix: wrong entry count")
        self.dimension = dimension
        self.entries = entries
    }

    public init(rows: [[Double]]) {
        self.dimension = rows.count
        self.entries = rows.flatMap { $0 }
    }

    public subscript(i: Int, j: Int) -> Double {
        get { entries[i * dimension + j] }
        set { entries[i * dimension + j] = newValue }
    }

    public var rows: [[Double]] {
        (0..<dimension).map { Array(entries[($0 * dimension)..<($0 * dimension + dimension)]) }
    }

    public init(from decoder: any Decoder) throws {
        let rows = try decoder.singleValueContainer().decode([[Double]].self)
        self.init(rows: rows)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rows)
    }
}

/// Everything a paper needs from one least-squares fit, as one value. Computed once by the
/// solver; renderers only format it.
///
/// Conventions (docs/statistics.md): residuals r_i = y_i - f_i (unweighted);
/// RSS = Σ w_i r_i²; covariance = s² (JᵀWJ)⁻¹ with s² = RSS/(n - p); standard errors are the square
/// roots of its diagonal; information criteria as documented on `InformationCriteria`.
public struct FitResult: Codable, Sendable {
    /// What was fitted (a model name or formula).
    public var model: String
    public var parameterNames: [String]
    public var parameters: [Double]
    public var standardErrors: [Double]
    public var covariance: SquareMatrix
    public var correlation: SquareMatrix
    /// Σ w_i (y_i - f_i)².
    public var rss: Double
    /// y_i - f_i, unweighted, one per observation.
    public var residuals: [Double]
    /// f_i at the solution.
    public var fitted: [Double]
    /// The weights used, or nil for an unweighted fit.
    public var weights: [Double]?
    public var n: Int
    public var p: Int
    /// n - p, the residual degrees of freedom.
    public var degreesOfFreedom: Int
    public var criteria: InformationCriteria
    /// 1 - RSS / Σ w_i (y_i - ȳ_w)², with ȳ_w the weighted mean (centred R²; for a model without an
    /// intercept this is not the uncentred R² that R's lm reports).
    public var rSquared: Double
    public var iterations: Int
    public var functionEvaluations: Int
    public var jacobianEvaluations: Int
    public var status: FitStatus
    /// Numerical rank of the Jacobian at the solution.
    public var rank: Int
    /// Reciprocal condition number of the Jacobian at the solution (GSL's rcond, or LAPACK's).
    public var reciprocalCondition: Double

    public var converged: Bool { status.isConverged }
    public var logLikelihood: Double { criteria.logLikelihood }
    public var aic: Double { criteria.aic }
    public var aicc: Double? { criteria.aicc }
    public var bic: Double { criteria.bic }
    /// s² = RSS / (n - p), the unbiased residual variance.
    public var residualVariance: Double { rss / Double(degreesOfFreedom) }

    public init(
        model: String, parameterNames: [String], parameters: [Double], standardErrors: [Double],
        covariance: SquareMatrix, correlation: SquareMatrix, rss: Double, residuals: [Double],
        fitted: [Double], weights: [Double]?, n: Int, p: Int, criteria: InformationCriteria,
        rSquared: Double, iterations: Int, functionEvaluations: Int, jacobianEvaluations: Int,
        status: FitStatus, rank: Int, reciprocalCondition: Double
    ) {
        self.model = model
        self.parameterNames = parameterNames
        self.parameters = parameters
        self.standardErrors = standardErrors
        self.covariance = covariance
        self.correlation = correlation
        self.rss = rss
        self.residuals = residuals
        self.fitted = fitted
        self.weights = weights
        self.n = n
        self.p = p
        self.degreesOfFreedom = n - p
        self.criteria = criteria
        self.rSquared = rSquared
        self.iterations = iterations
        self.functionEvaluations = functionEvaluations
        self.jacobianEvaluations = jacobianEvaluations
        self.status = status
        self.rank = rank
        self.reciprocalCondition = reciprocalCondition
    }

    /// The value of a parameter by name, or nil.
    public func value(of name: String) -> Double? {
        parameterNames.firstIndex(of: name).map { parameters[$0] }
    }

    /// The standard error of a parameter by name, or nil.
    public func standardError(of name: String) -> Double? {
        parameterNames.firstIndex(of: name).map { standardErrors[$0] }
    }
}

/// Σ w_i (y_i - ȳ_w)² with ȳ_w the weighted mean: the denominator of the centred R².
func centredTotalSumOfSquares(_ response: [Double], weights: [Double]?) -> Double {
    let n = response.count
    let sumWeights = weights?.reduce(0, +) ?? Double(n)
    let weightedMean = (0..<n).reduce(0.0) { $0 + (weights?[$1] ?? 1) * response[$1] } / sumWeights
    return (0..<n).reduce(0.0) {
        let d = response[$1] - weightedMean
        return $0 + (weights?[$1] ?? 1) * d * d
    }
}

extension FitResult {
    /// The fit's numbers at given parameters that are not an estimate (a point at the edge of a
    /// model's parameter domain, standing for a limit of the model family): values, residuals, RSS,
    /// likelihood and criteria at `parameters`, with `status`, and no covariance (NaN standard
    /// errors), since the information at a limit says nothing about a minimum's precision.
    public static func atParameters(
        _ parameters: [Double], of model: some RegressionModel, response: [Double], weights: [Double]?, status: FitStatus
    ) -> FitResult {
        let n = model.observationCount, p = model.parameterCount
        let fitted = model.values(at: parameters)
        let residuals = (0..<n).map { response[$0] - fitted[$0] }
        let rss = compensatedWeightedSumOfSquares(residuals, weights: weights)
        let unknown = SquareMatrix(dimension: p, entries: .init(repeating: .nan, count: p * p))
        return FitResult(
            model: model.modelDescription, parameterNames: model.parameterNames, parameters: parameters,
            standardErrors: .init(repeating: .nan, count: p), covariance: unknown, correlation: unknown, rss: rss,
            residuals: residuals, fitted: fitted, weights: weights, n: n, p: p,
            criteria: InformationCriteria(
                rss: rss, n: n, meanParameters: p, sumLogWeights: weights?.reduce(0.0) { $0 + log($1) } ?? 0),
            rSquared: 1 - rss / centredTotalSumOfSquares(response, weights: weights), iterations: 0, functionEvaluations: 0, jacobianEvaluations: 0,
            status: status, rank: 0, reciprocalCondition: .nan)
    }
}
