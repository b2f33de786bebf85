import Fitting

/// Test fixtures for the uncertainty code (delta method, bootstrap, profile likelihood), which
/// must be testable without the GSL engine: fits here are exact closed-form least squares.
enum UncertaintyFixtures {
    /// A FitResult carrying only what the uncertainty code reads (values, covariance, fitted values,
    /// residuals, weights); the rest are placeholders.
    static func fit(
        names: [String], parameters: [Double], covariance: SquareMatrix,
        fitted: [Double] = [], residuals: [Double] = [], weights: [Double]? = nil
    ) -> FitResult {
        let n = max(fitted.count, parameters.count + 2)
        var rss = 0.0
        for (i, r) in residuals.enumerated() { rss += (weights?[i] ?? 1) * r * r }
        return FitResult(
            model: "fixture", parameterNames: names, parameters: parameters,
            standardErrors: (0..<covariance.dimension).map { covariance[$0, $0].squareRoot() },
            covariance: covariance, correlation: covariance, rss: rss, residuals: residuals, fitted: fitted,
            weights: weights, n: n, p: parameters.count,
            criteria: InformationCriteria(rss: max(rss, 1), n: n, meanParameters: parameters.count),
            rSquared: 0, iterations: 0, functionEvaluations: 0, jacobianEvaluations: 0,
            status: .convergedExactSolution, rank: parameters.count, reciprocalCondition: 1)
    }

    /// The straight line f_i = a + b x_i with its exact Jacobian.
    static func straightLine(_ x: [Double]) -> ClosureModel {
        ClosureModel(
            parameterNames: ["a", "b"], observationCount: x.count, description: "a + b*x",
            value: { θ, i in θ[0] + θ[1] * x[i] },
            gradient: { _, i, g in g[0] = 1; g[1] = x[i] })
    }

    /// Exact weighted least squares for a model LINEAR in its parameters: f(θ) = f(0) + J θ, so the
    /// solution solves the normal equations (JᵀWJ) θ = JᵀW (y - f(0)). Gaussian elimination with
    /// partial pivoting; fine for the handful of parameters used in tests.
    static func linearFit(_ model: some RegressionModel, response y: [Double], weights: [Double]? = nil) -> Refit {
        let n = model.observationCount, p = model.parameterCount
        let zero = [Double](repeating: 0, count: p)
        let offset = model.values(at: zero)
        let j = model.jacobian(at: zero)
        let w = weights ?? Array(repeating: 1, count: n)
        var a = [Double](repeating: 0, count: p * (p + 1))  // augmented [JᵀWJ | JᵀW(y - f0)]
        for i in 0..<n {
            for r in 0..<p {
                for c in 0..<p { a[r * (p + 1) + c] += w[i] * j[i * p + r] * j[i * p + c] }
                a[r * (p + 1) + p] += w[i] * j[i * p + r] * (y[i] - offset[i])
            }
        }
        for col in 0..<p {
            let pivot = (col..<p).max { abs(a[$0 * (p + 1) + col]) < abs(a[$1 * (p + 1) + col]) }!
            for c in 0...p { a.swapAt(col * (p + 1) + c, pivot * (p + 1) + c) }
            for r in 0..<p where r != col {
                let factor = a[r * (p + 1) + col] / a[col * (p + 1) + col]
                for c in col...p { a[r * (p + 1) + c] -= factor * a[col * (p + 1) + c] }
            }
        }
        let θ = (0..<p).map { a[$0 * (p + 1) + p] / a[$0 * (p + 1) + $0] }
        let f = model.values(at: θ)
        var rss = 0.0
        for i in 0..<n { rss += w[i] * (y[i] - f[i]) * (y[i] - f[i]) }
        return Refit(parameters: θ, rss: rss, converged: true)
    }
}
