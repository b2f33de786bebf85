import Foundation
@testable import gdpfit
import GrowthModels
import Testing
import TestSupport

/// `gdpfit test --data-uncertainty N` end to end: every format, the JSON against the library's
/// `DataUncertainty.run` for the same request (its draws and verdicts are checked in
/// GrowthModelsTests/DataUncertaintyTests.swift), identical output on 1 and 2 threads, the plot, and
/// bad input as usage errors (exit 64, a first line naming the flag, as EndToEndErrorTests expects).
@Suite(.requiresGDPFitExecutable)
struct DataUncertaintyCommandTests {
    static let base = ["test", "kremer-1993", "--data-uncertainty", "8", "--seed", "3", "--quiet"]

    @Test(arguments: EndToEndTests.formats)
    func everyFormat(format: String) throws {
        let run = try EndToEndTests.gdpfit(Self.base + ["--format", format])
        EndToEndTests.expectSuccess(run, format: format)
        switch format {
        case "json":
            let json = try #require(run.json as? [String: Any])
            let results = try #require(json["data_uncertainty"] as? [[String: Any]])
            let series = try DatasetCatalog.dataset(named: "kremer-1993").load().series
            let library = try DataUncertainty.run(
                dataset: "kremer-1993", series: series, test: HypothesisTestOptions(),
                options: DataUncertaintyOptions(draws: 8, seed: 3))
            #expect(results.count == 1)
            let questions = try #require(results.first?["questions"] as? [[String: Any]])
            #expect(questions.count == library.questions.count)
            for (row, expected) in zip(questions, library.questions) {
                #expect(row["era"] as? String == expected.era.name)
                #expect(row["on_data"] as? String == expected.onData.description)
                let shares = try #require(row["shares"] as? [[String: Any]])
                #expect(shares.map { $0["draws"] as? Int } == expected.shares.map(\.draws))
            }
        case "csv":
            let header = run.stdout.split(separator: "\n").first.map(String.init)
            #expect(header == "dataset,noise_scale,seed,era,form,question,source,statistic,verdict,quantile,value,draws")
            // The shares of each question sum to the draws.
            let rows = run.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            let shares = rows.filter { $0[6] == "draws" && $0[7] == "share" }
            let perQuestion = Dictionary(grouping: shares) { "\($0[3]) \($0[5])" }
            #expect(perQuestion.count == 7)
            for (_, group) in perQuestion { #expect(group.compactMap { Int($0[11]) }.reduce(0, +) == 8) }
        case "table":
            #expect(run.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 }, "\(run.stdout)")
        default: break
        }
    }

    @Test func identicalOnOneAndTwoThreads() throws {
        let one = try EndToEndTests.gdpfit(["test", "--datasets", "kremer-1993,uscb-summary", "--data-uncertainty", "20", "--threads", "1",
                                            "--format", "csv", "--quiet"])
        let two = try EndToEndTests.gdpfit(["test", "--datasets", "kremer-1993,uscb-summary", "--data-uncertainty", "20", "--threads", "2",
                                            "--format", "csv", "--quiet"])
        #expect(one.status == 0 && two.status == 0, "\(one)\n\(two)")
        #expect(one.stdout == two.stdout)
    }

    /// The plot: one bar per dataset, era and question, its segments' shares summing to 1.
    @Test func plotDrawsTheShares() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gdpfit-datauq-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try EndToEndTests.gdpfit(Self.base + ["--plot", "shares.svg"], in: directory)
        #expect(run.status == 0, "\(run)")
        let svg = try String(contentsOf: directory.appendingPathComponent("shares.svg"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"data-era="([^"]+)" data-question="([^"]+)" data-verdict="[^"]+" data-share="([^"]+)""#)
        var bars: [String: Double] = [:]
        for match in pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)) {
            let part = { (i: Int) in String(svg[Range(match.range(at: i), in: svg)!]) }
            bars["\(part(1)) \(part(2))", default: 0] += Double(part(3)) ?? .nan
        }
        #expect(bars.count == 7, "\(bars)")
        for (bar, total) in bars { #expect(abs(total - 1) < 1e-12, "\(bar)") }
    }

    @Test(arguments: [
        (["--data-uncertainty", "0"], "--data-uncertainty"),
        (["--data-uncertainty", "100001"], "--data-uncertainty"),
        (["--data-uncertainty", "5", "--noise-scale", "-1"], "--noise-scale"),
        (["--data-uncertainty", "5", "--noise-scale", "nan"], "--noise-scale"),
        (["--noise-scale", "2"], "--noise-scale"),
        (["--data-uncertainty", "5", "--plot", "shares.txt"], "--plot"),
        (["--data-uncertainty", "5", "--group", "country"], "--group"),
        (["--data-uncertainty", "5", "--threads", "0"], "--threads"),
    ])
    func badInputIsAOneLineUsageError(arguments: [String], flag: String) throws {
        let run = try EndToEndTests.gdpfit(["test", "kremer-1993"] + arguments)
        #expect(run.status == 64 && !run.crashed && run.stdout.isEmpty, "\(run)")
        // ArgumentParser's form, as every usage error of gdpfit: the one line naming the flag, then the usage.
        let first = try #require(run.errorLines.first)
        #expect(first.hasPrefix("Error: ") && first.contains(flag), "\(run)")
        #expect(run.stderr.contains("Usage: gdpfit test"), "\(run)")
    }
}
