import Foundation
import Testing
import TestSupport

/// `--group` and `--where` through the built executable: one row (or file) per group, a status for a
/// group that cannot be analysed instead of an abort, and Maddison's whole panel.
@Suite(.requiresGDPFitExecutable)
struct PanelCommandTests {
    /// Three groups: A and B with eight years each (levels with a little noise), C with two (too few
    /// for any model), listed interleaved as a long file lists them.
    static let panel: String = {
        var lines = ["country,year,gdp"]
        for year in 1...8 {
            let wobble = year % 2 == 0 ? 1.01 : 0.99
            lines.append("A,\(year * 100),\(10 * pow(1.5, Double(year)) * wobble)")
            lines.append("B,\(year * 100),\(3 * exp(0.2 * Double(year)) / wobble)")
            if year <= 2 { lines.append("C,\(year * 100),\(year)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    static func csvRows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func fitReportsOneRowPerGroupWithAStatus() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write("panel.csv", Self.panel)
        let run = try EndToEndTests.gdpfit("fit", path, "--group", "country", "--y", "gdp", "--model", "exponential", "--format", "csv")
        #expect(run.status == 0, "\(run)")
        let rows = Self.csvRows(run.stdout)
        #expect(rows.first?.prefix(5) == ["country", "status", "n", "first_year", "last_year"], "\(run)")
        #expect(rows.dropFirst().map { Array($0.prefix(3)) } == [["A", "converged", "8"], ["B", "converged", "8"], ["C", "too_few_observations", ""]])
        #expect(rows.last?.last?.contains("too few") == true, "C's note says why: \(run)")

        let json = try EndToEndTests.gdpfit("fit", path, "--group", "country", "--y", "gdp", "--model", "exponential", "--format", "json")
        let object = try #require(json.json as? [String: Any], "\(json)")
        #expect(object["group_column"] as? String == "country")
        let groups = try #require(object["groups"] as? [[String: Any]])
        #expect(groups.map { $0["group"] as? String } == ["A", "B", "C"])
        #expect(groups.map { $0["status"] as? String } == ["converged", "converged", "too_few_observations"])
        #expect((groups[0]["result"] as? [String: Any])?["model"] as? String == "exponential")
        #expect(groups[2]["result"] is NSNull)
    }

    @Test func whereSelectsOneGroup() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write("panel.csv", Self.panel)
        let run = try EndToEndTests.gdpfit("fit", path, "--where", "country=B", "--y", "gdp", "--model", "exponential", "--format", "json")
        #expect(run.status == 0, "\(run)")
        #expect((run.json as? [String: Any])?["n"] as? Int == 8, "\(run)")
    }

    @Test func compareBreaksAndTestTakeGroups() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write("panel.csv", Self.panel)
        let compare = try EndToEndTests.gdpfit("compare", path, "--group", "country", "--y", "gdp", "--form", "level", "--format", "csv")
        #expect(compare.status == 0, "\(compare)")
        let compareRows = Self.csvRows(compare.stdout)
        #expect(compareRows.first?.prefix(3) == ["country", "status", "era"], "\(compare)")
        #expect(Set(compareRows.dropFirst().map { "\($0[0]) \($0[1])" }) == ["A ok", "B ok", "C too_few_observations"], "\(compare)")

        let breaks = try EndToEndTests.gdpfit("breaks", path, "--group", "country", "--y", "gdp", "--max-breaks", "1", "--format", "json")
        #expect(breaks.status == 0, "\(breaks)")
        let groups = try #require((breaks.json as? [String: Any])?["groups"] as? [[String: Any]], "\(breaks)")
        #expect(groups.map { $0["status"] as? String } == ["ok", "ok", "too_few_observations"])

        let test = try EndToEndTests.gdpfit(
            "test", path, "--group", "country", "--y", "gdp", "--window", "100:800", "--split", "500", "--bootstrap", "0",
            "--no-robustness", "--format", "json")
        #expect(test.status == 0, "\(test)")
        let results = try #require((test.json as? [String: Any])?["results"] as? [[String: Any]], "\(test)")
        #expect(results.map { $0["dataset"] as? String } == ["A", "B"])
        #expect(test.stderr.contains("note: C skipped: 2 observations"), "\(test)")
    }

    /// One SVG file per group, named by the group's key; a group that cannot be drawn gets a note.
    @Test func plotWritesOneFilePerGroup() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write("panel.csv", Self.panel)
        let run = try EndToEndTests.gdpfit(
            "plot", path, "--group", "country", "--y", "gdp", "--model", "exponential", "--time-scale", "linear", "--out", scratch.path("fig.svg"))
        #expect(run.status == 0, "\(run)")
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted()
        #expect(files == ["fig-A.svg", "fig-B.svg", "panel.csv"], "\(run)")
        #expect(run.stderr.contains("note: C: no chart"), "\(run)")
    }

    /// The command on Maddison's 164 entities, with Austria's and the World's numbers from
    /// Tests/GrowthModelsTests/reference/panel_reference.py (np.polyfit of ln y, 1820-2008) at the
    /// CSV's 6 significant digits (3 for standard errors): a = -31.2656610106 (SE 1.07823975199),
    /// r = 0.0215038732036 (SE 0.000556927479202); World r = 0.0272963476832.
    @Test(.requiresReferenceData)
    func maddisonPanel() throws {
        let folder = try #require(SharedData.referenceData)
        let run = try EndToEndTests.gdpfit(
            "fit", folder.appendingPathComponent("maddison-2010-panel.csv").path, "--group", "country", "--y", "gdp_million_1990_gk",
            "--model", "exponential", "--from", "1820", "--to", "2008", "--format", "csv", "--quiet")
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.isEmpty, "\(run)")
        let rows = Self.csvRows(run.stdout)
        #expect(rows.count == 1 + 164)
        let header = try #require(rows.first)
        func cell(_ group: String, _ column: String) -> String? {
            guard let index = header.firstIndex(of: column), let row = rows.first(where: { $0.first == group }) else { return nil }
            return row[index]
        }
        #expect(cell("Austria", "a") == "-31.2657" && cell("Austria", "a_se") == "1.08")
        #expect(cell("Austria", "r") == "0.0215039" && cell("Austria", "r_se") == "0.000557")
        #expect(cell("World", "r") == "0.0272963")
        #expect(cell("New Zealand", "status") == "invalid_data")
    }
}
