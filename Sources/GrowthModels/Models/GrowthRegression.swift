import Foundation
import Fitting

/// A built-in model as the solver sees it, with the map between its solver parameters and the
/// parameters users read. Every built-in model is one, so that refits (bootstrap, profile
/// likelihood) treat them alike.
protocol GrowthRegression: RegressionModel {
    /// Reported parameters and the Jacobian ∂reported/∂solver (row-major p × p).
    func reported(_ θ: [Double]) -> (values: [Double], jacobian: [Double])
    /// The solver parameters of reported values (the inverse of `reported`).
    func solverParameters(reported: [Double]) -> [Double]
    /// The reported value of parameter j when solver parameter j is v, for parameters where that is
    /// a one-to-one map of v alone (so a profile interval maps across); nil otherwise.
    func reportedValue(ofSolverParameter j: Int, _ v: Double) -> Double?
    /// The same model with arrays of its own, for one worker thread of a bootstrap
    /// (`Array.threadLocalCopy` says why).
    func threadLocalCopy() -> Self
}

/// A built-in model that is also linear in all its parameters but one (hyperbolic, power growth),
/// so that refits can go by variable projection.
typealias SeparableGrowthRegression = GrowthRegression & SeparableRegressionModel

/// A model linear in its parameters, f_i = Σ_j θ_j x_ij: exponential (columns 1, t), constant
/// growth (1) and linear growth (1, y). Fitted directly by `fitLinear`; as a `RegressionModel` it
/// serves refits and profiles, where the solver converges in one step.
struct LinearDesignRegression: GrowthRegression {
    /// The design's columns.
    var columns: [[Double]]
    let parameterNames: [String]

    var observationCount: Int { columns.first?.count ?? 0 }
    var hasAnalyticJacobian: Bool { true }

    func evaluate(
        _ θ: UnsafeBufferPointer<Double>, values: UnsafeMutableBufferPointer<Double>,
        jacobian: UnsafeMutableBufferPointer<Double>?, scratch: UnsafeMutableBufferPointer<Double>
    ) {
        let p = columns.count
        for i in 0..<observationCount {
            var sum = 0.0
            for j in 0..<p {
                let x = columns[j][i]
                sum += θ[j] * x
                jacobian?[i * p + j] = x
            }
            values[i] = sum
        }
    }

    func reported(_ θ: [Double]) -> (values: [Double], jacobian: [Double]) {
        let p = θ.count
        return (θ, (0..<(p * p)).map { $0 / p == $0 % p ? 1 : 0 })
    }

    func solverParameters(reported: [Double]) -> [Double] { reported }
    func reportedValue(ofSolverParameter j: Int, _ v: Double) -> Double? { v }

    func threadLocalCopy() -> Self {
        var copy = self
        copy.columns = columns.map { $0.threadLocalCopy() }
        return copy
    }
}

extension HyperbolicLevelRegression: GrowthRegression {
    func solverParameters(reported: [Double]) -> [Double] {
        [reported[0], reported[1], log(reported[2] - lastYear)]
    }

    /// ln_C and k are their own solver parameters; t* = t_last + exp(τ) increases with τ.
    func reportedValue(ofSolverParameter j: Int, _ v: Double) -> Double? {
        j == 2 ? lastYear + exp(v) : v
    }

    func threadLocalCopy() -> Self {
        var copy = self
        copy.yearsBeforeLast = yearsBeforeLast.threadLocalCopy()
        return copy
    }
}

extension PowerGrowthRegression: GrowthRegression {
    func solverParameters(reported: [Double]) -> [Double] {
        let s0 = reported[0] * exp(reported[1] * log(referenceLevel))
        return hasDrift ? [s0, reported[1], reported[2]] : [s0, reported[1]]
    }

    /// B and d are their own solver parameters; s = s₀ y₀^(-B) depends on B too, so its profile is
    /// not the profile of s₀ and is not offered.
    func reportedValue(ofSolverParameter j: Int, _ v: Double) -> Double? {
        j == 0 ? nil : v
    }

    func threadLocalCopy() -> Self {
        var copy = self
        copy.centredLogLevels = centredLogLevels.threadLocalCopy()
        return copy
    }
}

extension GrowthModelKind {
    /// The solver-side model of this kind on a sample.
    func regression(for sample: ModelSample) -> any GrowthRegression {
        let ones = [Double](repeating: 1, count: sample.count)
        switch self {
        case .exponential: return LinearDesignRegression(columns: [ones, sample.years], parameterNames: parameterNames)
        case .constantGrowth: return LinearDesignRegression(columns: [ones], parameterNames: parameterNames)
        case .linearGrowth: return LinearDesignRegression(columns: [ones, sample.levels], parameterNames: parameterNames)
        case .hyperbolic: return HyperbolicLevelRegression(years: sample.years)
        case .powerGrowth: return PowerGrowthRegression(levels: sample.levels, drift: false)
        case .powerGrowthDrift: return PowerGrowthRegression(levels: sample.levels, drift: true)
        }
    }
}
