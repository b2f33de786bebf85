import Foundation
import Fitting

/// The growth laws g = s y^B (power growth) and g = s y^B + d (with drift), as the solver sees them.
///
/// Levels span five orders of magnitude (0.1 to 70,000), so y^B with B near 1.5 ranges over
/// seven, and s is correspondingly tiny: a raw (s, B) parametrisation is badly conditioned and its
/// s and B are almost perfectly correlated. The solver works on the centred form
///
///     g = s₀ exp(B u_i) (+ d),    u_i = ln(y_i / y₀),    y₀ = the geometric mean of the levels,
///
/// whose parameters are nearly orthogonal. The reported s = s₀ y₀^(-B) follows by the delta method.
/// Centring also makes the fit exactly invariant to the units of y: multiplying every level by a
/// constant leaves every u_i, and so s₀, B and d, unchanged.
///
/// Derivatives (exact): ∂f/∂s₀ = exp(B u), ∂f/∂B = s₀ u exp(B u), ∂f/∂d = 1.
public struct PowerGrowthRegression: RegressionModel {
    /// ln(y_i / y₀).
    var centredLogLevels: [Double]
    /// y₀, the geometric mean of the levels.
    let referenceLevel: Double
    let hasDrift: Bool

    public init(levels: [Double], drift: Bool) {
        let logs = levels.map { log($0) }
        let meanLog = logs.reduce(0, +) / Double(max(logs.count, 1))
        centredLogLevels = logs.map { $0 - meanLog }
        referenceLevel = exp(meanLog)
        hasDrift = drift
    }

    /// Stored constants, so that reading the names (the solver checks their count on every fit)
    /// allocates nothing.
    private static let names = ["s0", "B"], namesWithDrift = ["s0", "B", "d"]
    public var parameterNames: [String] { hasDrift ? Self.namesWithDrift : Self.names }
    public var observationCount: Int { centredLogLevels.count }
    public var hasAnalyticJacobian: Bool { true }
    public var modelDescription: String {
        hasDrift ? "g = s0 (y/y0)^B + d" : "g = s0 (y/y0)^B"
    }

    public func evaluate(
        _ θ: UnsafeBufferPointer<Double>,
        values: UnsafeMutableBufferPointer<Double>,
        jacobian: UnsafeMutableBufferPointer<Double>?,
        scratch: UnsafeMutableBufferPointer<Double>
    ) {
        let s0 = θ[0], b = θ[1], d = hasDrift ? θ[2] : 0
        let p = hasDrift ? 3 : 2
        centredLogLevels.withUnsafeBufferPointer { u in
            for i in 0..<u.count {
                let power = exp(b * u[i])
                values[i] = s0 * power + d
                if let jacobian {
                    jacobian[p * i] = power
                    jacobian[p * i + 1] = s0 * u[i] * power
                    if hasDrift { jacobian[p * i + 2] = 1 }
                }
            }
        }
    }

    /// Maps θ = (s₀, B[, d]) to the reported (s, B[, d]) with s = s₀ y₀^(-B), and its Jacobian.
    public func reported(_ θ: [Double]) -> (values: [Double], jacobian: [Double]) {
        let scale = exp(-θ[1] * log(referenceLevel))
        let s = θ[0] * scale
        let dsdB = -s * log(referenceLevel)
        if hasDrift {
            return ([s, θ[1], θ[2]], [scale, dsdB, 0, 0, 1, 0, 0, 0, 1])
        }
        return ([s, θ[1]], [scale, dsdB, 0, 1])
    }
}

extension PowerGrowthRegression: SeparableRegressionModel {
    /// For fixed B the model is linear in s₀ (and d): φ = (exp(B u_i)[, 1]), ∂φ/∂B = (u_i exp(B u_i)[, 0]).
    public var nonlinearParameterIndex: Int { 1 }
    /// The drift's column of ones, if the model has one.
    public var constantBasisColumn: Int? { hasDrift ? 1 : nil }

    /// |B| up to 300 / max|u_i|, so that exp(B u_i) and its square stay finite in double precision.
    /// The levels' spread sets the limit: for the curated series (max|u| ≈ 7) it is |B| ≤ 43,
    /// far outside any growth law these data support.
    public var nonlinearParameterDomain: ClosedRange<Double> {
        var spread = 0.0
        for u in centredLogLevels { spread = max(spread, abs(u)) }
        let limit = spread > 0 ? 300 / spread : 300
        return -limit...limit
    }

    public func basis(
        _ b: Double, values: UnsafeMutableBufferPointer<Double>, derivatives: UnsafeMutableBufferPointer<Double>
    ) {
        let m = hasDrift ? 2 : 1
        centredLogLevels.withUnsafeBufferPointer { u in
            for i in 0..<u.count {
                let power = exp(b * u[i])
                values[m * i] = power
                derivatives[m * i] = u[i] * power
                if hasDrift {
                    values[m * i + 1] = 1
                    derivatives[m * i + 1] = 0
                }
            }
        }
    }
}
