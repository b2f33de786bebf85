import Foundation

extension SeparableLeastSquares {
    /// The complete fit of a separable model by the grid search
    /// (`fitParameters(_:response:weights:searching:parameters:)`), as one `FitResult`.
    ///
    /// At a minimum inside the domain the covariance is s² (JᵀWJ)⁻¹ from the exact Jacobian there,
    /// built from the basis the search last evaluated: ∂f_i/∂β_j = φ_j(α̂)_i and
    /// ∂f_i/∂α = Σ_j β̂_j ∂φ_j(α̂)_i, the same J a Levenberg–Marquardt fit with the model's analytic
    /// Jacobian would use at that point (analysed by `JacobianCovariance`, as `NonlinearLeastSquares`
    /// does). The fitted values are Φ(α̂) β̂ and the RSS their compensated weighted sum of squares.
    /// The status is `convergedSmallStep` (the bracket of α closed to `tolerance`); `iterations` counts
    /// the evaluations of the profile after the grid's, `functionEvaluations` all of them.
    ///
    /// At an end of the domain the numbers at that end are returned without a covariance (status
    /// `domainBoundary`: `FitResult.atParameters`). Where the profile could not be evaluated the
    /// result is nil; the summary says so (`nonFinite`) and the caller may fall back to
    /// `NonlinearLeastSquares`.
    public func fit(
        _ model: some SeparableRegressionModel, response: [Double], weights: [Double]? = nil,
        searching grid: SeparableSearchGrid
    ) throws(FittingError) -> (result: FitResult?, summary: SeparableFitSummary) {
        let n = observationCount, p = parameterCount, m = linearCount
        var parameters = [Double](repeating: 0, count: p)
        let summary = try parameters.withUnsafeMutableBufferPointer { θ throws(FittingError) in
            try fitParameters(model, response: response, weights: weights, searching: grid, parameters: θ)
        }
        switch summary.status {
        case .nonFinite:
            return (nil, summary)
        case .boundary:
            return (FitResult.atParameters(parameters, of: model, response: response, weights: weights, status: .domainBoundary), summary)
        case .converged:
            break
        }
        // The buffers hold Φ(α̂), ∂Φ/∂α(α̂) and β̂ (`fitParameters` leaves them at the α returned).
        let index = model.nonlinearParameterIndex
        var fitted = [Double](repeating: 0, count: n)
        var residuals = [Double](repeating: 0, count: n)
        var jacobian = [Double](repeating: 0, count: n * p)
        for i in 0..<n {
            var value = 0.0, slope = 0.0
            let root = weightValues[i].squareRoot()
            var linear = 0
            for j in 0..<p where j != index {
                let φ = basisValues[i * m + linear]
                value += φ * coefficients[linear]
                slope += coefficients[linear] * basisDerivatives[i * m + linear]
                jacobian[i * p + j] = root * φ
                linear += 1
            }
            jacobian[i * p + index] = root * slope
            fitted[i] = value
            residuals[i] = response[i] - value
        }
        let rss = compensatedWeightedSumOfSquares(residuals, weights: weights)
        guard rss.isFinite, jacobian.allSatisfy(\.isFinite) else {
            return (FitResult.atParameters(parameters, of: model, response: response, weights: weights, status: .nonFinite), summary)
        }
        let analysis = try JacobianCovariance(jacobian: jacobian, n: n, p: p)
        guard let unscaled = analysis.unscaledCovariance else {
            throw .singularJacobian(rank: analysis.rank, parameters: p)
        }
        // (JᵀWJ)⁻¹ times s² (docs/statistics.md).
        let s2 = rss / Double(n - p)
        let covariance = SquareMatrix(dimension: p, entries: unscaled.map { $0 * s2 })
        let standardErrors = (0..<p).map { covariance[$0, $0].squareRoot() }
        var correlation = covariance
        for r in 0..<p {
            for c in 0..<p {
                correlation[r, c] = r == c ? 1 : covariance[r, c] / (standardErrors[r] * standardErrors[c])
            }
        }
        let sumLogWeights = weights?.reduce(0.0) { $0 + log($1) } ?? 0
        return (FitResult(
            model: model.modelDescription, parameterNames: model.parameterNames, parameters: parameters,
            standardErrors: standardErrors, covariance: covariance, correlation: correlation, rss: rss,
            residuals: residuals, fitted: fitted, weights: weights, n: n, p: p,
            criteria: InformationCriteria(rss: rss, n: n, meanParameters: p, sumLogWeights: sumLogWeights),
            rSquared: 1 - rss / centredTotalSumOfSquares(response, weights: weights),
            iterations: summary.profileEvaluations - summary.gridEvaluations,
            functionEvaluations: summary.profileEvaluations, jacobianEvaluations: 1, status: .convergedSmallStep,
            rank: analysis.rank, reciprocalCondition: analysis.reciprocalCondition), summary)
    }
}
