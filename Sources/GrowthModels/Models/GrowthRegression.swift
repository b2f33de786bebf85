import Foundation
import Fitting

/// A built-in model as the solver sees it on one sample, with its start values and the map between
/// its solver parameters and the parameters users read. Every built-in model's estimator holds one,
/// so that fits and refits (bootstrap, profile likelihood) treat them alike.
public protocol GrowthRegression: RegressionModel {
    /// Solver parameters to start from for this response, and the first step of a one-dimensional
    /// search over the nonlinear parameter when the start comes from a grid (its spacing).
    func start(response: [Double], weights: [Double]?) -> (parameters: [Double], initialStep: Double?)
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
/// so that fits and refits go by variable projection.
public protocol SeparableGrowthRegression: GrowthRegression, SeparableRegressionModel {
    /// The grid of the nonlinear parameter on which a fit looks for its minimum's basin
    /// (`SeparableLeastSquares.fit`): the range of the start grid (`start(response:weights:)`) with
    /// a subset of its points, fine enough that no basin of the profile falls between two of them
    /// on the curated series and the Maddison panel, where the derivative's signs then find the
    /// minimum the finer start grid leads to.
    var searchGrid: SeparableSearchGrid { get }
}

/// A model linear in its parameters, f_i = Σ_j θ_j x_ij: exponential (columns 1, t), constant
/// growth (1) and linear growth (1, y). Fitted directly by `fitLinear`; as a `RegressionModel` it
/// serves refits and profiles, where the solver converges in one step.
public struct LinearDesignRegression: GrowthRegression {
    /// The design's columns.
    public internal(set) var columns: [[Double]]
    public let parameterNames: [String]

    public init(columns: [[Double]], parameterNames: [String]) {
        self.columns = columns
        self.parameterNames = parameterNames
    }

    public var observationCount: Int { columns.first?.count ?? 0 }
    public var hasAnalyticJacobian: Bool { true }

    /// Zeros: a linear model is solved directly; refits start from the estimate.
    public func start(response: [Double], weights: [Double]?) -> (parameters: [Double], initialStep: Double?) {
        ([Double](repeating: 0, count: columns.count), nil)
    }

    public func evaluate(
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

    public func reported(_ θ: [Double]) -> (values: [Double], jacobian: [Double]) {
        let p = θ.count
        return (θ, (0..<(p * p)).map { $0 / p == $0 % p ? 1 : 0 })
    }

    public func solverParameters(reported: [Double]) -> [Double] { reported }
    public func reportedValue(ofSolverParameter j: Int, _ v: Double) -> Double? { v }

    public func threadLocalCopy() -> Self {
        var copy = self
        copy.columns = columns.map { $0.threadLocalCopy() }
        return copy
    }
}

extension HyperbolicLevelRegression: SeparableGrowthRegression {
    /// τ from an offset of a tenth of a year to a hundred spans (`HyperbolicStartGrid.offsetGrid`),
    /// at every tenth point of that grid (21 points).
    public var searchGrid: SeparableSearchGrid {
        let span = max(yearsBeforeLast.max() ?? 1, 1)
        return SeparableSearchGrid(
            lower: log(0.1), upper: log(100 * span), intervals: HyperbolicStartGrid.steps / HyperbolicStartGrid.searchStride)
    }

    /// The profiled grid start over τ (`HyperbolicStartGrid`), with the grid's spacing as the first step.
    public func start(response: [Double], weights: [Double]?) -> (parameters: [Double], initialStep: Double?) {
        let grid = HyperbolicStartGrid(self, weights: weights)
        return (grid.start(logLevels: response), grid.spacing)
    }

    public func solverParameters(reported: [Double]) -> [Double] {
        [reported[0], reported[1], log(reported[2] - lastYear)]
    }

    /// ln_C and k are their own solver parameters; t* = t_last + exp(τ) increases with τ.
    public func reportedValue(ofSolverParameter j: Int, _ v: Double) -> Double? {
        j == 2 ? lastYear + exp(v) : v
    }

    public func threadLocalCopy() -> Self {
        var copy = self
        copy.yearsBeforeLast = yearsBeforeLast.threadLocalCopy()
        return copy
    }
}

extension PowerGrowthRegression: SeparableGrowthRegression {
    /// B from -3 to 5 (`StartValues.powerGrowth`), at every sixteenth point of that grid (21 points).
    public var searchGrid: SeparableSearchGrid {
        SeparableSearchGrid(
            lower: -3, upper: 5, intervals: StartValues.powerGrowthSteps / StartValues.powerGrowthSearchStride)
    }

    /// The profiled grid start over B (`StartValues.powerGrowth`), with the grid's spacing as the first step.
    public func start(response: [Double], weights: [Double]?) -> (parameters: [Double], initialStep: Double?) {
        (StartValues.powerGrowth(self, growth: response, weights: weights), StartValues.powerGrowthGridSpacing)
    }

    public func solverParameters(reported: [Double]) -> [Double] {
        let s0 = reported[0] * exp(reported[1] * log(referenceLevel))
        return hasDrift ? [s0, reported[1], reported[2]] : [s0, reported[1]]
    }

    /// B and d are their own solver parameters; s = s₀ y₀^(-B) depends on B too, so its profile is
    /// not the profile of s₀ and is not offered.
    public func reportedValue(ofSolverParameter j: Int, _ v: Double) -> Double? {
        j == 0 ? nil : v
    }

    public func threadLocalCopy() -> Self {
        var copy = self
        copy.centredLogLevels = centredLogLevels.threadLocalCopy()
        return copy
    }
}
