import Testing
import TestSupport
@testable import Fitting

/// Expected values from Tests/FittingTests/reference/comparison_tests.py (scipy.stats chi2.sf and
/// f.sf for the nested tests; Vuong's statistic by hand in numpy) on the data of ComparisonFixture.
@Suite struct ComparisonTestsTests {
    @Test func likelihoodRatioLinearInQuadratic() throws {
        let test = try likelihoodRatioTest(restricted: ComparisonFixture.linear(), unrestricted: ComparisonFixture.quadratic())
        #expect(test.name == "likelihood-ratio" && test.degreesOfFreedom == [1])
        #expect(relativeDifference(test.statistic, 29.382696422566852) < 1e-11)
        #expect(relativeDifference(test.pValue, 5.940570787707295e-08) < 1e-8)
    }

    @Test func fTestLinearInQuadratic() throws {
        let test = try fTest(restricted: ComparisonFixture.linear(), unrestricted: ComparisonFixture.quadratic())
        #expect(test.name == "F" && test.degreesOfFreedom == [1, 9])
        #expect(relativeDifference(test.statistic, 95.14483895829251) < 1e-11)
        #expect(relativeDifference(test.pValue, 4.400035073321712e-06) < 1e-8)
    }

    @Test func nestedTestsCheckTheirPreconditions() throws {
        // Wrong way round: the "restricted" model has more parameters.
        #expect(throws: FittingError.self) {
            try likelihoodRatioTest(restricted: ComparisonFixture.quadratic(), unrestricted: ComparisonFixture.linear())
        }
        // Same number of parameters: not nested.
        #expect(throws: FittingError.self) {
            try fTest(restricted: ComparisonFixture.linear(), unrestricted: ComparisonFixture.logarithmic())
        }
        // Different weights.
        #expect(throws: FittingError.self) {
            try fTest(restricted: ComparisonFixture.linear(weights: ComparisonFixture.w), unrestricted: ComparisonFixture.quadratic())
        }
    }

    @Test(arguments: [
        (VuongTest.Correction.none, "Vuong", 13.413412525886471, 5.046231257901002e-41),
        (.aic, "Vuong (AIC-corrected)", 12.929004995573095, 3.087891426313553e-38),
        (.bic, "Vuong (BIC-corrected)", 12.811558779244926, 1.4126787623851329e-37),
    ])
    func vuongQuadraticAgainstLog(correction: VuongTest.Correction, name: String, z: Double, p: Double) throws {
        let vuong = try VuongTest(ComparisonFixture.quadratic(), ComparisonFixture.logarithmic(), correction: correction)
        #expect(vuong.test.name == name && vuong.test.degreesOfFreedom.isEmpty)
        #expect(relativeDifference(vuong.test.statistic, z) < 1e-10)
        #expect(relativeDifference(vuong.test.pValue, p) < 1e-7)
        #expect(vuong.favouredModel == "quadratic")
    }

    @Test func vuongWeighted() throws {
        let weighted = try VuongTest(
            ComparisonFixture.linear(weights: ComparisonFixture.w), ComparisonFixture.logarithmic(weights: ComparisonFixture.w))
        #expect(relativeDifference(weighted.test.statistic, 16.400017510170105) < 1e-10)
        #expect(relativeDifference(weighted.test.pValue, 1.9118293948811552e-60) < 1e-7)
        // Swapping the models flips the sign and the favoured model, not the p-value.
        let swapped = try VuongTest(
            ComparisonFixture.logarithmic(weights: ComparisonFixture.w), ComparisonFixture.linear(weights: ComparisonFixture.w))
        #expect(relativeDifference(swapped.test.statistic, -16.400017510170105) < 1e-10)
        #expect(swapped.favouredModel == "linear")
    }

    @Test func vuongUndefinedForIdenticalFits() throws {
        #expect(throws: FittingError.self) { try VuongTest(ComparisonFixture.linear(), ComparisonFixture.linear()) }
    }
}
