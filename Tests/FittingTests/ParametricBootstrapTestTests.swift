import Foundation
import Testing
@testable import Fitting

/// Reference: Tests/FittingTests/reference/lr_bootstrap.py (exact F-test p-value, scipy.stats.f).
@Suite struct ParametricBootstrapTestTests {
    static let x = (1...15).map(Double.init)
    static let y = [3.1, 2.7, 3.6, 3.0, 2.4, 3.9, 3.3, 2.9, 3.8, 3.5, 2.8, 4.0, 3.2, 3.7, 3.4]
    static let constant = ClosureModel(
        parameterNames: ["a"], observationCount: 15, value: { θ, _ in θ[0] }, gradient: { _, _, g in g[0] = 1 })
    static let line = UncertaintyFixtures.straightLine(x)

    static func setUp() throws -> (BootstrapInput, Double) {
        let null = UncertaintyFixtures.linearFit(constant, response: y)
        let fitted = constant.values(at: null.parameters)
        let input = try BootstrapInput(
            parameterNames: ["a"], estimate: null.parameters, fitted: fitted, residuals: zip(y, fitted).map { $0 - $1 })
        return (input, UncertaintyFixtures.linearFit(line, response: y).rss)
    }

    static let refitNull: RefitFactory = { { UncertaintyFixtures.linearFit(constant, response: $0) } }
    static let refitLine: RefitFactory = { { UncertaintyFixtures.linearFit(line, response: $0) } }

    /// The exact p-value is 0.1717341656819369; with B = 2000 the bootstrap p-value has Monte Carlo
    /// standard deviation √(p(1-p)/B) ≈ 0.0084, so 0.04 is nearly five of those.
    @Test func pValueApproximatesTheExactFTest() throws {
        let (null, rss1) = try Self.setUp()
        let result = try ParametricBootstrapTest.likelihoodRatio(
            null: null, alternativeRSS: rss1, replicates: 2000, seed: 2718,
            refitNull: Self.refitNull, refitAlternative: Self.refitLine)
        #expect(abs(result.statistic - 2.2383940380592366) <= 1e-12)
        #expect(result.succeeded == 2000 && result.failed == 0)
        #expect(abs(try #require(result.pValue) - 0.1717341656819369) < 0.04)
    }

    @Test func sameSeedSameStatisticsWhateverTheThreadCount() throws {
        let (null, rss1) = try Self.setUp()
        let runs = try [1, 2, 4].map { threads in
            try ParametricBootstrapTest.likelihoodRatio(
                null: null, alternativeRSS: rss1, replicates: 101, seed: 9, threads: threads,
                refitNull: Self.refitNull, refitAlternative: Self.refitLine)
        }
        for run in runs.dropFirst() {
            #expect(run.replicateStatistics == runs[0].replicateStatistics)
            #expect(run.pValue == runs[0].pValue)
        }
    }

    @Test func failedRefitsAreCounted() throws {
        let (null, rss1) = try Self.setUp()
        let mean = null.estimate[0]
        // The alternative's refit refuses about half the simulated responses.
        let flaky: RefitFactory = {
            { response in
                var refit = UncertaintyFixtures.linearFit(Self.line, response: response)
                refit.converged = response[0] < mean
                return refit
            }
        }
        let runs = try [1, 2].map { threads in
            try ParametricBootstrapTest.likelihoodRatio(
                null: null, alternativeRSS: rss1, replicates: 200, seed: 4, threads: threads,
                refitNull: Self.refitNull, refitAlternative: flaky)
        }
        let result = runs[0]
        #expect(result.failed == result.replicateStatistics.filter { $0 == nil }.count)
        #expect(result.failed > 0 && result.succeeded > 0 && result.failed + result.succeeded == 200)
        #expect(runs[1].failed == result.failed && runs[1].pValue == result.pValue)
        let none = try ParametricBootstrapTest.likelihoodRatio(
            null: null, alternativeRSS: rss1, replicates: 5, seed: 4,
            refitNull: Self.refitNull, refitAlternative: { { _ in throw FittingError.invalidArgument("no") } })
        #expect(none.pValue == nil && none.failed == 5)
    }

    @Test func badRequestsAreTypedErrors() throws {
        let (null, _) = try Self.setUp()
        #expect(throws: FittingError.self) {
            try ParametricBootstrapTest.likelihoodRatio(
                null: null, alternativeRSS: 0, replicates: 10, seed: 1,
                refitNull: Self.refitNull, refitAlternative: Self.refitLine)
        }
        #expect(throws: FittingError.self) {
            try ParametricBootstrapTest.likelihoodRatio(
                null: null, alternativeRSS: 1, replicates: 0, seed: 1,
                refitNull: Self.refitNull, refitAlternative: Self.refitLine)
        }
    }
}

/// The Monte Carlo p-value's floor 1/(1 + B_ok), whether p sits on it, and its Monte Carlo standard
/// error √(p(1 - p)/B_ok) (docs/statistics.md, "Monte Carlo p-values"; Davison & Hinkley 1997,
/// eq. 4.11): definitions, checked on hand-computed cases.
@Suite struct MonteCarloPValueFloorTests {
    @Test func floorFlagAndStandardError() throws {
        let atFloor = LikelihoodRatioBootstrapResult(
            test: "t", statistic: 10, pValue: 1.0 / 1000, replicatesRequested: 1000, succeeded: 999, failed: 1, seed: 1)
        #expect(atFloor.pValueFloor == 1.0 / 1000)
        #expect(atFloor.pValueAtFloor == true)
        #expect(abs(atFloor.monteCarloStandardError! - (0.001 * 0.999 / 999).squareRoot()) < 1e-15)
        let above = LikelihoodRatioBootstrapResult(
            test: "t", statistic: 1, pValue: 5.0 / 1000, replicatesRequested: 999, succeeded: 999, failed: 0, seed: 1)
        #expect(above.pValueAtFloor == false)
        let none = LikelihoodRatioBootstrapResult(
            test: "t", statistic: 1, pValue: nil, replicatesRequested: 9, succeeded: 0, failed: 9, seed: 1)
        #expect(none.pValueAtFloor == nil && none.pValueFloor == nil && none.monteCarloStandardError == nil)
        // JSON carries the flag, the floor and the standard error beside the p-value.
        let json = String(decoding: try JSONEncoder().encode(atFloor), as: UTF8.self)
        for key in ["pValueAtFloor", "pValueFloor", "monteCarloStandardError"] { #expect(json.contains(key)) }
    }
}
