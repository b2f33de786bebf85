import Foundation
import Testing
import Fitting
import TestSupport

/// NIST StRD nonlinear problems (certified values from the .dat files in
/// shared/reference-data/nist-strd): every problem from both certified starts, default options.
/// Acceptance (issue 2): parameters and RSS to LRE >= 6, standard deviations to LRE >= 4.
@Suite(.requiresReferenceData)
struct NISTNonlinearTests {
    /// Where the model comes from: the .dat file's model text through the formula language (the
    /// acceptance), or the hand-written analytic model (an independent check of the formula
    /// language's derivatives and parsing, since both must reach the certified values).
    enum ModelSource: String, Sendable { case formula, analytic }

    struct Case: CustomTestStringConvertible, Sendable {
        var problem: String
        var start: Int
        var source: ModelSource
        var testDescription: String { "\(problem) start \(start + 1) (\(source.rawValue))" }
    }

    static let cases: [Case] = NISTNonlinearProblem.names.flatMap { name in
        [ModelSource.formula, .analytic].flatMap { source in
            [Case(problem: name, start: 0, source: source), Case(problem: name, start: 1, source: source)]
        }
    }

    /// The model and the response it is fitted to (Nelson's equation gives log y).
    static func model(_ problem: NISTNonlinearProblem, _ source: ModelSource) throws -> (any RegressionModel, [Double]) {
        switch source {
        case .analytic:
            return NISTAnalyticModels.model(for: problem)
        case .formula:
            var data = problem.predictors
            data["y"] = problem.y
            let model = try FormulaModel(problem.equation, parameters: problem.parameterNames, data: data)
            return (model, model.response ?? problem.y)
        }
    }

    struct Accuracy { var parameters: Double; var standardDeviations: Double; var rss: Double }

    static func accuracy(_ result: FitResult, _ problem: NISTNonlinearProblem) -> Accuracy {
        Accuracy(
            parameters: zip(result.parameters, problem.certifiedParameters).map(logRelativeError).min()!,
            standardDeviations: zip(result.standardErrors, problem.certifiedStandardDeviations)
                .map(logRelativeError).min()!,
            rss: logRelativeError(result.rss, problem.certifiedRSS))
    }

    @Test(arguments: cases)
    func certifiedValuesWithDefaultOptions(_ c: Case) throws {
        let problem = try NISTNonlinearProblem.load(c.problem)
        let (model, response) = try Self.model(problem, c.source)
        let result = try fitNonlinear(model, response: response, start: problem.starts[c.start])
        let lre = Self.accuracy(result, problem)
        let resolution = Self.rssResolution(result, response: response, certifiedRSS: problem.certifiedRSS)
        print(String(format: "NIST %@ start %d %@: LRE params %.1f sd %.1f rss %.1f (resolvable %.1f) status %@ iter %d",
                     c.problem, c.start + 1, c.source.rawValue, lre.parameters, lre.standardDeviations, lre.rss,
                     resolution, result.status.rawValue, result.iterations))
        #expect(result.converged)
        #expect(lre.parameters >= 6)
        #expect(lre.rss >= min(6, resolution - 0.5), "RSS resolution in double precision: LRE \(resolution)")
        // s = sqrt(RSS/(n-p)) halves the RSS's relative error; the covariance factor is exact to
        // far more digits, so the standard deviations' resolution is the RSS's + log10 2.
        #expect(lre.standardDeviations >= min(4, resolution + log10(2) - 0.5))
    }

    /// The LRE to which double precision can resolve a certified RSS, the same rule for every
    /// problem (no problem is named). Each residual r_i = y_i - f_i is known only to about
    /// u_i = 4 ε |y_i|: the response's own decimal-to-binary rounding (½ ulp), and a model value of
    /// that size evaluated to about 2 ulp. Those errors are independent from point to point, so the
    /// RSS = Σ r_i² is known to about δ = 2 √(Σ r_i² u_i²), and no double-precision fit can match
    /// the certified value to an LRE beyond -log10(δ / RSS). For every problem here that is above 9,
    /// so the acceptance (RSS LRE >= 6, standard deviations >= 4) applies unchanged, except Lanczos1:
    /// its certified RSS, 1.43e-25 over 24 points, leaves residuals of about 8e-14 against values
    /// up to 2.5, resolved to ~6e-3 (LRE 2.2; measured 2.7 to 3.8, while its parameters reach 10.5).
    /// The thresholds keep a margin of 0.5 below the resolution.
    static func rssResolution(_ result: FitResult, response: [Double], certifiedRSS: Double) -> Double {
        var sum = 0.0
        for (r, y) in zip(result.residuals, response) {
            let u = 4 * Double.ulpOfOne * abs(y)
            sum += r * r * u * u
        }
        return -log10(2 * sum.squareRoot() / certifiedRSS)
    }
}
