import Foundation
import Testing
import Fitting
import TestSupport

/// NIST StRD nonlinear problems (certified values from the .dat files in
/// shared/reference-data/nist-strd): every problem from both certified starts, default options.
/// Acceptance (issue 2): parameters and RSS to LRE >= 6, standard deviations to LRE >= 4.
@Suite(.enabled(if: SharedData.referenceData != nil, Comment(rawValue: SharedData.missingMessage)))
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
        print(String(format: "NIST %@ start %d %@: LRE params %.1f sd %.1f rss %.1f status %@ iter %d",
                     c.problem, c.start + 1, c.source.rawValue, lre.parameters, lre.standardDeviations, lre.rss,
                     result.status.rawValue, result.iterations))
        #expect(result.converged)
        #expect(lre.parameters >= 6)
        let floor = Self.doublePrecisionFloor[c.problem]
        #expect(lre.standardDeviations >= (floor ?? 4))
        #expect(lre.rss >= (floor ?? 6))
    }

    /// Where the certified value is below what double precision can resolve, the LRE the data
    /// allow. Lanczos1: certified RSS 1.43e-25 over 24 points, so residuals are about 8e-14,
    /// while each model value f_i (about 0.1 to 2.5) carries a rounding of up to ~2 ulp, 2e-16 to
    /// 5e-16: every residual is known only to ~3e-3 relatively, the RSS to ~1e-3 (LRE ~3), and the
    /// standard deviations, which scale with s = sqrt(RSS/(n-p)), to ~5e-4. The engine already
    /// sums the RSS with compensated summation of exactly split squares; the remaining error is
    /// in the model values themselves, which a Double model cannot give more accurately. Measured:
    /// LRE 2.7 to 3.8 for the RSS and SDs from both starts (parameters 10.5).
    static let doublePrecisionFloor: [String: Double] = ["Lanczos1": 2.5]
}
