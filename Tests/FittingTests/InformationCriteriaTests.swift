import Testing
@testable import Fitting

/// Expected values from Tests/FittingTests/reference/information_criteria.py (numpy, the formulas of
/// shared/notes/statistics.md written out independently).
@Suite struct InformationCriteriaTests {
    @Test func aiccIsAbsentWhenUndefined() {
        // n = 3, p = 1: K = 2, n - K - 1 = 0, so AICc does not exist.
        let ic = InformationCriteria(rss: 1.0, n: 3, meanParameters: 1)
        #expect(ic.aicc == nil)
        #expect(ic.k == 2)
    }
}
