import ArgumentParser
import Fitting
import Foundation
import GrowthModels

struct ForecastCommand: TextReportCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Score the models on data they were not fitted to: fit through each cut-off, forecast ln y after it.",
        discussion: """
            Each model is fitted to the window's observations up to and including a cut-off year and \
            forecasts ln y at every later observation of the window: the exponential, the free and the \
            proportional hyperbola (their fitted curves), the growth-mode path and the path with fixed \
            transitions (extrapolated by their last segment), and Roodman's stochastic model (the median \
            of simulated paths from the last fitted observation). Least-squares models are fitted by \
            unweighted least squares on ln y. Score: RMSE = sqrt(mean (ln y_obs - ln y_forecast)^2) over \
            the held-out observations; for the stochastic model also the log predictive density of the \
            held-out observations (on the ln y scale, exact) and the mean CRPS of the simulated ln y. \
            A hyperbola whose singularity comes before the last held-out year is not scored (its \
            forecast is infinite there). See docs/statistics.md, "Out-of-sample forecasts".

            Window: 10,000 BCE to 1950 unless --from/--to say otherwise (the hypothesis test's window).

            Examples:
              gdpfit forecast kremer-1993
              gdpfit forecast maddison-2010 --cutoffs 1820,1913 --to 2008 --plot forecast.svg
            """
    )

    @OptionGroup var series: SeriesOptions

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Cut-off years, separated by commas (default: 1700,1820,1913); each needs observations on both sides.",
        valueName: "years"), transform: Year.parseList)
    var cutoffs: [Year] = OutOfSampleForecast.defaultCutoffs.map(Year.init)

    @Option(parsing: .unconditional, help: "Simulated paths of the stochastic model per cut-off (1 to \(CountLimits.simulatedPaths); default: 1000).",
            transform: WholeNumber.parser(1...CountLimits.simulatedPaths))
    var paths = 1000

    @Option(parsing: .unconditional, help: "Seed of the simulated paths, 0 to 2^64-1 (default: 1).",
            transform: WholeNumber.parser(0...UInt64.max))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Also draw the forecasts against the data into this SVG file.", valueName: "file.svg"))
    var plot: String?

    @OptionGroup var output: OutputOptions

    /// The hypothesis test's window where --from/--to are not given.
    var window: YearWindow {
        YearWindow(from: series.from?.value ?? -10000, to: series.to?.value ?? 1950)
    }

    func run() throws {
        let (text, chart) = try output.rendering { try evaluate() }
        if let plot, let chart {
            try AtomicFileWriting.write([OutputFile(path: plot, contents: SVGRenderer.render(chart))], flag: "--plot")
        }
        try output.emit(text)
    }

    func report() throws -> String { try evaluate().text }

    func evaluate() throws -> (text: String, chart: Chart?) {
        let loaded = try series.load(quiet: output.quiet)
        let forecast: OutOfSampleForecast
        do {
            forecast = try OutOfSampleForecast.evaluate(
                loaded, window: window, cutoffs: cutoffs.map(\.value), paths: paths, seed: seed)
        } catch {
            throw CommandFailure(error.description, exitStatus(for: error))
        }
        return (try ForecastRendering.render(forecast, format: output.format),
                plot == nil ? nil : ForecastRendering.chart(forecast, series: loaded))
    }
}

/// The forecast scores in each format: one row per cut-off and model (numbers only in numeric
/// columns; an empty cell where a score does not apply), with the definition of the scores beside.
enum ForecastRendering {
    static let definition = "RMSE: root-mean-square error of ln y over the held-out observations (least-squares models fitted "
        + "unweighted on ln y); LPD: log predictive density of the held-out ln y given the last fitted observation; "
        + "CRPS: mean continuous ranked probability score of the simulated ln y (stochastic model only)."

    static func table(_ forecast: OutOfSampleForecast) -> TextTable {
        var table = TextTable(
            header: ["cutoff", .text("model"), "k", "n fitted", "n held out", "RMSE ln y", "LPD", "CRPS", .text("status")],
            caption: "Out-of-sample forecasts of \(forecast.seriesName)", label: "forecast")
        for cutoff in forecast.forecasts {
            for score in cutoff.scores {
                table.add([
                    .year(cutoff.cutoff), TableCell(score.rival.rawValue), .count(score.parameterCount),
                    .count(cutoff.fittedObservations), .count(cutoff.heldOutYears.count),
                    score.rmse.map { .number($0, digits: 4) } ?? .empty,
                    score.logPredictiveDensity.map { .number($0, digits: 5) } ?? .empty,
                    score.crps.map { .number($0, digits: 4) } ?? .empty,
                    TableCell(score.status.rawValue),
                ])
            }
        }
        return table
    }

    static func render(_ forecast: OutOfSampleForecast, format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try JSONOutput.encode(forecast)
        case .csv:
            return TableRendering.render(table(forecast), format: .csv)
        case .markdown, .latex, .table:
            var lines = TableRendering.prose(["\(forecast.seriesName), window \(forecast.window)", ""], format: format)
            lines.append(TableRendering.render(table(forecast), format: format))
            var notes: [String] = []
            for cutoff in forecast.forecasts {
                notes.append("From \(NumberFormat.year(cutoff.cutoff)) (\(cutoff.heldOutYears.count) held out): "
                    + (cutoff.best.map { "best forecast by RMSE: \($0.rawValue)" } ?? "no model scored"))
                for score in cutoff.scores {
                    if let note = score.note { notes.append("  \(score.rival.rawValue): \(note)") }
                    if score.status == .singularityBeforeHorizon, let tStar = score.singularityYear {
                        notes.append("  \(score.rival.rawValue): singularity at \(NumberFormat.year(tStar.rounded())), before the horizon")
                    }
                    if let share = score.takenOffShare, share > 0 {
                        notes.append("  \(score.rival.rawValue): \(NumberFormat.fixed(100 * share, decimals: 1))% of "
                            + "\(forecast.paths) paths taken off by \(NumberFormat.year(cutoff.heldOutYears.last ?? cutoff.cutoff))")
                    }
                }
            }
            notes.append(definition)
            lines += TableRendering.prose([""] + notes, format: format)
            return lines.joined(separator: "\n")
        }
    }

    /// The data on a log axis against year, with a vertical line at each cut-off and each scored
    /// forecast drawn from the cut-off through its held-out years (colour by model, dash by cut-off).
    static func chart(_ forecast: OutOfSampleForecast, series: Series) -> Chart {
        let kept = series.years.indices.filter { forecast.window.contains(series.years[$0]) }
        let firstCutoff = forecast.forecasts.map(\.cutoff).min() ?? 0
        let last = kept.last.map { series.years[$0] } ?? firstCutoff
        let start = firstCutoff - max(last - firstCutoff, 100)
        var chart = Chart(
            title: "\(series.name): out-of-sample forecasts",
            xAxis: ChartAxis(label: "Year", scale: .linear, tickLabels: .years, range: start...last),
            yAxis: ChartAxis(label: FitCharts.quantityLabel(series), scale: .log10),
            markers: [ChartMarkers(
                name: "Observed",
                points: kept.filter { series.years[$0] >= start }.map { ChartPoint(x: series.years[$0], y: series.values[$0]) })])
        let colours: [ForecastRival: ChartColour] = [
            .exponential: .blue, .hyperbolic: .vermillion, .proportionalHyperbolic: .reddishPurple,
            .growthModes: .orange, .transitionPath: .bluishGreen, .stochasticHyperbolic: .skyBlue,
        ]
        let dashes: [LineDash] = [.solid, .dashed, .dotted]
        for (index, cutoff) in forecast.forecasts.enumerated() {
            chart.verticalLines.append(ReferenceLine(label: "cut-off \(NumberFormat.year(cutoff.cutoff))", value: cutoff.cutoff))
            for score in cutoff.scores where score.status == .scored {
                let points = zip(cutoff.heldOutYears, score.predictedLogLevels).compactMap { year, value in
                    value.map { ChartPoint(x: year, y: exp($0)) }
                }
                chart.curves.append(ChartCurve(
                    name: "\(score.rival.rawValue) from \(NumberFormat.year(cutoff.cutoff))", points: points,
                    colour: colours[score.rival] ?? .black, dash: dashes[index % dashes.count]))
            }
        }
        chart.notes.append(definition)
        return chart
    }
}
