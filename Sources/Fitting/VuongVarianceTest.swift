import _LAPACKEShims
import Foundation

/// Step 1 of Vuong's (1989) procedure for two non-nested or overlapping models: the test of
/// ω² = 0, the variance of the pointwise log-likelihood ratio. When ω² = 0 the two models are
/// indistinguishable on these data (they make the same predictions, as when both reduce to a common
/// limit), z of `VuongTest` has no N(0, 1) reference, and its p-value must not be read: Vuong's
/// sequential procedure reports "indistinguishable" instead.
///
/// Vuong's Theorem 3.3: under ω² = 0, n ω̂² tends in distribution to Σⱼ λⱼ² Zⱼ², Zⱼ independent
/// N(0, 1), with λⱼ the eigenvalues of
///
///     W = [ -B_f A_f⁻¹      -B_fg A_g⁻¹ ]
///         [  B_gf A_f⁻¹      B_g A_g⁻¹  ],
///
/// A the mean Hessian of each model's log density, B the mean outer products of the scores (B_fg
/// across the two models). For a Gaussian least-squares model with weights w_i, mean f_i(β) and ML
/// variance σ² = RSS/n, θ = (β, σ²):
///
///     score_i = ( w_i r_i ∂f_i/∂β / σ²,  -1/(2σ²) + w_i r_i² / (2σ⁴) )
///     A = -(1/n) Σ [ w_i J_i J_iᵀ/σ²     w_i r_i J_i/σ⁴         ]
///                  [ w_i r_i J_iᵀ/σ⁴     w_i r_i²/σ⁶ - 1/(2σ⁴)  ]
///
/// (the Gauss-Newton Hessian: the term in r_i ∂²f_i/∂β² is left out, as in the covariance of
/// `JacobianCovariance`). The eigenvalues do not depend on the parametrisation of β, so the
/// solver's Jacobian serves. The tail of the weighted χ² is taken by Satterthwaite's two-moment
/// approximation, Σλⱼ²Zⱼ² ≈ a χ²_ν with a = Σλⱼ⁴/Σλⱼ² and ν = (Σλⱼ²)²/Σλⱼ⁴ (Satterthwaite 1946;
/// exact when the nonzero λⱼ² are equal); the reference script
/// (Tests/GrowthModelsTests/reference/vuong_variance_reference.py) shows its distance from Imhof's exact
/// tail on the test's cases.
public struct VuongVarianceTest: Codable, Equatable, Sendable {
    /// n ω̂².
    public var statistic: Double
    /// The eigenvalues λⱼ of W (real parts; W is similar to a symmetric matrix in Vuong's setting).
    public var eigenvalues: [Double]
    /// Satterthwaite's scale a and degrees of freedom ν.
    public var scale: Double
    public var degreesOfFreedom: Double
    /// P(Σ λⱼ² Zⱼ² ≥ n ω̂²), by the two-moment approximation.
    public var pValue: Double
    /// The level the test is read at.
    public var level: Double
    /// Whether ω² = 0 is rejected at `level`: only then does z of Vuong's test mean anything.
    public var distinguishable: Bool { pValue < level }

    /// - Parameters: both fits of the same observations and weights; `jacobian1`, `jacobian2` the
    ///   Jacobians ∂f_i/∂β at each fit, row-major n × p (any parametrisation of the mean).
    public init(
        _ model1: FitResult, jacobian1: [Double], _ model2: FitResult, jacobian2: [Double], level: Double = 0.05
    ) throws(FittingError) {
        try requireSameObservations([model1, model2])
        let n = model1.n
        guard jacobian1.count == n * model1.p, jacobian2.count == n * model2.p else {
            throw .dimensionMismatch("each Jacobian must have n × p entries")
        }
        guard jacobian1.allSatisfy(\.isFinite), jacobian2.allSatisfy(\.isFinite) else {
            throw .invalidArgument("Vuong's variance test needs finite Jacobians at both fits")
        }
        let nd = Double(n)
        let (s1, a1) = Self.scoresAndHessian(model1, jacobian: jacobian1)
        let (s2, a2) = Self.scoresAndHessian(model2, jacobian: jacobian2)
        let q1 = model1.p + 1, q2 = model2.p + 1, q = q1 + q2
        guard let inverse1 = Self.inverse(a1, q1), let inverse2 = Self.inverse(a2, q2) else {
            throw .singularJacobian(rank: 0, parameters: q)
        }
        // B = (1/n) Σ s sᵀ over the stacked scores (s1, s2).
        var b = [Double](repeating: 0, count: q * q)
        for i in 0..<n {
            let s = Array(s1[(i * q1)..<((i + 1) * q1)]) + Array(s2[(i * q2)..<((i + 1) * q2)])
            for r in 0..<q { for c in 0..<q { b[r * q + c] += s[r] * s[c] / nd } }
        }
        // W: rows of model 1 negated, columns multiplied by A_f⁻¹ or A_g⁻¹.
        var w = [Double](repeating: 0, count: q * q)
        for r in 0..<q {
            let sign: Double = r < q1 ? -1 : 1
            for c in 0..<q {
                var sum = 0.0
                if c < q1 {
                    for k in 0..<q1 { sum += b[r * q + k] * inverse1[k * q1 + c] }
                } else {
                    for k in 0..<q2 { sum += b[r * q + q1 + k] * inverse2[k * q2 + (c - q1)] }
                }
                w[r * q + c] = sign * sum
            }
        }
        var real = [Double](repeating: 0, count: q), imaginary = [Double](repeating: 0, count: q)
        var left = [Double](repeating: 0, count: 1), right = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgeev(
            LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), Int32(q), &w, Int32(q),
            &real, &imaginary, &left, 1, &right, 1)
        guard info == 0 else { throw .numerical(routine: "LAPACKE_dgeev", code: Int(info)) }
        eigenvalues = real.sorted { abs($0) > abs($1) }

        let l1 = Self.pointwiseLogLikelihoods(model1), l2 = Self.pointwiseLogLikelihoods(model2)
        let l = zip(l1, l2).map(-)
        let mean = l.reduce(0, +) / nd
        statistic = l.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let sum2 = eigenvalues.reduce(0) { $0 + $1 * $1 }
        let sum4 = eigenvalues.reduce(0) { $0 + $1 * $1 * $1 * $1 }
        guard sum2 > 0, sum4 > 0 else { throw .invalidArgument("Vuong's variance test: every eigenvalue of W is zero") }
        scale = sum4 / sum2
        degreesOfFreedom = sum2 * sum2 / sum4
        pValue = ChiSquaredDistribution(degreesOfFreedom: degreesOfFreedom).survival(statistic / scale)
        self.level = level
    }

    /// ln f_m(y_i) at the ML variance, as `VuongTest` (summing to the lnL of `InformationCriteria`).
    static func pointwiseLogLikelihoods(_ fit: FitResult) -> [Double] {
        let variance = fit.rss / Double(fit.n)
        return fit.residuals.indices.map { i in
            let w = fit.weights?[i] ?? 1
            return -0.5 * log(2 * Double.pi * variance / w) - w * fit.residuals[i] * fit.residuals[i] / (2 * variance)
        }
    }

    /// Per-observation scores (row-major n × (p+1)) and the mean Gauss-Newton Hessian ((p+1)²).
    static func scoresAndHessian(_ fit: FitResult, jacobian: [Double]) -> ([Double], [Double]) {
        let n = fit.n, p = fit.p, q = p + 1, nd = Double(n)
        let variance = fit.rss / nd
        var scores = [Double](repeating: 0, count: n * q), hessian = [Double](repeating: 0, count: q * q)
        for i in 0..<n {
            let w = fit.weights?[i] ?? 1, r = fit.residuals[i]
            for j in 0..<p { scores[i * q + j] = w * r * jacobian[i * p + j] / variance }
            scores[i * q + p] = -1 / (2 * variance) + w * r * r / (2 * variance * variance)
            for j in 0..<p {
                for k in 0..<p { hessian[j * q + k] -= w * jacobian[i * p + j] * jacobian[i * p + k] / variance / nd }
                let cross = w * r * jacobian[i * p + j] / (variance * variance) / nd
                hessian[j * q + p] -= cross
                hessian[p * q + j] -= cross
            }
            hessian[p * q + p] -= (w * r * r / (variance * variance * variance) - 1 / (2 * variance * variance)) / nd
        }
        return (scores, hessian)
    }

    /// The inverse of a small dense matrix by Gauss-Jordan elimination with partial pivoting; nil
    /// when a pivot vanishes.
    static func inverse(_ matrix: [Double], _ m: Int) -> [Double]? {
        var a = matrix, inverse = [Double](repeating: 0, count: m * m)
        for i in 0..<m { inverse[i * m + i] = 1 }
        for column in 0..<m {
            guard let pivot = (column..<m).max(by: { abs(a[$0 * m + column]) < abs(a[$1 * m + column]) }),
                  abs(a[pivot * m + column]) > 0 else { return nil }
            if pivot != column {
                for k in 0..<m {
                    a.swapAt(pivot * m + k, column * m + k)
                    inverse.swapAt(pivot * m + k, column * m + k)
                }
            }
            let divisor = a[column * m + column]
            for k in 0..<m { a[column * m + k] /= divisor; inverse[column * m + k] /= divisor }
            for row in 0..<m where row != column {
                let factor = a[row * m + column]
                guard factor != 0 else { continue }
                for k in 0..<m {
                    a[row * m + k] -= factor * a[column * m + k]
                    inverse[row * m + k] -= factor * inverse[column * m + k]
                }
            }
        }
        return inverse
    }
}
