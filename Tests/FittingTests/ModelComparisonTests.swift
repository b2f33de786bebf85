import Foundation
import Testing
import TestSupport
@testable import Fitting

/// The data and fits of Tests/FittingTests/reference/comparison_tests.py, which computes every
/// expected number in ModelComparisonTests and ComparisonTestsTests (numpy lstsq, scipy.stats,
/// Akaike weights and Vuong's statistic written out by hand).
enum ComparisonFixture {
    static let x = (1...12).map(Double.init)
    static let y = [3.1, 4.4, 6.3, 7.2, 9.8, 11.1, 14.2, 16.3, 19.9, 22.1, 26.4, 29.0]
    static let w = [1.0, 0.5, 2.0, 1.0, 1.5, 0.8, 1.2, 1.0, 0.6, 2.5, 1.1, 0.9]

    static func linear(weights: [Double]? = nil) throws -> FitResult {
        try fitLinear(design: .polynomial(in: x, powers: 0...1), response: y, weights: weights,
                      parameterNames: ["a", "b"], model: "linear")
    }
    static func quadratic() throws -> FitResult {
        try fitLinear(design: .polynomial(in: x, powers: 0...2), response: y,
                      parameterNames: ["a", "b", "c"], model: "quadratic")
    }
    static func logarithmic(weights: [Double]? = nil) throws -> FitResult {
        try fitLinear(design: .polynomial(in: x.map { log($0) }, powers: 0...1), response: y, weights: weights,
                      parameterNames: ["a", "b"], model: "log")
    }
}

@Suite struct ModelComparisonTests {
    @Test func deltasWeightsAndEvidenceRatiosMatchScript() throws {
        let comparison = try ModelComparison([
            ComparisonFixture.linear(), ComparisonFixture.quadratic(), ComparisonFixture.logarithmic(),
        ])
        // comparison_tests.py, order linear, quadratic, log.
        let deltaAIC = [27.38269642256686, 0.0, 53.38069367835384]
        let weightAIC = [1.1321983830597293e-06, 0.9999988677990552, 2.561705235993367e-12]
        let ratioAIC = [883236.4387384045, 1.0, 390364532869.9498]
        let deltaAICc = [24.668410708281144, 0.0, 50.66640796406813]
        let weightAICc = [4.398663765492206e-06, 0.999995601326282, 9.952390118226513e-12]
        let ratioAICc = [227340.76861507582, 1.0, 100477934390.34505]
        let deltaBIC = [26.89778977277886, 0.0, 52.89578702856585]
        #expect(comparison.observations == 12)
        #expect(comparison.entries.map(\.rank) == [2, 1, 3])
        #expect(comparison.entries.map(\.bicEvidence) == [.veryStrong, nil, .veryStrong])
        for (m, entry) in comparison.entries.enumerated() {
            // Differences of AICs near 50 lose a few digits relative to the difference itself.
            #expect(abs(entry.deltaAIC - deltaAIC[m]) < 1e-11)
            #expect(abs(entry.deltaAICc! - deltaAICc[m]) < 1e-11)
            #expect(abs(entry.deltaBIC - deltaBIC[m]) < 1e-11)
            #expect(relativeDifference(entry.akaikeWeight, weightAIC[m]) < 1e-9)
            #expect(relativeDifference(entry.akaikeWeightAICc!, weightAICc[m]) < 1e-9)
            #expect(relativeDifference(entry.evidenceRatio, ratioAIC[m]) < 1e-9)
            #expect(relativeDifference(entry.evidenceRatioAICc!, ratioAICc[m]) < 1e-9)
        }
    }

    /// Kass & Raftery (1995), §3.2: 2 ln B of 0-2, 2-6, 6-10, > 10.
    @Test func kassRafteryReading() {
        let readings = [0, 1.99, 2, 5.99, 6, 10, 10.01].map(ModelComparison.BICEvidence.init(deltaBIC:))
        #expect(readings == [.notWorthMoreThanABareMention, .notWorthMoreThanABareMention, .positive, .positive,
                             .strong, .strong, .veryStrong])
        #expect(ModelComparison.BICEvidence.notWorthMoreThanABareMention.rawValue == "not worth more than a bare mention")
    }

    @Test func aiccQuantitiesAbsentWhenAnyAICcIsUndefined() throws {
        // information_criteria.py: n = 4, p = 2 has no AICc; n = 4, p = 1 (K = 2) has one.
        let comparison = try ModelComparison(
            models: ["p1", "p2"],
            criteria: [InformationCriteria(rss: 2, n: 4, meanParameters: 1), InformationCriteria(rss: 1, n: 4, meanParameters: 2)])
        #expect(comparison.entries.allSatisfy { $0.deltaAICc == nil && $0.akaikeWeightAICc == nil && $0.evidenceRatioAICc == nil })
        #expect(abs(comparison.entries.map(\.akaikeWeight).reduce(0, +) - 1) < 1e-15)
    }

    @Test func weightsStayFiniteForLargeCriteria() throws {
        // AIC ≈ -1.4e5 here, so exp(-AIC/2) overflows; the differences (0 and 2) do not. RSS scaled by
        // e^(2/n) raises AIC by exactly 2 (docs/statistics.md formula), so Δ = 2.
        let big = InformationCriteria(rss: 1e-300, n: 200, meanParameters: 1)
        let bigger = InformationCriteria(rss: 1e-300 * exp(2.0 / 200), n: 200, meanParameters: 1)
        let comparison = try ModelComparison(models: ["a", "b"], criteria: [big, bigger])
        // Δ = 2 exactly (to rounding): weights 1/(1+e^-1) and e^-1/(1+e^-1), evidence ratio e.
        #expect(abs(comparison.entries[0].akaikeWeight - 1 / (1 + exp(-1))) < 1e-9)
        #expect(abs(comparison.entries[1].evidenceRatio - exp(1)) < 1e-9)
    }

    @Test func differentDataIsRefused() throws {
        let other = try fitLinear(
            design: .polynomial(in: ComparisonFixture.x, powers: 0...1), response: ComparisonFixture.y.map { log($0) },
            parameterNames: ["a", "b"], model: "log-response")
        #expect(throws: FittingError.self) { try ModelComparison([ComparisonFixture.linear(), other]) }
        #expect(throws: FittingError.self) {
            try ModelComparison(models: ["a", "b"], criteria: [
                InformationCriteria(rss: 1, n: 10, meanParameters: 1), InformationCriteria(rss: 1, n: 11, meanParameters: 1),
            ])
        }
        #expect(throws: FittingError.self) { try ModelComparison([]) }
    }
}
