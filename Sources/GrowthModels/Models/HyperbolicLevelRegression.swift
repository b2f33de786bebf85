import Foundation
import Fitting

/// The hyperbolic level model ln y = ln C - k ln(t* - t), as the solver sees it.
///
/// GSL's trust-region driver has no bounds, ignores error statuses from the residual function and
/// accepts NaN steps, so the singularity year t* cannot be a free parameter: a step past the last
/// observation would take the log of a negative number. The solver works instead on
/// θ = (ln C, k, τ) with
///
///     t* = t_last + exp(τ),
///
/// which keeps t* above every observation for every finite τ (docs/statistics.md,
/// "Hyperbolic level model"). The distance t* - t_i is formed as (t_last - t_i) + exp(τ): both terms
/// are non-negative, so there is no cancellation even when t* is close to t_last.
///
/// Derivatives (exact):
///     ∂f/∂ln C = 1,   ∂f/∂k = -ln(t* - t_i),   ∂f/∂τ = -k exp(τ) / (t* - t_i).
public struct HyperbolicLevelRegression: RegressionModel {
    /// t_last - t_i for each observation (non-negative).
    var yearsBeforeLast: [Double]
    let lastYear: Double

    public init(years: [Double]) {
        let last = years.max() ?? 0
        lastYear = last
        yearsBeforeLast = years.map { last - $0 }
    }

    /// A stored constant, so that reading the names (the solver checks their count on every fit)
    /// allocates nothing.
    private static let names = ["ln_C", "k", "tau"]
    public var parameterNames: [String] { Self.names }
    public var observationCount: Int { yearsBeforeLast.count }
    public var hasAnalyticJacobian: Bool { true }
    public var modelDescription: String { "ln y = ln_C - k ln(t_star - t), t_star = t_last + exp(tau)" }

    public func evaluate(
        _ θ: UnsafeBufferPointer<Double>,
        values: UnsafeMutableBufferPointer<Double>,
        jacobian: UnsafeMutableBufferPointer<Double>?,
        scratch: UnsafeMutableBufferPointer<Double>
    ) {
        let lnC = θ[0], k = θ[1], offset = exp(θ[2])
        yearsBeforeLast.withUnsafeBufferPointer { d in
            for i in 0..<d.count {
                let distance = d[i] + offset
                let logDistance = log(distance)
                values[i] = lnC - k * logDistance
                if let jacobian {
                    jacobian[3 * i] = 1
                    jacobian[3 * i + 1] = -logDistance
                    jacobian[3 * i + 2] = -k * offset / distance
                }
            }
        }
    }

    /// Maps the solver's θ = (ln C, k, τ) to the reported (ln_C, k, t_star) and its Jacobian
    /// (row-major 3 × 3), for delta-method covariances on the year scale.
    public func reported(_ θ: [Double]) -> (values: [Double], jacobian: [Double]) {
        let offset = exp(θ[2])
        return ([θ[0], θ[1], lastYear + offset], [1, 0, 0, 0, 1, 0, 0, 0, offset])
    }
}

extension HyperbolicLevelRegression: SeparableRegressionModel {
    /// For fixed τ the model is linear in (ln C, k): φ = (1, -ln(t* - t_i)), ∂φ/∂τ = (0, -exp(τ)/(t* - t_i)).
    public var nonlinearParameterIndex: Int { 2 }
    /// φ₀ = 1: a straight line in -ln(t* - t), solved in closed form.
    public var constantBasisColumn: Int? { 0 }

    /// t* from a millionth of the data's span after the last observation to a million spans after
    /// it. Beyond the far end the hyperbola is the exponential to within rounding for any growth
    /// these data can show: with t* - t = T + d and k = rT, ln(T + d) = ln T + d/T - d²/(2T²) + …,
    /// so the model departs from a straight line in t by r d²/(2T) ≤ (r S) S/(2T), below 1e-6 in
    /// ln y for T = 10⁶ S and a total log growth r S of 2. A profile still falling there has its
    /// minimum in the exponential limit (`boundary`).
    public var nonlinearParameterDomain: ClosedRange<Double> {
        let span = max(yearsBeforeLast.max() ?? 1, 1)
        return log(1e-6 * span)...log(1e6 * span)
    }

    public func basis(
        _ τ: Double, values: UnsafeMutableBufferPointer<Double>, derivatives: UnsafeMutableBufferPointer<Double>
    ) {
        let offset = exp(τ)
        yearsBeforeLast.withUnsafeBufferPointer { d in
            for i in 0..<d.count {
                let distance = d[i] + offset
                values[2 * i] = 1
                values[2 * i + 1] = -log(distance)
                derivatives[2 * i] = 0
                derivatives[2 * i + 1] = -offset / distance
            }
        }
    }
}
