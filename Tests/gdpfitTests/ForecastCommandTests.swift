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
}
