import _GSLShims
import Foundation

extension NonlinearLeastSquares {
    /// Builds the complete `FitResult` at `best`, while the model is bound to the callbacks.
    ///
    /// The Jacobian is re-evaluated at the returned point by re-initialising a GSL workspace there
    /// (analytic or finite differences, whichever the fit used, already multiplied by √w_i), so
    /// the covariance belongs to exactly the parameters reported. Residuals are y_i - f_i
    /// recomputed from the model, and the RSS is their compensated weighted sum of squares.
    func makeResult(
        _ model: some RegressionModel, response: [Double], weights: [Double]?,
        summary: NonlinearFitSummary
    ) throws(FittingError) -> FitResult {
        let n = observationCount, p = parameterCount
        let parameters = Array(best)
        let fitted = model.values(at: parameters)
        let residuals = (0..<n).map { response[$0] - fitted[$0] }
        let rss = compensatedWeightedSumOfSquares(residuals, weights: weights)
        var status = summary.status
        let finite = parameters.allSatisfy(\.isFinite) && rss.isFinite
        if !finite { status = .nonFinite }

        var standardErrors = [Double](repeating: .nan, count: p)
        var covariance = SquareMatrix(dimension: p, entries: .init(repeating: .nan, count: p * p))
        var correlation = covariance
        var rank = 0
        var reciprocalCondition = Double.nan
        if finite, let jacobian = try weightedJacobian(at: parameters, weighted: weights != nil) {
            let analysis = try JacobianCovariance(jacobian: jacobian, n: n, p: p)
            rank = analysis.rank
            reciprocalCondition = analysis.reciprocalCondition
            guard let unscaled = analysis.unscaledCovariance else {
                throw .singularJacobian(rank: analysis.rank, parameters: p)
            }
            // GSL and the SVD give (JᵀWJ)⁻¹; the covariance is s² times it (docs/statistics.md).
            let s2 = rss / Double(n - p)
            covariance.entries = unscaled.map { $0 * s2 }
            for j in 0..<p { standardErrors[j] = covariance[j, j].squareRoot() }
            for r in 0..<p {
                for c in 0..<p {
                    correlation[r, c] = r == c ? 1 : covariance[r, c] / (standardErrors[r] * standardErrors[c])
                }
            }
        } else {
            status = .nonFinite
        }

        let sumLogWeights = weights?.reduce(0.0) { $0 + log($1) } ?? 0
        return FitResult(
            model: model.modelDescription, parameterNames: model.parameterNames, parameters: parameters,
            standardErrors: standardErrors, covariance: covariance, correlation: correlation, rss: rss,
            residuals: residuals, fitted: fitted, weights: weights, n: n, p: p,
            criteria: InformationCriteria(rss: rss, n: n, meanParameters: p, sumLogWeights: sumLogWeights),
            rSquared: 1 - rss / centredTotalSumOfSquares(response, weights: weights), iterations: summary.iterations,
            functionEvaluations: summary.functionEvaluations,
            jacobianEvaluations: summary.jacobianEvaluations, status: status, rank: rank,
            reciprocalCondition: reciprocalCondition)
    }

    /// √W J at `parameters`, row-major, or nil when GSL cannot evaluate it there.
    private func weightedJacobian(at parameters: [Double], weighted: Bool) throws(FittingError) -> [Double]? {
        let ws = try workspace(for: options.method)
        for j in 0..<parameterCount { gsl_vector_set(startVector, j, parameters[j]) }
        let status = weighted
            ? gsl_multifit_nlinear_winit(startVector, weightVector, fdf, ws.pointer)
            : gsl_multifit_nlinear_init(startVector, fdf, ws.pointer)
        guard status == Int32(GSL_SUCCESS), let J = gsl_multifit_nlinear_jac(ws.pointer) else { return nil }
        var out = [Double](repeating: 0, count: observationCount * parameterCount)
        for i in 0..<observationCount {
            for j in 0..<parameterCount {
                let value = gsl_matrix_get(J, i, j)
                guard value.isFinite else { return nil }
                out[i * parameterCount + j] = value
            }
        }
        return out
    }
}
