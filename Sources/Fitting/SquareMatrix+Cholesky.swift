extension SquareMatrix {
    /// The lower-triangular Cholesky factor L with L Lᵀ = self (row-major, zeros above the
    /// diagonal), by the Cholesky–Banachiewicz recurrence (Golub & Van Loan 2013, Algorithm 4.2.1);
    /// nil when the matrix is not symmetric positive definite or holds a non-finite entry (a
    /// covariance whose information matrix was singular is all NaN). Meant for the small
    /// covariances of fitted parameters, e.g. to draw θ ~ N(θ̂, Σ) as θ̂ + L z.
    public func choleskyFactor() -> SquareMatrix? {
        let p = dimension
        guard entries.allSatisfy(\.isFinite) else { return nil }
        var l = SquareMatrix(dimension: p, entries: [Double](repeating: 0, count: p * p))
        for i in 0..<p {
            for j in 0...i {
                var sum = self[i, j]
                for k in 0..<j { sum -= l[i, k] * l[j, k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i, i] = sum.squareRoot()
                } else {
                    l[i, j] = sum / l[j, j]
                }
            }
        }
        return l
    }
}
