import Foundation
import Testing
@testable import GrowthModels

/// The window sweep of the robustness table (issue 12, item 1) and its summary. Expected windows are
/// read off the datasets' years (datasets/*.csv): a start year before a series' first observation,
/// or between two observations, holds the same observations as the next later start and adds no window.
@Suite struct RobustnessGridTests {
    static func windows(_ name: String) throws -> [YearWindow] {
        RobustnessTable.windows(for: try DatasetCatalog.dataset(named: name).load().series, split: 1700)
    }

    /// kremer-1993 has -10000, -5000, -4000, -3000, -2000, -1000, ..., 1: 8000 BCE falls between 10,000
    /// and 5000 BCE, so it is the 5000 BCE window again.
    @Test func kremerStartsAndEnds() throws {
        let windows = try Self.windows("kremer-1993")
        #expect(Set(windows.compactMap(\.from)) == [-10000, -5000, -3000, -1000, 1])
        #expect(Set(windows.compactMap(\.to)) == [1820, 1870, 1913, 1950])
        #expect(windows.count == 5 * 4)
    }

    /// maddison-2010's GDP starts in 1 CE: every earlier start is the 1 CE window again. It ends in
    /// 2008, so it gets no 2019 end.
    @Test func maddisonStartsAtOneCE() throws {
        let windows = try Self.windows("maddison-2010")
        #expect(windows.map(\.from) == [1, 1, 1, 1])
        #expect(windows.map(\.to) == [1820, 1870, 1913, 1950])
    }

    /// roodman-2020's GWP reaches 2019, so its windows also end there; delong-1998's ends in 2000.
    @Test func gdpSeriesReachingTwentyNineteenGetThatEnd() throws {
        #expect(Set(try Self.windows("roodman-2020").compactMap(\.to)) == [1820, 1870, 1913, 1950, 2019])
        #expect(Set(try Self.windows("delong-1998").compactMap(\.to)) == [1820, 1870, 1913, 1950])
        #expect(Set(try Self.windows("hyde-3.2.1").compactMap(\.to)) == [1820, 1870, 1913, 1950])  // population: no 2019
    }

    /// Tallies counted by hand from the rows built here.
    @Test func summaryCountsEachVerdict() {
        func row(_ reading: ProportionalityTest.Reading?, _ model: GrowthModelID, delta: Double?, tooFew: Bool = false) -> RobustnessRow {
            var row = RobustnessRow(dataset: "toy", sweep: .window, window: YearWindow(from: -10000, to: 1950), split: 1700, weighting: .gap)
            row.growthPreModern = RobustnessRow.EraWinner(
                model: .powerGrowth, deltaBIC: 1, observations: 10, tooFewToGrade: tooFew, proportionality: reading)
            row.levelPreModern = RobustnessRow.EraWinner(model: model, deltaBIC: 2, observations: 10, tooFewToGrade: tooFew)
            row.stableVersusPhaseDeltaBIC = delta
            return row
        }
        let rows = [
            row(.constant, .exponential, delta: 3), row(.proportional, .hyperbolic, delta: -1),
            row(.constant, .hyperbolic, delta: 5), row(nil, .hyperbolic, delta: nil, tooFew: true),
        ]
        let summary = try! #require(RobustnessSummary.of(rows).first)
        #expect(summary.cells == 4)
        #expect(summary.growthPreModern == [
            .init(verdict: .reading(.constant), cells: 2), .init(verdict: .reading(.proportional), cells: 1),
            .init(verdict: .notGraded, cells: 1),
        ])
        #expect(summary.levelPreModern == [
            .init(verdict: .preferred(.hyperbolic), cells: 2), .init(verdict: .preferred(.exponential), cells: 1),
            .init(verdict: .notGraded, cells: 1),
        ])
        #expect(summary.levelModern == [.init(verdict: .notGraded, cells: 4)])
        #expect(summary.stableVersusPhase == [
            .init(verdict: .phaseTransition, cells: 2), .init(verdict: .singleLaw, cells: 1), .init(verdict: .notGraded, cells: 1),
        ])
    }
}
