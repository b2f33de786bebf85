import Foundation
import Testing
@testable import Fitting

/// Reference numbers: Tests/FittingTests/reference/profile_likelihood.py (scipy.optimize.brentq on
/// the exact profile of y = a + b exp(c x), scipy.stats.chi2). The Swift refits are exact too: with
/// c fixed the model is linear in (a, b) and `UncertaintyFixtures.linearFit` solves it.
@Suite struct ProfileLikelihoodTests {
    static func model(_ x: [Double]) -> ClosureModel {
        ClosureModel(
            parameterNames: ["a", "b", "c"], observationCount: x.count, description: "a + b*exp(c*x)",
            value: { θ, i in θ[0] + θ[1] * Foundation.exp(θ[2] * x[i]) },
            gradient: { θ, i, g in
                let e = Foundation.exp(θ[2] * x[i])
                g[0] = 1; g[1] = e; g[2] = θ[1] * x[i] * e
            })
    }

    static let x1 = (0..<12).map { 2 * Double($0) / 11 }
    static let y1 = [1.02, 1.31, 1.49, 1.83, 2.12, 2.61, 3.02, 3.62, 4.31, 5.08, 6.15, 7.33]
    static let x2 = (0..<8).map(Double.init)
    static let y2 = [2.0, 2.9, 2.6, 3.3, 2.8, 3.1, 3.4, 3.0]

    static func exactRefit(_ y: [Double]) -> ProfileLikelihood.ProfileRefit<ClosureModel> {
        { fixed, start in
            #expect(start.count == 2)
            return UncertaintyFixtures.linearFit(fixed, response: y)
        }
    }

    @Test func fixedParameterModelInsertsValueAndDropsColumn() throws {
        let base = Self.model(Self.x1)
        for (index, free) in [(2, [0.3, 1.1]), (1, [0.3, 0.9])] {
            let fixed = try FixedParameterModel(base, fixing: index, at: index == 2 ? 0.9 : 1.1)
            let full = fixed.fullParameters(free)
            #expect(full == [0.3, 1.1, 0.9])
            #expect(fixed.parameterNames == (index == 2 ? ["a", "b"] : ["a", "c"]))
            #expect(fixed.values(at: free) == base.values(at: full))
            let reduced = fixed.jacobian(at: free), complete = base.jacobian(at: full)
            let kept = (0..<3).filter { $0 != index }
            for i in 0..<base.observationCount {
                #expect(kept.enumerated().allSatisfy { reduced[i * 2 + $0] == complete[i * 3 + $1] })
            }
        }
        #expect(throws: FittingError.self) { try FixedParameterModel(base, fixing: 3, at: 1) }
        #expect(throws: FittingError.self) { try FixedParameterModel(base, fixing: "k", at: 1) }
    }

    @Test func bothEndsMatchScipy() throws {
        let result = try ProfileLikelihood.interval(
            model: Self.model(Self.x1), parameter: 2,
            estimate: [0.0334972839568501, 1.0366175050889608, 0.9746485219828136],
            minimumRSS: 0.01438384226164111, standardError: 0.023768879710830616, refit: Self.exactRefit(Self.y1))
        #expect(abs(result.criticalValue - 3.841458820694124) <= 1e-12)
        #expect(abs(try #require(result.lower) - 0.9307636849979011) <= 1e-9)
        #expect(abs(try #require(result.upper) - 1.018923110494108) <= 1e-9)
        #expect(result.lowerOpenReason == nil && result.upperOpenReason == nil && result.failedRefits == 0)
        #expect(result.parameter == "c" && result.points.count == result.refits + 1)
        #expect(result.refits <= 30)  // 15 when written: a few steps and a few Illinois iterations per end
        #expect(result.points.map(\.value) == result.points.map(\.value).sorted())
    }

    /// Data set 2's profile levels off below the critical value as c → -∞ (the script shows a
    /// deviance of 1.09 at c = -143.6), so the lower end does not exist.
    @Test func openLowerEndIsReported() throws {
        let result = try ProfileLikelihood.interval(
            model: Self.model(Self.x2), parameter: 2,
            estimate: [3.1022987436596554, -1.0666304926034296, -0.9687628865582365],
            minimumRSS: 0.40867567031785085, standardError: 0.7093924485429259, refit: Self.exactRefit(Self.y2))
        #expect(result.lower == nil)
        #expect(result.lowerOpenReason?.contains("40 steps") == true)
        #expect(abs(try #require(result.upper) - -0.06782919745276368) <= 1e-9)
    }

    @Test func limitsAndFailuresGiveOpenEnds() throws {
        let estimate = [0.0334972839568501, 1.0366175050889608, 0.9746485219828136]
        let limited = try ProfileLikelihood.interval(
            model: Self.model(Self.x1), parameter: 2, estimate: estimate, minimumRSS: 0.01438384226164111,
            standardError: 0.023768879710830616, options: ProfileOptions(upperLimit: 0.99),
            refit: Self.exactRefit(Self.y1))
        #expect(limited.upper == nil && limited.upperOpenReason?.contains("limit 0.99") == true)
        #expect(limited.lower != nil)

        let failing = try ProfileLikelihood.interval(
            model: Self.model(Self.x1), parameter: 2, estimate: estimate, minimumRSS: 0.01438384226164111,
            standardError: 0.023768879710830616, refit: { _, _ in throw FittingError.invalidArgument("refused") })
        #expect(failing.lower == nil && failing.upper == nil)
        #expect(failing.lowerOpenReason?.contains("refits failed") == true)
        #expect(failing.failedRefits == failing.refits && failing.refits > 0)
    }

    @Test func badRequestsAreTypedErrors() {
        let model = Self.model(Self.x1)
        let refit = Self.exactRefit(Self.y1)
        #expect(throws: FittingError.self) {  // no step and no standard error
            try ProfileLikelihood.interval(model: model, parameter: 2, estimate: [0, 1, 1], minimumRSS: 1, standardError: nil, refit: refit)
        }
        #expect(throws: FittingError.self) {  // limit on the wrong side of the estimate
            try ProfileLikelihood.interval(
                model: model, parameter: 2, estimate: [0, 1, 1], minimumRSS: 1, standardError: 0.1,
                options: ProfileOptions(lowerLimit: 2), refit: refit)
        }
        #expect(throws: FittingError.self) {
            try ProfileLikelihood.interval(model: model, parameter: 2, estimate: [0, 1], minimumRSS: 1, standardError: 0.1, refit: refit)
        }
    }

    /// A likelihood profile with a closed form: for x_i ~ N(μ, σ²) with σ profiled out,
    /// 2(ℓ̂ - ℓ_p(μ)) = n ln(1 + n(x̄ - μ)²/S), S = Σ(x_i - x̄)², so the ends are
    /// x̄ ± √((S/n)(exp(c/n) - 1)), c = χ²₁(0.95) = 3.841458820694124 (scipy.stats.chi2.ppf(0.95, 1)).
    /// The likelihood is maximised in (μ, ln σ) by BFGS, so this checks the generic machinery.
    @Test func likelihoodProfileOfNormalMeanMatchesClosedForm() throws {
        let x = Self.y2, n = Double(x.count)
        let logLikelihood: LogLikelihoodFunction = { θ in
            let μ = θ[0], σ² = Foundation.exp(2 * θ[1])
            let squares = x.reduce(0) { $0 + ($1 - μ) * ($1 - μ) }, sum = x.reduce(0) { $0 + ($1 - μ) }
            return (-n / 2 * Foundation.log(2 * Double.pi) - n * θ[1] - squares / (2 * σ²), [sum / σ², -n + squares / σ²])
        }
        let fit = try maximizeLikelihood(logLikelihood, start: [2.5, 0], parameterNames: ["mu", "log_sigma"], observations: x.count, model: "normal")
        #expect(fit.converged)
        let interval = try ProfileLikelihood.interval(logLikelihood: logLikelihood, fit: fit, parameter: 0)
        let mean = x.reduce(0, +) / n, s = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let halfWidth = ((s / n) * (Foundation.exp(3.841458820694124 / n) - 1)).squareRoot()
        let lower = try #require(interval.lower), upper = try #require(interval.upper)
        #expect(abs(lower - (mean - halfWidth)) < 1e-6)
        #expect(abs(upper - (mean + halfWidth)) < 1e-6)
        #expect(interval.points.allSatisfy { $0.rss == nil })
        #expect(interval.failedRefits == 0)
    }
}
