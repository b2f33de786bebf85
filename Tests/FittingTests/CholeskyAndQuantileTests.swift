import Fitting
import Testing

/// `SquareMatrix.choleskyFactor` and `typeSevenQuantile` against numpy
/// (reference/cholesky_quantile.py, output pasted below).
@Suite struct CholeskyAndQuantileTests {
    @Test func choleskyFactorMatchesNumpy() throws {
        let a = SquareMatrix(rows: [
            [4.0, 1.2, -0.6, 0.3], [1.2, 2.5, 0.4, -0.2], [-0.6, 0.4, 1.8, 0.5], [0.3, -0.2, 0.5, 1.1],
        ])
        // numpy.linalg.cholesky (reference/cholesky_quantile.py)
        let expected: [[Double]] = [
            [2.0, 0.0, 0.0, 0.0], [0.6, 1.4628738838327795, 0.0, 0.0],
            [-0.3, 0.39647983767430467, 1.2461154594650357, 0.0],
            [0.15, -0.19823991883715233, 0.5004336685693922, 0.8875624360807634],
        ]
        let l = try #require(a.choleskyFactor())
        for i in 0..<4 { for j in 0..<4 { #expect(abs(l[i, j] - expected[i][j]) <= 1e-15 * 4) } }
    }

    /// Not positive definite (an eigenvalue -1), or NaN as a singular information matrix leaves it.
    @Test func choleskyFactorRejectsIndefiniteAndNaN() {
        #expect(SquareMatrix(rows: [[1, 0], [0, -1]]).choleskyFactor() == nil)
        #expect(SquareMatrix(rows: [[1, 2], [2, 1]]).choleskyFactor() == nil)
        #expect(SquareMatrix(rows: [[.nan, 0], [0, 1]]).choleskyFactor() == nil)
    }

    @Test func typeSevenQuantileMatchesNumpy() {
        let x = [3.1, -0.4, 7.25, 2.0, 5.5, 0.9].sorted()
        // numpy.quantile (method 'linear', type 7; reference/cholesky_quantile.py)
        let expected: [(Double, Double)] = [(0.0, -0.4), (0.1, 0.25), (0.25, 1.175), (0.5, 2.55), (0.9, 6.375), (1.0, 7.25)]
        for (u, q) in expected { #expect(abs(typeSevenQuantile(sorted: x, u) - q) <= 1e-14 * max(abs(q), 1)) }
    }

    /// With infinite order statistics (numpy returns NaN between two infinities): by the definition,
    /// between a finite and an infinite neighbour the interpolation is +∞; on or between infinite
    /// ones it is +∞, never NaN; below them the finite interpolation is untouched.
    @Test func typeSevenQuantileKeepsInfinities() {
        let x = [1.0, 2.0, .infinity, .infinity, .infinity]
        #expect(typeSevenQuantile(sorted: x, 0.125) == 1.5)  // position 0.5
        #expect(typeSevenQuantile(sorted: x, 0.375) == .infinity)  // position 1.5, between 2 and ∞
        #expect(typeSevenQuantile(sorted: x, 0.5) == .infinity)  // on an infinite order statistic
        #expect(typeSevenQuantile(sorted: x, 0.875) == .infinity)  // between two infinities
    }
}
