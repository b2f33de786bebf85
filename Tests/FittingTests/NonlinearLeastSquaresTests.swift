import Foundation
import Testing
import Fitting
import TestSupport

/// Small data sets and expected values from Tests/FittingTests/reference/nonlinear_scipy.py
/// (scipy.optimize.curve_fit, method "lm", absolute_sigma=False), pasted below.
@Suite struct NonlinearLeastSquaresTests {
    static let t: [Double] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    static let decayY: [Double] = [10.2, 7.9, 6.1, 4.8, 3.4, 2.9, 2.1, 1.7, 1.2, 1.05]
    static let sigma: [Double] = [0.5, 0.4, 0.4, 0.3, 0.3, 0.2, 0.2, 0.2, 0.1, 0.1]
    static let substrate: [Double] = [0.02, 0.06, 0.11, 0.22, 0.56, 1.10, 2.0, 4.0]
    static let rate: [Double] = [76, 97, 123, 159, 191, 207, 215, 218]

    /// a·exp(-k t), analytic gradient unless `analytic` is false (then finite differences).
    static func decay(analytic: Bool = true) -> ClosureModel {
        let t = Self.t
        let gradient: @Sendable (UnsafeBufferPointer<Double>, Int, UnsafeMutableBufferPointer<Double>) -> Void = { p, i, g in
            let e = exp(-p[1] * t[i]); g[0] = e; g[1] = -p[0] * t[i] * e
        }
        return ClosureModel(
            parameterNames: ["a", "k"], observationCount: t.count, description: "a*exp(-k*t)",
            value: { p, i in p[0] * exp(-p[1] * t[i]) }, gradient: analytic ? gradient : nil)
    }

    static func michaelisMenten() -> ClosureModel {
        let s = Self.substrate
        return ClosureModel(
            parameterNames: ["vmax", "km"], observationCount: s.count,
            value: { p, i in p[0] * s[i] / (p[1] + s[i]) },
            gradient: { p, i, g in
                g[0] = s[i] / (p[1] + s[i]); g[1] = -p[0] * s[i] / ((p[1] + s[i]) * (p[1] + s[i]))
            })
    }

    static var weights: [Double] { sigma.map { 1 / ($0 * $0) } }

    // nonlinear_scipy.py output:
    static let decayParameters = [10.24004353964643, 0.26024647676116053]
    static let decayStandardErrors = [0.17364204719650408, 0.0040369658647888725]
    static let decayRSS = 2.1051193755144304
    static let mmParameters = [217.85935292970836, 0.0692830265780805]
    static let mmStandardErrors = [7.573973271031439, 0.011932100525150181]
    static let mmRSS = 962.0296728637709

    static func expectClose(_ a: [Double], _ b: [Double], lre: Double) {
        for (x, y) in zip(a, b) { #expect(logRelativeError(x, y) >= lre, "\(x) vs \(y)") }
    }

    @Test func weightedExponentialDecayMatchesScipy() throws {
        let result = try fitNonlinear(Self.decay(), response: Self.decayY, weights: Self.weights, start: [5, 0.1])
        #expect(result.status.isConverged)
        Self.expectClose(result.parameters, Self.decayParameters, lre: 6)
        Self.expectClose(result.standardErrors, Self.decayStandardErrors, lre: 6)
        #expect(logRelativeError(result.rss, Self.decayRSS) >= 6)
        #expect(result.rank == 2 && result.degreesOfFreedom == 8)
        #expect(result.weights == Self.weights)
    }

    /// The counts come from GSL's fdf struct: every iteration evaluates f at least once and J once,
    /// and the initialisation evaluates both, so nevalf > iterations and nevaldf >= 1. (They were
    /// once read in a `defer` after the return value was copied, and came out 0.)
    @Test func evaluationCountsAreReported() throws {
        let result = try fitNonlinear(Self.decay(), response: Self.decayY, weights: Self.weights, start: [5, 0.1])
        #expect(result.iterations >= 1)
        #expect(result.functionEvaluations > result.iterations)
        #expect(result.jacobianEvaluations >= 1)
        let finiteDifferences = try fitNonlinear(Self.decay(analytic: false), response: Self.decayY, start: [5, 0.1])
        #expect(finiteDifferences.functionEvaluations > finiteDifferences.iterations)
    }

    @Test func michaelisMentenMatchesScipy() throws {
        let result = try fitNonlinear(Self.michaelisMenten(), response: Self.rate, start: [200, 0.1])
        #expect(result.status.isConverged)
        Self.expectClose(result.parameters, Self.mmParameters, lre: 6)
        Self.expectClose(result.standardErrors, Self.mmStandardErrors, lre: 6)
        #expect(logRelativeError(result.rss, Self.mmRSS) >= 6)
        // Residuals are unweighted y - f and sum (squared) to the RSS.
        #expect(logRelativeError(result.residuals.reduce(0) { $0 + $1 * $1 }, Self.mmRSS) >= 12)
    }

    /// Finite differences (GSL writes f into a column of J with stride p: the callback honours it).
    /// The minimum does not depend on how J is computed; the covariance uses the forward-difference J.
    @Test func finiteDifferenceJacobianReachesTheSameFit() throws {
        let result = try fitNonlinear(Self.decay(analytic: false), response: Self.decayY, weights: Self.weights, start: [5, 0.1])
        #expect(result.status.isConverged)
        Self.expectClose(result.parameters, Self.decayParameters, lre: 6)
        Self.expectClose(result.standardErrors, Self.decayStandardErrors, lre: 4)
    }

    @Test func leanRefitsReuseTheWorkspaceAndAgreeWithTheFullFit() throws {
        let solver = try NonlinearLeastSquares(observations: 8, parameters: 2)
        let full = try solver.fit(Self.michaelisMenten(), response: Self.rate, start: [200, 0.1])
        var parameters = [0.0, 0.0]
        for _ in 0..<3 {
            let summary = try parameters.withUnsafeMutableBufferPointer { buffer in
                try solver.fitParameters(Self.michaelisMenten(), response: Self.rate, start: [200, 0.1], parameters: buffer)
            }
            #expect(summary.status.isConverged)
            #expect(parameters == full.parameters)
            #expect(logRelativeError(summary.rss, Self.mmRSS) >= 6)
        }
    }

    @Test func multistartKeepsTheBestConvergedFit() throws {
        // A start far off (k = 5) and the usual one: the best fit is scipy's.
        let result = try fitMultistart(
            Self.decay(), response: Self.decayY, weights: Self.weights, starts: [[1, 5], [5, 0.1]])
        Self.expectClose(result.parameters, Self.decayParameters, lre: 6)
        let scattered = try fitMultistart(Self.michaelisMenten(), response: Self.rate, around: [200, 0.1], count: 6)
        Self.expectClose(scattered.parameters, Self.mmParameters, lre: 6)
        let points = scatteredStarts(around: [200, 0.1], count: 6, spread: 1)
        #expect(points.count == 6 && points[0] == [200, 0.1])
        #expect(points == scatteredStarts(around: [200, 0.1], count: 6, spread: 1))
    }

    // MARK: Bad input: a typed error with a clear message, never a trap.

    @Test func tooFewObservations() {
        #expect(throws: FittingError.tooFewObservations(observations: 2, parameters: 2)) {
            try NonlinearLeastSquares(observations: 2, parameters: 2)
        }
        #expect(FittingError.tooFewObservations(observations: 2, parameters: 2).description
            == "too few observations: 2 for 2 parameters (need at least 3)")
    }

    @Test func nonFiniteResponseAndWeights() throws {
        var y = Self.rate
        y[2] = .nan
        let error = #expect(throws: FittingError.self) {
            try fitNonlinear(Self.michaelisMenten(), response: y, start: [200, 0.1])
        }
        #expect(error?.description == "non-finite response at observation 3")
        var w = [Double](repeating: 1, count: 8)
        w[0] = .infinity
        let weightError = #expect(throws: FittingError.self) {
            try fitNonlinear(Self.michaelisMenten(), response: Self.rate, weights: w, start: [200, 0.1])
        }
        #expect(weightError?.description == "non-finite weight at observation 1")
        w[0] = 1
        w[1] = -1
        let negative = #expect(throws: FittingError.self) {
            try fitNonlinear(Self.michaelisMenten(), response: Self.rate, weights: w, start: [200, 0.1])
        }
        #expect(negative?.description == "weight at observation 2 is -1.0; weights must be positive")
    }

    @Test func startOfWrongLength() {
        let error = #expect(throws: FittingError.self) {
            try fitNonlinear(Self.michaelisMenten(), response: Self.rate, start: [200])
        }
        #expect(error?.description == "start values: 1 start values for 2 parameters (vmax, km)")
    }

    @Test func modelUndefinedAtStart() {
        let t = Self.t.map { $0 + 1 }
        let model = ClosureModel(
            parameterNames: ["a", "k"], observationCount: t.count,
            value: { p, i in p[0] * log(p[1] * t[i]) })
        let error = #expect(throws: FittingError.self) {
            try fitNonlinear(model, response: Self.decayY, start: [1, -1])
        }
        #expect(error?.description
            == "the model is undefined at the starting point (a=1.0, k=-1.0): the model value is NaN at observation 1")
    }

    @Test func singularJacobian() {
        // (a + b)·t: only a + b is identified, J has two equal columns.
        let t = Self.t
        let model = ClosureModel(
            parameterNames: ["a", "b"], observationCount: t.count,
            value: { p, i in (p[0] + p[1]) * t[i] }, gradient: { _, i, g in g[0] = t[i]; g[1] = t[i] })
        let error = #expect(throws: FittingError.self) {
            try fitNonlinear(model, response: Self.decayY, start: [1, 1])
        }
        #expect(error == .singularJacobian(rank: 1, parameters: 2))
        #expect(error?.description
            == "the Jacobian is singular at the solution (rank 1 of 2): parameters are not identified, so no covariance exists")
    }

    @Test func responseOfWrongLength() {
        let error = #expect(throws: FittingError.self) {
            try fitNonlinear(Self.michaelisMenten(), response: [1, 2, 3], start: [200, 0.1])
        }
        #expect(error?.description == "dimension mismatch: 3 responses for 8 observations")
    }
}
