import Foundation
@testable import gdpfit
import GrowthModels
import Testing
import TestSupport

/// `gdpfit forecast` end to end: every format, the JSON against the library's `OutOfSampleForecast`
/// for the same request (the library's numbers are checked against numpy/scipy in
/// GrowthModelsTests/OutOfSampleForecastTests.swift), the plot, and bad cut-offs. Its CSV cells and
/// compiled LaTeX are checked with every other command's in PublicationFormatTests.
@Suite(.requiresGDPFitExecutable)
struct ForecastCommandTests {
    @Test(arguments: EndToEndTests.formats)
    func everyFormat(format: String) throws {
        let run = try EndToEndTests.gdpfit("forecast", "kremer-1993", "--paths", "100", "--format", format, "--quiet")
        EndToEndTests.expectSuccess(run, format: format)
        guard format == "json" else { return }
        let json = try #require(run.json as? [String: Any])
        let forecasts = try #require(json["forecasts"] as? [[String: Any]])
        let series = try DatasetCatalog.dataset(named: "kremer-1993").load().series
        let library = try OutOfSampleForecast.evaluate(series, window: YearWindow(from: -10000, to: 1950), paths: 100, seed: 1)
        #expect(forecasts.count == library.forecasts.count)
        for (row, expected) in zip(forecasts, library.forecasts) {
            #expect(row["cutoff"] as? Double == expected.cutoff)
            #expect(row["best"] as? String == expected.best?.rawValue)
            let scores = try #require(row["scores"] as? [[String: Any]])
            for (score, value) in zip(scores, expected.scores) {
                #expect(score["rival"] as? String == value.rival.rawValue)
                // Foundation's JSON parser may round the last digit differently from the encoder.
                switch (score["rmse"] as? Double, value.rmse) {
                case let (printed?, expected?): #expect(relativeDifference(printed, expected) < 1e-14)
                case (nil, nil): break
                default: Issue.record("rmse \(String(describing: score["rmse"])) vs \(String(describing: value.rmse))")
                }
            }
        }
    }

    @Test func plotWritesSVG() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gdpfit-forecast-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try EndToEndTests.gdpfit("forecast", "kremer-1993", "--paths", "50", "--plot", "forecast.svg", "--quiet", in: directory)
        #expect(run.status == 0, "\(run)")
        let svg = try String(contentsOf: directory.appendingPathComponent("forecast.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") || svg.hasPrefix("<svg"))
        #expect(svg.contains("cut-off 1700"))
    }

    @Test func badCutoffsAreUsageErrors() throws {
        let outside = try EndToEndTests.gdpfit("forecast", "kremer-1993", "--cutoffs", "1950")
        #expect(outside.status == 64, "\(outside)")
        #expect(outside.errorLines.count == 1 && outside.stderr.contains("cut-off 1950"), "\(outside)")
        let garbled = try EndToEndTests.gdpfit("forecast", "kremer-1993", "--cutoffs", "1700,,1820")
        #expect(garbled.status == 64, "\(garbled)")
    }

    /// `gdpfit test`'s forecast step is `gdpfit forecast` over the test's window with the test's seed:
    /// the same scores (the library's scores are checked against numpy/scipy in
    /// GrowthModelsTests/OutOfSampleForecastTests.swift), a cut-off the series cannot be scored from
    /// left out with a note, the best forecaster the smallest RMSE, and one csv row per score.
    @Test func testStepIsTheForecastCommand() throws {
        let test = try EndToEndTests.gdpfit(
            "test", "--datasets", "kremer-1993", "--bootstrap", "0", "--no-robustness", "--no-influence",
            "--forecast-cutoffs", "1700,1913,1990", "--seed", "7", "--format", "json", "--quiet")
        #expect(test.status == 0, "\(test)")
        let json = try #require(test.json as? [String: Any])
        let entries = try #require(json["forecasts"] as? [[String: Any]])
        let entry = try #require(entries.first)
        let notes = try #require(entry["notes"] as? [String])
        #expect(notes.count == 1 && notes[0].contains("cut-off 1990"), "\(notes)")
        let forecast = try #require(entry["forecast"] as? [String: Any])
        let fromTest = try #require(forecast["forecasts"] as? [[String: Any]])
        let alone = try EndToEndTests.gdpfit(
            "forecast", "kremer-1993", "--from", "-10000", "--to", "1950", "--cutoffs", "1700,1913", "--seed", "7",
            "--format", "json", "--quiet")
        let fromCommand = try #require((alone.json as? [String: Any])?["forecasts"] as? [[String: Any]])
        #expect(fromTest.map { $0["cutoff"] as? Double } == [1700, 1913])
        #expect(fromTest.count == fromCommand.count)
        for (a, b) in zip(fromTest, fromCommand) {
            #expect(a["best"] as? String == b["best"] as? String)
            let scoresA = try #require(a["scores"] as? [[String: Any]]), scoresB = try #require(b["scores"] as? [[String: Any]])
            #expect(scoresA.map { $0["rmse"] as? Double } == scoresB.map { $0["rmse"] as? Double })
            #expect(scoresA.map { $0["crps"] as? Double } == scoresB.map { $0["crps"] as? Double })
            let scored = scoresA.compactMap { score in (score["rmse"] as? Double).map { (score["rival"] as? String, $0) } }
            #expect(a["best"] as? String == scored.min { $0.1 < $1.1 }?.0)
        }
        let csv = try EndToEndTests.gdpfit(
            "test", "--datasets", "kremer-1993", "--bootstrap", "0", "--no-robustness", "--no-influence", "--format", "csv", "--quiet")
        let rows = csv.stdout.split(separator: "\n").filter { $0.hasPrefix("kremer-1993,forecast,") }
        // Three cut-offs × (held-out count + six RMSE rows + the best) + the stochastic LPD and CRPS where scored.
        #expect(rows.filter { $0.contains(",rmse_ln_y,") }.count == 18, "\(rows)")
        #expect(rows.filter { $0.contains(",best_forecast_by_rmse,") }.count == 3, "\(rows)")
    }
}
