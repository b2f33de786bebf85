import Foundation
import Testing
import TestSupport

/// What a new user meets in the first hour (issue 13, item 8), through the built executable:
/// `--version`, "did you mean" for a misspelt flag, shell completion of dataset and model names, and
/// blank cells noted once per column for the rows inside the window. (The misspelt subcommand and
/// dataset, the reversed window and the split outside the window are error cases in
/// EndToEndErrorTests, with their exit status.) Expected texts come from the documentation
/// (`gdpfit --help`, README) and the input each test writes.
@Suite(.requiresGDPFitExecutable)
struct FirstHourTests {
    @Test func versionIsPrinted() throws {
        let run = try EndToEndTests.gdpfit("--version")
        #expect(run.status == 0, "\(run)")
        let version = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.wholeMatch(of: /[0-9]+\.[0-9]+\.[0-9]+/) != nil, "\(run)")
    }

    /// A misspelt flag is a usage error (64) naming the flag meant, even where the command's own
    /// validation would otherwise speak first (--model missing).
    @Test(arguments: [
        (["fit", "kremer-1993", "--modle", "hyperbolic"], "--modle", "--model"),
        (["compare", "kremer-1993", "--splt", "1700"], "--splt", "--split"),
        (["fit", "kremer-1993", "--model", "exponential", "--form=level", "--fromm=1"], "--fromm", "--from"),
    ])
    func misspeltFlagIsNamed(arguments: [String], flag: String, meant: String) throws {
        let run = try EndToEndTests.gdpfit(arguments)
        #expect(run.status == 64, "\(run)")
        #expect(run.stdout.isEmpty)
        let first = try #require(run.errorLines.first, "\(run)")
        #expect(first.contains("'\(flag)'") && first.contains("did you mean '\(meant)'"), "\(first)")
    }

    /// A flag unknown and not close to any keeps ArgumentParser's own message.
    @Test func unknownFlagFarFromAnyKeepsItsMessage() throws {
        let run = try EndToEndTests.gdpfit("fit", "kremer-1993", "--model", "exponential", "--zzzzzzzz")
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains("--zzzzzzzz") && !run.stderr.contains("did you mean"), "\(run)")
    }

    /// The completion scripts offer the curated datasets' and the models' names.
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionOffersDatasetsAndModels(shell: String) throws {
        let run = try EndToEndTests.gdpfit("--generate-completion-script", shell)
        #expect(run.status == 0, "\(run)")
        for name in ["kremer-1993", "roodman-2020", "hyperbolic", "power-growth", "stochastic-hyperbolic"] {
            #expect(run.stdout.contains(name), "\(shell) completion lacks \(name)")
        }
    }

    /// A wide file with many blank cells: one note per column, counting only the rows inside
    /// --from/--to (1000 and 1100 are blank but outside; 1800, 1820, ..., 1880 are the 5 blanks inside).
    @Test func blankCellsAreCountedPerColumnInsideTheWindow() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var text = "year,gdp,population\n1000,,1\n1100,,2\n"
        for year in stride(from: 1800, through: 1880, by: 10) {
            text += year.isMultiple(of: 20) ? "\(year),,\(year)\n" : "\(year),\(year),\(year)\n"
        }
        let path = try scratch.write("wide.csv", text)
        let run = try EndToEndTests.gdpfit("fit", path, "--y", "gdp", "--model", "exponential", "--from", "1800", "--to", "1900")
        #expect(run.status == 0, "\(run)")
        // (fit also notes, once, that its defaults differ from test's; that note is not about cells.)
        let notes = run.errorLines.filter { $0.contains("note:") && $0.contains("is empty") }
        #expect(notes.count == 1, "\(run)")
        #expect(notes.first?.contains("column 'gdp' is empty on 5 rows (lines 4, 6, 8, 10, 12); rows skipped") == true, "\(run)")
        #expect(!run.stdout.contains("note:"), "notes go to stderr only")
    }
}
