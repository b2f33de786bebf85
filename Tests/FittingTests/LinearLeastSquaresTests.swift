import Foundation
import Fitting
import Testing
import TestSupport

/// Expected values from Tests/FittingTests/reference/linear_statsmodels.py (statsmodels OLS/WLS).
/// statsmodels counts K = p, we count K = p + 1 (docs/statistics.md): the script prints its aic + 2 and
/// bic + ln n, which are our AIC and BIC; log-likelihoods agree directly.
@Suite struct LinearLeastSquaresTests {
    static let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    static let y = [2.9, 5.1, 7.2, 8.8, 11.3, 12.9, 15.2, 17.1, 18.8, 21.4]
    static let w = [1.0, 2.0, 0.5, 1.5, 1.0, 3.0, 0.8, 1.2, 2.5, 0.7]
    static let line = DesignMatrix.polynomial(in: x, powers: 0...1)

    struct Expected {
        var params: [Double], bse: [Double], ssr: Double, llf: Double, aic: Double, bic: Double, rsquared: Double
    }

    func check(_ fit: FitResult, _ e: Expected) {
        for j in 0..<2 {
            #expect(relativeDifference(fit.parameters[j], e.params[j]) < 1e-12)
            #expect(relativeDifference(fit.standardErrors[j], e.bse[j]) < 1e-12)
        }
        #expect(relativeDifference(fit.rss, e.ssr) < 1e-12)
        #expect(relativeDifference(fit.logLikelihood, e.llf) < 1e-12)
        #expect(relativeDifference(fit.aic, e.aic) < 1e-12)
        #expect(relativeDifference(fit.bic, e.bic) < 1e-12)
        #expect(relativeDifference(fit.rSquared, e.rsquared) < 1e-12)
        #expect(fit.status == .convergedExactSolution && fit.iterations == 0)
        #expect(fit.rank == 2 && fit.degreesOfFreedom == 8)
        #expect(abs(fit.correlation[0, 0] - 1) < 1e-14 && abs(fit.correlation[0, 1]) < 1)
    }

    @Test func ordinaryLeastSquaresMatchesStatsmodels() throws {
        let fit = try fitLinear(design: Self.line, response: Self.y, parameterNames: ["a", "b"], model: "y = a + b*x")
        check(fit, Expected(
            params: [0.9799999999999995, 2.0163636363636366], bse: [0.14867087913586238, 0.02396048169790395],
            ssr: 0.3789090909090896, llf: 2.1758349746600416, aic: 1.6483300506799168,
            bic: 2.5560853296620545, rsquared: 0.9988716260794068))
        #expect(fit.weights == nil)
    }

    @Test func weightedLeastSquaresMatchesStatsmodels() throws {
        let fit = try fitLinear(
            design: Self.line, response: Self.y, weights: Self.w, parameterNames: ["a", "b"], model: "y = a + b*x")
        check(fit, Expected(
            params: [1.0128466687918394, 1.997226649665285], bse: [0.15003273018673405, 0.023912461321524428],
            ssr: 0.48507172457761916, llf: 1.952268294277323, aic: 2.095463411445354,
            bic: 3.0032186904274916, rsquared: 0.998854523762714))
    }

    /// [1, x, x]: rank 2 of 3. Only the intercept is estimable.
    static let duplicated = try! DesignMatrix(columns: [[Double](repeating: 1, count: 10), x, x])

    @Test func rankDeficientDesignIsRejectedByDefault() {
        #expect(throws: FittingError.singularJacobian(rank: 2, parameters: 3)) {
            try fitLinear(design: Self.duplicated, response: Self.y, parameterNames: ["a", "b", "c"], model: "dup")
        }
    }

    @Test func rankDeficientMinimumNormSolution() throws {
        let fit = try fitLinear(
            design: Self.duplicated, response: Self.y, parameterNames: ["a", "b", "c"], model: "dup",
            rankDeficiency: .minimumNorm)
        // linear_statsmodels.py: statsmodels (pseudo-inverse) and numpy lstsq minimum-norm solution.
        let expected = [0.9799999999999969, 1.0081818181818183, 1.0081818181818183]
        for j in 0..<3 { #expect(relativeDifference(fit.parameters[j], expected[j]) < 1e-12) }
        #expect(fit.rank == 2 && fit.degreesOfFreedom == 8 && fit.criteria.k == 3)
        #expect(fit.reciprocalCondition < 1e-14)
        #expect(relativeDifference(fit.standardErrors[0], 0.14867087913586247) < 1e-12)  // statsmodels bse[0]
        #expect(fit.standardErrors[1].isNaN && fit.standardErrors[2].isNaN)
        #expect(fit.covariance[1, 2].isNaN && fit.correlation[0, 1].isNaN)
    }

    /// Issue 14: a constant series' linear-growth design [1, c] at n = 200,000 rows made the
    /// rank-deficient path allocate 320 GB (an n × (n+1) right-hand side). Expected values from
    /// Tests/FittingTests/reference/linear_rank_deficient.py (numpy.linalg.lstsq on the column-scaled
    /// design, as gdpfit scales it).
    @Test func largeRankDeficientDesignIsSolvedInLinearMemory() throws {
        let n = 200_000
        let design = try DesignMatrix(columns: [[Double](repeating: 1, count: n), [Double](repeating: 3, count: n)])
        let response = (0..<n).map { 0.01 + 0.001 * sin(Double($0)) }
        let fit = try fitLinear(
            design: design, response: response, parameterNames: ["a", "b"], model: "g = a + b*y",
            rankDeficiency: .minimumNorm)
        #expect(fit.rank == 1 && fit.degreesOfFreedom == n - 1)
        #expect(relativeDifference(fit.parameters[0], 0.00307692313548505) < 1e-10)
        #expect(relativeDifference(fit.parameters[1], 0.002307692351613775) < 1e-10)
        #expect(relativeDifference(fit.rss, 0.10000002032804127) < 1e-10)
        // Neither unit vector lies in the row space span{(1, 3)}: neither parameter is estimable.
        #expect(fit.standardErrors[0].isNaN && fit.standardErrors[1].isNaN)
    }

    @Test func badInputGetsTypedErrors() {
        let names = ["a", "b"]
        #expect(throws: FittingError.tooFewObservations(observations: 2, parameters: 2)) {
            try fitLinear(design: DesignMatrix.polynomial(in: [1, 2], powers: 0...1), response: [1, 2],
                          parameterNames: names, model: "m")
        }
        #expect(throws: FittingError.nonFiniteData(what: "response", index: 3)) {
            var y = Self.y
            y[3] = .nan
            return try fitLinear(design: Self.line, response: y, parameterNames: names, model: "m")
        }
        #expect(throws: FittingError.nonFiniteData(what: "regressor 'b'", index: 0)) {
            try fitLinear(design: DesignMatrix.polynomial(in: [.infinity] + Self.x.dropFirst(), powers: 0...1),
                          response: Self.y, parameterNames: names, model: "m")
        }
        #expect(throws: FittingError.nonPositiveWeight(index: 1, value: 0)) {
            var w = Self.w
            w[1] = 0
            return try fitLinear(design: Self.line, response: Self.y, weights: w, parameterNames: names, model: "m")
        }
        #expect(throws: FittingError.dimensionMismatch("9 responses for 10 design rows")) {
            try fitLinear(design: Self.line, response: Array(Self.y.dropLast()), parameterNames: names, model: "m")
        }
        #expect(throws: FittingError.dimensionMismatch("1 parameter names for 2 design columns")) {
            try fitLinear(design: Self.line, response: Self.y, parameterNames: ["a"], model: "m")
        }
        #expect(throws: FittingError.dimensionMismatch("design row 2 has 1 regressors, row 1 has 2")) {
            try DesignMatrix(rows: [[1, 2], [3]])
        }
    }
}
