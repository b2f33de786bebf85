import Foundation
import Testing
@testable import GrowthModels
import TestSupport

/// Long (panel) files: `--group` splits the rows into one series per group, `--where` selects rows,
/// and every group is fitted on the worker threads with the same numbers on any thread count.
@Suite struct PanelTests {
    /// A CSV text written to a temporary file, removed by the caller.
    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gdpfit-panel-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A small panel: A is 2^(year-1) x 10 over six years, B has a year without a value and one
    /// group key is empty.
    static let small = """
        country,year,gdp
        A,1,10
        A,2,20
        B,1,5
        A,3,40
        B,2,
        B,3,7
        ,4,9
        A,4,80
        C,1,0
        """

    @Test func groupsKeepTheFileOrderAndTheirOwnRows() throws {
        let path = try Self.file(Self.small)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let panel = try DataSource.loadPanel(path, column: "gdp", groupColumn: "country")
        #expect(panel.groups.map(\.key) == ["A", "B", "C"])
        let a = try panel.groups[0].series.get()
        #expect(a.years == [1, 2, 3, 4] && a.values == [10, 20, 40, 80])
        #expect(a.name == "\(path):gdp [country=A]")
        let b = try panel.groups[1].series.get()
        #expect(b.years == [1, 3] && b.values == [5, 7])
        // C's only value is 0: C's error, not the file's (line 10 of the text).
        #expect(panel.groups[2].series.failure == .nonPositiveValue(source: path, line: 10, column: "gdp", text: "0"))
        // One note per column over all groups: B's empty value (line 6) and the row without a key (line 8).
        let notes = panel.warnings.map { $0.description.replacingOccurrences(of: path, with: "data.csv") }
        #expect(notes == ["data.csv:6: column 'gdp' is empty; row skipped", "data.csv:8: column 'country' is empty; row skipped"])
    }

    @Test func whereSelectsRowsAndSuggestsAValue() throws {
        let path = try Self.file(Self.small)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let a = try DataSource.load(path, column: "gdp", conditions: [RowCondition(column: "country", value: "A")]).series
        #expect(a.values == [10, 20, 40, 80])
        #expect(throws: SeriesError.noMatchingRows(source: path, column: "country", value: "a", suggestion: "A")) {
            try DataSource.load(path, column: "gdp", conditions: [RowCondition(column: "country", value: "a")])
        }
        #expect(throws: SeriesError.missingColumn(source: path, line: 1, column: "region", available: ["country", "year", "gdp"])) {
            try DataSource.load(path, column: "gdp", conditions: [RowCondition(column: "region", value: "A")])
        }
        #expect(throws: SeriesError.selectionOnDataset(name: "kremer-1993")) {
            try DataSource.load("kremer-1993", conditions: [RowCondition(column: "country", value: "A")])
        }
        // The value column defaults to the one column left besides the year and the selecting columns.
        #expect(try DataSource.loadPanel(path, groupColumn: "country").groups.count == 3)
    }

    @Test(arguments: [
        ("country=France", RowCondition(column: "country", value: "France")),
        (" region = Western Europe ", RowCondition(column: "region", value: "Western Europe")),
        ("formula=a=b", RowCondition(column: "formula", value: "a=b")),
        ("flag=", RowCondition(column: "flag", value: "")),
    ])
    func conditionsParse(text: String, expected: RowCondition) {
        #expect(RowCondition(parsing: text) == expected)
    }

    @Test func malformedConditionsAreRefused() {
        #expect(RowCondition(parsing: "country") == nil)
        #expect(RowCondition(parsing: "=France") == nil)
    }

    /// A long file read as one series: the repeated year names the column that tells the series apart.
    @Test func repeatedYearInALongFileNamesTheGroupColumn() throws {
        let text = "country,year,population,gdp\nA,1,3,10\nA,2,4,20\nB,1,5,30\n"
        let error = #expect(throws: SeriesError.self) {
            try SeriesLoader.load(text: text, source: "data.csv", spec: SeriesSpec(valueColumn: "gdp"))
        }
        #expect(error?.description == "data.csv:4: column 'year': year 1 appears twice (lines 2 and 4); if the file holds "
            + "several series, name the group column with --group ('country' differs between the two rows)")
        // Nothing else differs: the plain message.
        let plain = #expect(throws: SeriesError.self) {
            try SeriesLoader.load(text: "year,gdp\n1,2\n1,2\n", source: "data.csv", spec: SeriesSpec(valueColumn: "gdp"))
        }
        #expect(plain == .duplicateYear(source: "data.csv", line: 3, column: "year", year: "1", firstLine: 2))
    }

    // MARK: Maddison's panel

    static func maddison() throws -> LoadedPanel {
        let folder = try #require(SharedData.referenceData)
        return try DataSource.loadPanel(
            folder.appendingPathComponent("maddison-2010-panel.csv").path, column: "gdp_million_1990_gk",
            noteWindow: YearWindow(from: 1820, to: 2008), groupColumn: "country")
    }

    /// Expected values: Tests/GrowthModelsTests/reference/panel_reference.py (np.polyfit of ln y on the
    /// year, 1820-2008, per country; OLS standard errors; Gaussian lnL at RSS/n; BIC with K = 3).
    static let reference: [(group: String, n: Int, a: Double, seA: Double, r: Double, seR: Double, rss: Double, bic: Double)] = [
        ("Austria", 144, -31.2656610106, 1.07823975199, 0.0215038732036, 0.000556927479202, 11.9840525676, 65.5456834302),
        ("Japan", 141, -59.3564463742, 1.46171246746, 0.0369765444763, 0.000754247636801, 19.418222477, 135.447683359),
        ("United States", 144, -51.0672629598, 0.453839828277, 0.0334912789822, 0.000234415278288, 2.12313807897, -183.672465974),
        ("Zambia", 59, -38.342429096, 2.2483424966, 0.0236424543806, 0.00113605824149, 1.25871108951, -47.3321430392),
        ("World", 64, -37.3145483862, 1.80391416093, 0.0272963476832, 0.000914676636218, 3.27814740375, 3.91808476675),
    ]

    @Test(.requiresReferenceData)
    func maddisonExponentialFitsAgreeWithNumpy() throws {
        let panel = try Self.maddison()
        // panel_reference.py: 164 groups; New Zealand alone has a value that is not positive (a 0).
        #expect(panel.groups.count == 164)
        let outcomes = try PanelAnalysis.fits(
            panel, model: ExponentialModel(), window: YearWindow(from: 1820, to: 2008), weighting: .none)
        #expect(outcomes.map(\.group) == panel.groups.map(\.key))
        let failed = outcomes.filter { $0.value == nil }
        #expect(failed.map(\.group) == ["New Zealand"])
        #expect(failed.first?.result.failure?.reason == .invalidData)
        for expected in Self.reference {
            let fit = try #require(outcomes.first { $0.group == expected.group }?.value, "\(expected.group)")
            #expect(fit.fit.n == expected.n)
            for (value, reference) in zip(
                fit.fit.parameters + fit.fit.standardErrors + [fit.fit.rss, fit.fit.bic],
                [expected.a, expected.r, expected.seA, expected.seR, expected.rss, expected.bic]
            ) {
                #expect(relativeDifference(value, reference) < 1e-9, "\(expected.group): \(value) vs \(reference)")
            }
        }
    }

    /// The groups' fits on one and on two worker threads, to the bit: hyperbolic fits (iterative, the
    /// most state per worker) and the level comparisons with their bootstrap.
    @Test(.requiresReferenceData)
    func sameNumbersOnOneAndTwoThreads() throws {
        let panel = try Self.maddison()
        let window = YearWindow(from: 1820, to: 2008)
        func bits(_ threads: Int) throws -> [[UInt64]] {
            try PanelAnalysis.fits(panel, model: HyperbolicModel(), window: window, weighting: .none, threads: threads).map { outcome in
                guard let fit = outcome.value else { return [] }
                return (fit.fit.parameters + fit.fit.standardErrors + [fit.fit.rss]).map(\.bitPattern)
            }
        }
        let one = try bits(1), two = try bits(2)
        #expect(one.count == 164 && one == two)
        #expect(one.filter { !$0.isEmpty }.count > 150)

        let folder = try #require(SharedData.referenceData)
        let europe = try DataSource.loadPanel(
            folder.appendingPathComponent("maddison-2010-panel.csv").path, column: "gdp_million_1990_gk",
            groupColumn: "country", conditions: [RowCondition(column: "region", value: "Western Europe")])
        func pValues(_ threads: Int) throws -> [Double?] {
            try PanelAnalysis.comparisons(
                europe, form: .level, window: window, splits: [1900], weighting: .none, bootstrapReplicates: 19, seed: 3,
                threads: threads
            ).flatMap { $0.value?.map { $0.bootstrap?.pValue } ?? [] }
        }
        let p1 = try pValues(1)
        #expect(p1.count == 3 * 16 && p1.contains { $0 != nil })
        #expect(p1 == (try pValues(2)))
    }
}

extension Result {
    var failure: Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}
