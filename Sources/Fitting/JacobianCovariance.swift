import Foundation

/// Rank, conditioning and the unscaled covariance (JᵀJ)⁻¹ of a (weighted) Jacobian, from one
/// singular value decomposition of J with its columns scaled to unit length.
///
/// Why not GSL's `gsl_multifit_nlinear_covar` or the normal equations: forming JᵀJ squares the
/// condition number, and NIST problems such as Lanczos, Hahn1, Thurber or MGH09 have Jacobians
/// whose raw condition numbers exceed 1e10 because the parameters differ by orders of magnitude.
/// Scaling columns (J = A D, D = diag of column norms) removes that artificial part (van der Sluis
/// 1969: nearly optimal among diagonal scalings), and (JᵀJ)⁻¹ = D⁻¹ V Σ⁻² Vᵀ D⁻¹ from the SVD
/// A = U Σ Vᵀ never forms a product of J with itself.
///
/// The SVD: Householder QR of A (n × p) to its p × p triangle R, which has A's singular values and
/// right singular vectors (A = QR), then one-sided Jacobi on R (Hestenes 1958; Demmel & Veselić
/// 1992, "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal. Appl. 13: it finds the
/// singular values of a column-scaled matrix to high relative accuracy): plane rotations of pairs
/// of R's columns, accumulated in V, until every pair is orthogonal to working precision; the
/// column norms are then Σ. This is what LAPACK's `dgesvd` computes, with QR and a bidiagonal
/// iteration in its place, but for the few parameters of a fit it needs no workspace query and
/// no allocation beyond the matrices themselves, which is most of `dgesvd`'s cost at this size.
///
/// Rank: the number of singular values of A above σ_max · max(n, p) · ε (the tolerance of NumPy's
/// `matrix_rank` and MATLAB's `rank`), on the scaled A, so that it does not depend on the units of
/// the parameters. `reciprocalCondition` is σ_min / σ_max of A, the 2-norm reciprocal condition
/// number of the column-equilibrated Jacobian (GSL's `gsl_multifit_nlinear_rcond` reports it for
/// the unscaled J, where it mostly measures the parameters' units).
struct JacobianCovariance {
    var rank: Int
    var reciprocalCondition: Double
    /// (JᵀJ)⁻¹ row-major p × p, or nil when rank < p (the covariance does not exist).
    var unscaledCovariance: [Double]?

    /// Sweeps of the Jacobi iteration before it gives up (it converges quadratically; a handful
    /// suffice for any p a fit has).
    static let maxSweeps = 60

    /// - Parameter jacobian: row-major n × p, already multiplied by √w_i row by row.
    init(jacobian: [Double], n: Int, p: Int) throws(FittingError) {
        guard n >= p, p > 0, jacobian.count == n * p else {
            throw .dimensionMismatch("a Jacobian of \(jacobian.count) entries is not \(n) × \(p) with n ≥ p")
        }
        // One block: the scales D (p), A column-major (n × p), R and V (p × p each), Σ (p).
        let block = UnsafeMutableBufferPointer<Double>.allocate(capacity: p + n * p + 2 * p * p + p)
        defer { block.deallocate() }
        block.initialize(repeating: 0)
        let base = block.baseAddress!
        let scales = base, a = base + p, r = a + n * p, v = r + p * p, singular = v + p * p
        jacobian.withUnsafeBufferPointer { jacobian in
            for j in 0..<p {
                var sum = 0.0
                for i in 0..<n { sum += jacobian[i * p + j] * jacobian[i * p + j] }
                let norm = sum.squareRoot()
                scales[j] = norm > 0 && norm.isFinite ? norm : 1
            }
            for i in 0..<n { for j in 0..<p { a[j * n + i] = jacobian[i * p + j] / scales[j] } }
        }
        // R (row-major p × p, upper triangle) from the Householder QR of the scaled A.
        for j in 0..<p {
            let column = j * n
            var norm2 = 0.0
            for i in j..<n { norm2 += a[column + i] * a[column + i] }
            let norm = norm2.squareRoot()
            guard norm > 0 else {
                for k in (j + 1)..<p { r[j * p + k] = a[k * n + j] }
                continue
            }
            let x0 = a[column + j]
            let diagonal = x0 >= 0 ? -norm : norm
            a[column + j] = x0 - diagonal
            let scale = 1 / (norm * (norm + abs(x0)))  // 2 / vᵀv
            r[j * p + j] = diagonal
            for k in (j + 1)..<p {
                let other = k * n
                var s = 0.0
                for i in j..<n { s += a[column + i] * a[other + i] }
                s *= scale
                for i in j..<n { a[other + i] -= s * a[column + i] }
                r[j * p + k] = a[other + j]
            }
        }
        // One-sided Jacobi on R's columns: R V = U Σ.
        for j in 0..<p { v[j * p + j] = 1 }
        for _ in 0..<Self.maxSweeps {
            var rotated = false
            for j in 0..<p {
                for k in (j + 1)..<p {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<p {
                        let x = r[i * p + j], y = r[i * p + k]
                        alpha += x * x
                        beta += y * y
                        gamma += x * y
                    }
                    guard abs(gamma) > Double.ulpOfOne * (alpha * beta).squareRoot(), gamma.isFinite else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1 : -1) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = c * t
                    for i in 0..<p {
                        let x = r[i * p + j], y = r[i * p + k]
                        r[i * p + j] = c * x - s * y
                        r[i * p + k] = s * x + c * y
                        let vx = v[i * p + j], vy = v[i * p + k]
                        v[i * p + j] = c * vx - s * vy
                        v[i * p + k] = s * vx + c * vy
                    }
                }
            }
            if !rotated { break }
        }
        var largest = 0.0, smallest = Double.infinity
        for j in 0..<p {
            var sum = 0.0
            for i in 0..<p { sum += r[i * p + j] * r[i * p + j] }
            singular[j] = sum.squareRoot()
            guard singular[j].isFinite else { throw .numerical(routine: "Jacobi SVD", code: 0) }
            largest = max(largest, singular[j])
            smallest = min(smallest, singular[j])
        }
        let tolerance = largest * Double(max(n, p)) * Double.ulpOfOne
        var rank = 0
        for j in 0..<p where singular[j] > tolerance { rank += 1 }
        self.rank = rank
        reciprocalCondition = largest > 0 ? smallest / largest : 0
        guard rank == p else {
            unscaledCovariance = nil
            return
        }
        // (AᵀA)⁻¹ = V Σ⁻² Vᵀ, then D⁻¹ on both sides.
        var covariance = [Double](repeating: 0, count: p * p)
        for row in 0..<p {
            for col in row..<p {
                var sum = 0.0
                for k in 0..<p { sum += v[row * p + k] * v[col * p + k] / (singular[k] * singular[k]) }
                let value = sum / (scales[row] * scales[col])
                covariance[row * p + col] = value
                covariance[col * p + row] = value
            }
        }
        unscaledCovariance = covariance
    }
}
