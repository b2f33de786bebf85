import _LAPACKEShims
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

    /// - Parameter jacobian: row-major n × p, already multiplied by √w_i row by row.
    init(jacobian: [Double], n: Int, p: Int) throws(FittingError) {
        var scales = [Double](repeating: 1, count: p)
        for j in 0..<p {
            var sum = 0.0
            for i in 0..<n { sum += jacobian[i * p + j] * jacobian[i * p + j] }
            let norm = sum.squareRoot()
            if norm > 0 && norm.isFinite { scales[j] = norm }
        }
        var a = jacobian
        for i in 0..<n { for j in 0..<p { a[i * p + j] /= scales[j] } }
        var singular = [Double](repeating: 0, count: p)
        var vt = [Double](repeating: 0, count: p * p)
        var superb = [Double](repeating: 0, count: max(1, p - 1))
        var dummyU = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgesvd(
            LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "A")),
            Int32(n), Int32(p), &a, Int32(p), &singular, &dummyU, 1, &vt, Int32(p),
            &superb)
        guard info == 0 else { throw .numerical(routine: "LAPACKE_dgesvd", code: Int(info)) }
        let largest = singular[0]
        let tolerance = largest * Double(max(n, p)) * Double.ulpOfOne
        rank = singular.filter { $0 > tolerance }.count
        reciprocalCondition = largest > 0 ? singular[p - 1] / largest : 0
        guard rank == p else {
            unscaledCovariance = nil
            return
        }
        // (AᵀA)⁻¹ = V Σ⁻² Vᵀ; V's columns are the rows of vt.
        var covariance = [Double](repeating: 0, count: p * p)
        for r in 0..<p {
            for c in r..<p {
                var sum = 0.0
                for k in 0..<p { sum += vt[k * p + r] * vt[k * p + c] / (singular[k] * singular[k]) }
                let value = sum / (scales[r] * scales[c])
                covariance[r * p + c] = value
                covariance[c * p + r] = value
            }
        }
        unscaledCovariance = covariance
    }
}
