import Fitting
import Foundation
import Testing
@testable import GrowthModels

/// Robustness of the growth-mode search (issue 14). The optimal breaks themselves are checked
/// against numpy in GrowthModelReferenceTests and in the benchmark (scripts/bench_python.py).
@Suite struct GrowthModesTests {
    /// Years near 1e308: centred sums of squares overflow, no break count has a finite RSS, and
    /// `best` must not index an empty array (a trap): a typed error instead.
    @Test func overflowingYearsAreAnErrorNotATrap() {
        let years = (0..<12).map { 1.0e308 + Double($0) * 5.0e306 }
        let logLevels = (0..<12).map { Double($0) }
        let error = #expect(throws: FittingError.self) {
            try GrowthModeSearch.search(years: years, logLevels: logLevels, maxBreaks: 2)
        }
        #expect(error?.description.contains("no number of breaks gives a finite residual sum of squares") == true)
    }

    /// The exact search is O(maxBreaks · n²): above `maximumObservations` it is refused, naming the
    /// limit, before any work (100,000 points would run for hours).
    @Test func samplesAboveTheLimitAreRefused() throws {
        let n = GrowthModeSearch.maximumObservations + 1
        let years = (0..<n).map(Double.init), logLevels = (0..<n).map { 0.001 * Double($0) }
        let error = #expect(throws: FittingError.self) {
            try GrowthModeSearch.search(years: years, logLevels: logLevels, maxBreaks: 1)
        }
        #expect(error?.description.contains("at most 10000 observations") == true)
        #expect(error?.description.contains("this sample has 10001") == true)

        let series = try Series(
            name: "s", measure: .other, unit: "", years: years, values: logLevels.map { Foundation.exp($0) },
            provenance: .init(publication: "generated"))
        #expect(throws: AnalysisError.invalidRequest(GrowthModeSearch.tooManyObservations(n))) {
            try GrowthModeSearch.search(ModelSample.level(series), maxBreaks: 1)
        }
    }

    /// Seven observations hold paths with 0 and 1 breaks but not 2 or 3 (segments of at least 3):
    /// `best` finds its path by break count.
    @Test func bestIsFoundByBreakCount() throws {
        let years: [Double] = [1, 2, 3, 4, 5, 6, 7]
        let logLevels: [Double] = [0, 0.1, 0.2, 0.3, 1.3, 2.3, 3.3]
        let modes = try GrowthModeSearch.search(years: years, logLevels: logLevels, maxBreaks: 3)
        #expect(modes.paths.map(\.breakCount) == [0, 1])
        #expect(modes.best.breakCount == modes.bestBreakCount)
    }
}
