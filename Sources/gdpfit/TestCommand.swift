import ArgumentParser
import Fitting
import Foundation
import GrowthModels

struct TestCommand: TextReportCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the Hyperbolic Growth Hypothesis test on the curated datasets or on your own series.",
        discussion: """
            For each dataset's main series, in the window (default 10000 BCE to 1950) and around the split \
            year (default 1700; the pre-modern era is before it, the modern era from it):
              1. growth form: is growth proportional to the level? B of power-growth (g = s y^B) with its 95% \
            profile-likelihood interval and the LR tests of B = 0 (constant-growth) and B = 1 \
            (proportional-growth), read as proportional, constant, rising less than proportionally or \
            indeterminate; the BIC margin over constant growth; AICc, BIC and Akaike weights of \
            constant-growth, proportional-growth, power-growth and linear-growth, and the nested LR and F \
            tests of B = 0, B = 1 and b = 0;
              2. level form: exponential vs proportional-hyperbolic (k = 1, growth proportional to the level) \
            vs hyperbolic (any k: curvature) per era, with a parametric bootstrap p-value of exponential \
            against hyperbolic;
              3. stable dynamics or a phase transition over the whole window: the hyperbola's BIC against the \
            fair rival, the continuous piecewise-exponential path (level continuous at each break; break years \
            found exactly; K = 2m + 3), its break count m chosen by Zhang & Siegmund's (2007) modified BIC \
            (which charges a searched year as a change-point location), with the choice and ΔBIC under each \
            cap from 0 to --max-breaks; beside it, by BIC, the continuous path with transitions fixed at 3000 \
            BCE and 1760 (K = 5, nothing searched), Hanson's (2000) sums of 2 and 3 exponential modes (K = 5, \
            7) and his discontinuous growth-mode path;
              4. a verdict in plain words with the numbers behind it;
              5. the robustness grid: every dataset x weights {gap, none} x split years {1, 1000, 1500, 1600, \
            1700, 1800}, and x start years {10000, 8000, 5000, 3000, 1000 BCE, 1 CE} x window ends {1820, 1870, \
            1913, 1950; 2019 for GDP series reaching it} at the split (BIC only); table and markdown show how \
            many cells give each verdict per dataset, csv and json every cell (skip it with --no-robustness);
              6. out-of-sample forecasts: from each cut-off (default 1700, 1820, 1913) every model is fitted \
            unweighted on ln y through it and scored by the RMSE of ln y on the later observations in the \
            window, as `gdpfit forecast` does; the table names the best forecaster per cut-off (skip it with \
            --no-forecast).

            Beside the test, one row per dataset for Roodman's (2020) stochastic hyperbolic model \
            (stochastic-hyperbolic; see `gdpfit fit --help`), fitted unweighted to the main series over the \
            window: B and its standard error, the median take-off year, and the Kolmogorov-Smirnov and \
            Ljung-Box p-values of its quantile diagnostics. Population series get a row too: the hyperbolic \
            hypothesis was first stated for population (Kremer 1993), and the model describes any positive \
            series; the measure column says which it is. Its likelihood is of a different response, so it \
            is never ranked against the least-squares models. Every format carries these rows: table and \
            markdown in a section of their own, json as `stochastic`, latex as a table float after the \
            robustness table (heading and notes as % comments), and csv as rows of its long table. A dataset \
            the model cannot be fitted to has no stochastic row; every format but csv says why.

            --format csv is one long table, a row per number: dataset, window_from, window_to, split, \
            weights, era, form, model, statistic, value, reading, status (docs/output-formats.md). The \
            forecasts are rows with sweep "forecast", the cut-off in the split column and era "held out". With \
            --no-robustness, csv and latex carry the stochastic and forecast rows alone.

            --data-uncertainty N replaces the report with a Monte Carlo over the data: every observation is \
            redrawn N times on ln y (uniform between the data's bounds where it has a band, else ln y + \
            noise-scale x sd(t) x N(0,1) with Roodman's sd spline; a lower bound of 0 keeps its value), the \
            verdicts of steps 1-3 are recomputed on each draw without the bootstrap, and the share of draws \
            giving each verdict is reported with the 5/50/95% quantiles of B and each ΔBIC \
            (docs/hypothesis-test.md). The same --seed gives the same numbers on any --threads.

            --group COLUMN tests every group of long (panel) CSV files given as data as a series of its own, \
            named by its key (a group with fewer than 6 observations in the window is skipped with a \
            note); --where COLUMN=VALUE keeps the rows that match.

            Examples:
              gdpfit test
              gdpfit test my-series.csv --y population
              gdpfit test --datasets kremer-1993,delong-1998 --split 1800 --bootstrap 999 --seed 42
              gdpfit test --window=-5000:1900 --format markdown --output results.md
              gdpfit test --data-uncertainty 1000 --plot shares.svg
            """
    )

    @Argument(help: ArgumentHelp(
        "Curated dataset names or CSV files to test instead of --datasets (a CSV file needs --y unless it has one value column).",
        valueName: "data"), completion: .list(DatasetCatalog.names))
    var data: [String] = []

    @Option(help: ArgumentHelp("all, or curated dataset names or CSV paths separated by commas.", valueName: "all|a,b"))
    var datasets = "all"

    @Option(help: ArgumentHelp("The value column of CSV files given as data (curated datasets use their main series).", valueName: "column"))
    var y: String?

    @Option(name: .customLong("year-column"), help: "The year column of CSV files given as data.")
    var yearColumn = "year"

    @Option(help: ArgumentHelp(
        "The group column of long (panel) CSV files given as data, e.g. country: every group is tested as a series of its own, named by its key.",
        valueName: "column"))
    var group: String?

    @Option(name: .customLong("where"), help: ArgumentHelp(
        "Keep only the CSV files' rows whose cell in COLUMN is VALUE (repeatable: every condition must hold).",
        valueName: "column=value"), transform: RowCondition.parse)
    var conditions: [RowCondition] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("The first year of the modern era, inside --window (default: 1700).", valueName: "year"),
            transform: Year.parse)
    var split = Year(1700)

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "The years analysed, FROM:TO (default: -10000:1950).", valueName: "from:to"), transform: YearWindowArgument.parse)
    var window = YearWindow(from: -10000, to: 1950)

    @Option(help: ArgumentHelp(
        "Weights for the per-dataset tests, in both forms: gap (default), none, roodman (1/(1+2 sd²), sd Roodman's spline) "
            + "or inverse-variance (1/σ² of ln y: σ from the data's band where it has one, else Roodman's spline; "
            + "see docs/statistics.md).", valueName: "gap|none|roodman|inverse-variance"))
    var weights = Weighting.gap

    @Option(parsing: .unconditional, help: "Parametric bootstrap replicates for exponential vs hyperbolic in each era (0 skips it; at most \(CountLimits.bootstrapReplicates); default: 999).",
            transform: WholeNumber.parser(0...CountLimits.bootstrapReplicates))
    var bootstrap = 999

    @Option(parsing: .unconditional, help: "Seed of the bootstrap, 0 to 2^64-1 (default: 1): the same seed gives the same numbers on any number of cores.",
            transform: WholeNumber.parser(0...UInt64.max))
    var seed: UInt64 = 1

    @OptionGroup var band: BandOptions

    @Option(name: .customLong("year-coding"), help: ArgumentHelp(
        "How years are numbered: gdpfit (default: 1 CE = 1) or roodman (1 CE = 0, as Roodman 2020's do-file, with his "
            + "spline's knot there); see docs/statistics.md.", valueName: "gdpfit|roodman"))
    var yearCoding: YearCoding = .gdpfit

    @Flag(name: .customLong("influence"), inversion: .prefixedNo, help: ArgumentHelp(
        "Leave each observation out in turn and flag an era's verdict that one observation flips, naming it "
            + "(table and markdown: the flags; json: every left-out fit)."))
    var influence = true

    @Option(name: .customLong("max-breaks"), parsing: .unconditional,
            help: "The most breaks of the phase-transition paths (0 to \(CountLimits.breaks); default: 3).",
            transform: WholeNumber.parser(0...CountLimits.breaks))
    var maxBreaks = 3

    @Flag(name: .customLong("robustness"), inversion: .prefixedNo, help: "Include the robustness table.")
    var robustness = true

    @Option(name: .customLong("data-uncertainty"), parsing: .unconditional, help: ArgumentHelp(
        "Instead of the test's report: redraw every observation N times within its uncertainty (uniform on ln y "
            + "between the data's bounds where it has them, else Roodman's sd spline on ln y) and report the share of "
            + "draws giving each verdict and the 5/50/95% quantiles of B and each ΔBIC (no bootstrap, influence, "
            + "robustness or forecasts; 1 to \(DataUncertaintyOptions.maximumDraws)).", valueName: "N"),
            transform: WholeNumber.parser(1...DataUncertaintyOptions.maximumDraws))
    var dataUncertainty: Int?

    @Option(name: .customLong("noise-scale"), parsing: .unconditional, help: ArgumentHelp(
        "With --data-uncertainty: multiply the spread of every draw (the spline's sd, the band's width about the value) "
            + "by X, at least 0 (default: 1; 0 redraws the data as given).", valueName: "x"), transform: RealNumber.parse)
    var noiseScale: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Worker threads for the bootstrap and the data-uncertainty draws (default: every core); the numbers do not depend on it.",
        valueName: "n"), transform: WholeNumber.parser(1...1024))
    var threads: Int?

    @Option(help: ArgumentHelp(
        "With --data-uncertainty: also draw the verdict shares as stacked bars into this file (\(FigureFormat.supportedList)).",
        valueName: "file"))
    var plot: String?

    @Flag(name: .customLong("forecast"), inversion: .prefixedNo, help: ArgumentHelp(
        "Include the out-of-sample forecasts: which model forecast best from each of --forecast-cutoffs "
            + "(as `gdpfit forecast` over the test's window, with the test's --seed)."))
    var forecast = true

    @Option(name: .customLong("forecast-cutoffs"), parsing: .unconditional, help: ArgumentHelp(
        "Cut-off years of the forecasts, separated by commas (default: 1700,1820,1913); a series is forecast from those "
            + "it has observations on both sides of in the window.", valueName: "years"), transform: Year.parseList)
    var forecastCutoffs: [Year] = OutOfSampleForecast.defaultCutoffs.map(Year.init)

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if case .column = weights { throw ValidationError("--weights must be gap, none, roodman or inverse-variance") }
        guard window.contains(split.value), split.value != window.from else {
            throw ValidationError("--split \(NumberFormat.year(split.value)) must lie inside --window (\(window)), after its first year")
        }
        _ = try datasetNames()
        if let noiseScale, !(noiseScale >= 0 && noiseScale.isFinite) {
            throw ValidationError("--noise-scale must be a finite number at least 0, got \(NumberFormat.significant(noiseScale, digits: 6))")
        }
        if dataUncertainty == nil {
            if noiseScale != nil { throw ValidationError("--noise-scale applies only with --data-uncertainty N") }
            if plot != nil { throw ValidationError("--plot applies only with --data-uncertainty N") }
        } else if group != nil {
            throw ValidationError("--data-uncertainty tests whole datasets or files, not the groups of --group")
        }
        if let plot, FigureFormat(path: plot) == nil {
            let ext = FigureFormat.fileExtension(of: plot).map { "the extension .\($0)" } ?? "no extension"
            throw ValidationError("--plot \(plot) has \(ext): the figure's format follows the extension, which must be \(FigureFormat.supportedList)")
        }
    }

    /// The datasets or files to test: the arguments, else --datasets.
    func datasetNames() throws -> [String] {
        if !data.isEmpty {
            guard datasets == "all" else { throw ValidationError("name the data as arguments or with --datasets, not both") }
            return data
        }
        guard datasets != "all" else { return DatasetCatalog.names }
        let names = datasets.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.contains(where: \.isEmpty) else {
            throw ValidationError("--datasets needs 'all' or dataset names separated by commas (see `gdpfit datasets`), not '\(datasets)'")
        }
        return names
    }

    func run() throws {
        guard dataUncertainty != nil else { return try output.emit(output.rendering { try report() }) }
        let results = try dataUncertaintyResults()
        let text = try output.rendering { try DataUncertaintyRendering.render(results, format: output.format) }
        if let plot {
            let format = FigureFormat(path: plot) ?? .svg
            let svg = ShareChart.svg(results)
            do {
                try AtomicFileWriting.write([OutputFile(path: plot, bytes: try FigureRendering.bytes(svg: svg, as: format))], flag: "--plot")
            } catch let failure as FigureRendering.Failure {
                throw CommandFailure("--plot: cannot render \(plot) as \(format.rawValue.uppercased()): \(failure)", ExitStatus.software)
            }
        }
        try output.emit(text)
    }

    func report() throws -> String {
        if dataUncertainty != nil { return try DataUncertaintyRendering.render(try dataUncertaintyResults(), format: output.format) }
        return try TestRendering.render(try results(), format: output.format)
    }

    /// The test's settings from the command line.
    var testOptions: HypothesisTestOptions {
        var options = HypothesisTestOptions()
        options.window = window
        options.split = split.value
        options.weighting = weights
        options.bootstrapReplicates = bootstrap
        options.seed = seed
        options.maxBreaks = maxBreaks
        options.threads = threads
        return options
    }

    /// `--data-uncertainty N`: the Monte Carlo on each dataset's series.
    func dataUncertaintyResults() throws -> [DataUncertaintyResult] {
        let series = try testedSeries()
        let settings = DataUncertaintyOptions(draws: dataUncertainty ?? 1, noiseScale: noiseScale ?? 1, seed: seed, threads: threads)
        let progress = Progress(enabled: !output.quiet)
        var results: [DataUncertaintyResult] = []
        for (index, (name, data)) in series.enumerated() {
            progress.report("data uncertainty: \(settings.draws) draws of \(name) (\(index + 1) of \(series.count))")
            do {
                results.append(try DataUncertainty.run(dataset: name, series: data, test: testOptions, options: settings))
            } catch {
                throw CommandFailure(error.description, exitStatus(for: error))
            }
        }
        progress.finish()
        if !output.quiet {
            for result in results where !result.fixedYears.isEmpty {
                try printError("note: \(result.dataset): " + result.fixedYears.map(NumberFormat.year).joined(separator: ", ")
                    + " kept at the value given in every draw: a lower bound of 0 cannot be logged")
            }
        }
        return results
    }

    /// The series to test: each dataset's or file's (each group's with --group), those with fewer
    /// than the test's minimum of observations in the window skipped with a note.
    func testedSeries() throws -> [(dataset: String, series: Series)] {
        let names = try datasetNames()
        var series: [(dataset: String, series: Series)] = []
        for name in names {
            let curated = DatasetCatalog.names.contains(name)
            try band.check(data: name)
            // A bound asked for applies to the data that have a band; the others keep their series.
            let bound = curated && (try? DatasetCatalog.dataset(named: name))?.metadata.band == nil ? nil : band.bound
            var loadedSeries: [(dataset: String, series: Series)] = [], notes: [String] = []
            do throws(SeriesError) {
                if let group, !curated {
                    let panel = try DataSource.loadPanel(
                        name, column: y, yearColumn: yearColumn, noteWindow: window, groupColumn: group, conditions: conditions)
                    notes += panel.warnings.map(\.description)
                    for entry in panel.groups {
                        switch entry.series {
                        case let .success(data): loadedSeries.append((entry.key, data))
                        case let .failure(error): notes.append("\(entry.key) skipped: \(error)")
                        }
                    }
                } else {
                    let loaded = try DataSource.load(
                        name, column: curated ? nil : y, yearColumn: yearColumn, noteWindow: window,
                        band: curated ? nil : band.columns, bound: bound, conditions: curated ? [] : conditions)
                    notes += loaded.warnings.map(\.description)
                    loadedSeries.append((name, loaded.series))
                }
            } catch {
                throw CommandFailure(error.description, exitStatus(for: error))
            }
            if !output.quiet { for note in notes { try printError("note: \(note)") } }
            for (dataset, loaded) in loadedSeries {
                let data: Series
                do throws(SeriesError) {
                    data = try loaded.recoded(yearCoding)
                } catch {
                    throw CommandFailure("\(dataset): \(error.description)", exitStatus(for: error))
                }
                let count = HypothesisTest.observations(of: data, in: window)
                guard count >= HypothesisTest.minimumObservations else {
                    if !output.quiet {
                        try printError("note: \(dataset) skipped: \(count) observation\(count == 1 ? "" : "s") in \(window), "
                            + "fewer than the test's \(HypothesisTest.minimumObservations)")
                    }
                    continue
                }
                series.append((dataset, data))
            }
        }
        guard !series.isEmpty else {
            throw CommandFailure(
                "no series has \(HypothesisTest.minimumObservations) observations in \(window): nothing to test", ExitStatus.dataError)
        }
        return series
    }

    /// The test's results for each dataset, the stochastic model's rows and, unless --no-robustness,
    /// the robustness table.
    func results() throws -> TestOutcome {
        let series = try testedSeries()
        let options = testOptions
        let progress = Progress(enabled: !output.quiet)
        var results: [HypothesisTestResult] = []
        for (index, (name, data)) in series.enumerated() {
            progress.report("testing \(name) (\(index + 1) of \(series.count))")
            do {
                results.append(try HypothesisTest.run(dataset: name, series: data, options: options))
            } catch {
                throw CommandFailure(error.description, exitStatus(for: error))
            }
        }
        var influences: [DatasetInfluence]? = nil
        if influence {
            influences = []
            for (index, (name, data)) in series.enumerated() {
                progress.report("influence of each observation on \(name) (\(index + 1) of \(series.count))")
                do {
                    influences?.append(try DatasetInfluence(dataset: name, series: data, options: options))
                } catch {
                    throw CommandFailure(error.description, exitStatus(for: error))
                }
            }
        }
        let table = robustness
            ? RobustnessTable.run(series: series, options: options) { done, total in
                progress.report("robustness table: \(done) of \(total) cells")
            }
            : nil
        var stochastic: [StochasticDatasetRow] = []
        for (index, (name, data)) in series.enumerated() {
            progress.report("stochastic-hyperbolic on \(name) (\(index + 1) of \(series.count))")
            stochastic.append(StochasticDatasetRow(dataset: name, series: data, window: options.window))
        }
        var forecasts: [DatasetForecast]? = nil
        if forecast {
            progress.report("out-of-sample forecasts of \(series.count) series")
            forecasts = try DatasetForecast.run(
                series, window: window, cutoffs: forecastCutoffs.map(\.value), paths: 1000, seed: seed)
        }
        progress.finish()
        let measures = Dictionary(series.map { ($0.dataset, $0.series.measure) }, uniquingKeysWith: { a, _ in a })
        return TestOutcome(
            results: results, answers: HypothesisTest.answers(results, measures: measures), stochastic: stochastic,
            robustness: table, influence: influences, forecasts: forecasts)
    }
}

/// Everything `gdpfit test` prints.
struct TestOutcome {
    var results: [HypothesisTestResult]
    /// The debate's question answered per dataset (values; `DebateWording` words them).
    var answers: [DebateAnswer]
    var stochastic: [StochasticDatasetRow]
    var robustness: [RobustnessRow]?
    /// Leave-one-out influence per dataset (nil with --no-influence).
    var influence: [DatasetInfluence]? = nil
    /// Out-of-sample forecasts per dataset (nil with --no-forecast).
    var forecasts: [DatasetForecast]? = nil
}

/// The stochastic hyperbolic model on one dataset's main series over the test's window, unweighted
/// (the test's gap weights do not apply to transition densities), or why it could not be fitted.
struct StochasticDatasetRow: Encodable {
    var dataset: String
    var measure: String
    @NullEncoded var fit: StochasticSummary?
    @NullEncoded var note: String?

    init(dataset: String, series: Series, window: YearWindow) {
        self.dataset = dataset
        measure = series.measure.rawValue
        switch StochasticHyperbolicModel.windowFit(series, window: window) {
        case let .success((data, fit)): self.fit = StochasticSummary(fit, data: data, label: data.label)
        case let .failure(error): note = error.description
        }
    }

    static func table(_ rows: [StochasticDatasetRow]) -> TextTable {
        var table = TextTable(
            header: [.text("dataset"), .text("measure")] + StochasticSummary.header, leftAligned: [0, 1],
            caption: StochasticSummary.caption, label: "test-stochastic")
        for row in rows {
            guard let fit = row.fit else { continue }
            table.add([TableCell(fit.converged ? row.dataset : "\(row.dataset) [not converged: \(fit.status)]"), TableCell(row.measure)] + fit.cells)
        }
        return table
    }

    /// The heading, caption, table and notes, for the text, Markdown and LaTeX reports (CSV carries
    /// the table's rows after the robustness rows: `TestRendering.render`). `window`: the test's.
    static func section(_ rows: [StochasticDatasetRow], window: YearWindow?, format: OutputFormat) -> [String] {
        guard !rows.isEmpty else { return [] }
        let style = ProseStyle(format)
        var lines = TableRendering.prose([
            style.heading(markdown: "### Stochastic hyperbolic model",
                          text: "== Stochastic hyperbolic model\(window.map { " over \($0)" } ?? ""), unweighted"),
            "", style.paragraphIndent + StochasticSummary.caption + ".", "",
        ], format: format)
        lines.append(TableRendering.render(table(rows), format: format))
        let notes = rows.compactMap { row in row.note.map { style.item + "note: \(row.dataset): \($0)" } }
        return lines + TableRendering.prose(notes, format: format) + [""]
    }
}

/// Progress on standard error, only when it is a terminal (and not --quiet): one line rewritten in place.
struct Progress {
    let enabled: Bool

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func report(_ message: String) {
        guard enabled else { return }
        StandardStream.error.writeIgnoringFailure("\r\u{1B}[K\(message)")
    }

    func finish() {
        guard enabled else { return }
        StandardStream.error.writeIgnoringFailure("\r\u{1B}[K")
    }
}

/// A test result as its JSON shows it: the result's own keys, and its verdicts in words.
struct WordedResult: Encodable {
    var result: HypothesisTestResult

    private enum Key: String, CodingKey { case verdicts }

    func encode(to encoder: any Encoder) throws {
        try result.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(VerdictWording.sentences(result.verdicts), forKey: .verdicts)
    }
}

enum TestRendering {
    struct Document: Encodable {
        var results: [WordedResult]
        /// Not ranked: a different response.
        var stochastic: [StochasticDatasetRow]
        var robustness: [RobustnessRow]?
        /// How often each verdict holds across each dataset's robustness cells.
        var robustnessSummary: [RobustnessSummary]?
        /// Each era's verdict with each observation left out in turn.
        var influence: [DatasetInfluence]?
        /// The debate's question answered per dataset.
        var answers: [DebateAnswer]
        /// Which model forecast best, out of sample, from each cut-off (nil with --no-forecast).
        var forecasts: [DatasetForecast]?
    }

    /// The robustness summary, five rows per dataset (growth and level form in each era, then the
    /// hyperbola against the growth-mode path): the verdicts with their counts of cells, most
    /// frequent first.
    static func robustnessSummaryTable(_ summaries: [RobustnessSummary]) -> TextTable {
        var table = TextTable(
            header: [.text("dataset"), "cells", .text("verdict on"), .text("cells giving each verdict")],
            caption: "Robustness: cells giving each verdict, per dataset, over split years, start years and window ends "
                + "(growth: B's reading at 5%; level: the model preferred by BIC)",
            label: "test-robustness")
        func words(_ verdict: RobustnessVerdict) -> String {
            switch verdict {
            case let .reading(reading): return DebateWording.ReadingWords(reading).cell
            case let .preferred(model): return model.rawValue
            case .phaseTransition: return "transition path"
            case .singleLaw: return "hyperbola"
            case .notGraded: return "n/a"
            }
        }
        for summary in summaries {
            let columns: [(String, [RobustnessSummary.Tally])] = [
                ("growth pre-modern", summary.growthPreModern), ("growth modern", summary.growthModern),
                ("level pre-modern", summary.levelPreModern), ("level modern", summary.levelModern),
                ("hyperbola vs modes", summary.stableVersusPhase),
            ]
            for (index, (question, tallies)) in columns.enumerated() {
                table.add([
                    index == 0 ? TableCell(summary.dataset) : .empty, index == 0 ? .count(summary.cells) : .empty, TableCell(question),
                    TableCell(tallies.map { "\(words($0.verdict)) \($0.cells)" }.joined(separator: ", ")),
                ])
            }
        }
        return table
    }

    /// What the summary counts, for the text and Markdown reports.
    static let robustnessSummaryCaption = "Cells giving each verdict, per dataset, over split years {1, 1000, 1500, 1600, 1700, 1800} "
        + "at the test's window and over start years {10000, 8000, 5000, 3000, 1000 BCE, 1 CE} × window ends "
        + "{1820, 1870, 1913, 1950; 2019 for GDP series reaching it} at the test's split, each with weights gap and none "
        + "(a start year holding the same observations as a later one adds no cell). Growth: B's reading at 5%. Level: the model preferred by BIC. "
        + "Hyperbola vs modes: the hyperbola or the best growth-mode path by BIC over the window. n/a: too few observations "
        + "to grade. Every cell is in --format csv and json."

    /// `test --format csv`: one long table with a row per number (dataset, window, split, weights,
    /// era, form, model, statistic, value), tidy for pandas or R: the robustness table's cells
    /// (for each era and form the preferred model with its ΔBIC, observations, bootstrap p, B and
    /// the margin over constant growth; `reading` holds B's reading in words, `status` "too few to
    /// grade" or "no comparison" where there are no numbers), the hyperbola against the growth modes,
    /// then the stochastic model's numbers per dataset (weights none, era whole window).
    static func longTable(_ outcome: TestOutcome) -> TextTable {
        var table = TextTable(
            header: [.text("dataset"), .text("sweep"), "window from", "window to", "split", .text("weights"), .text("era"), .text("form"),
                     .text("model"), .text("statistic"), "value", .text("reading"), .text("status")])
        let window = outcome.results.first?.options.window
        let from = TableCell.year(window?.from), to = TableCell.year(window?.to)
        for row in outcome.robustness ?? [] {
            func add(era: String, form: String, model: String, statistic: String, value: TableCell, reading: String = "", status: String = "") {
                table.add([TableCell(row.dataset), TableCell(row.sweep.rawValue), .year(row.window.from), .year(row.window.to),
                           .year(row.split), TableCell(row.weighting.description), TableCell(era),
                           TableCell(form), TableCell(model), TableCell(statistic), value, TableCell(reading), TableCell(status)])
            }
            for (era, form, winner) in [("pre-modern", "growth", row.growthPreModern), ("modern", "growth", row.growthModern),
                                        ("pre-modern", "level", row.levelPreModern), ("modern", "level", row.levelModern)] {
                guard let winner else {
                    add(era: era, form: form, model: "", statistic: "observations", value: .empty, status: "no comparison")
                    continue
                }
                let model = winner.model.rawValue
                add(era: era, form: form, model: model, statistic: "observations", value: .count(winner.observations),
                    status: winner.tooFewToGrade ? "too few to grade" : "")
                guard !winner.tooFewToGrade else { continue }
                add(era: era, form: form, model: model, statistic: "delta_bic_to_next", value: .number(winner.deltaBIC))
                if let p = winner.bootstrapPValue {
                    add(era: era, form: form, model: model, statistic: "bootstrap_p_value", value: .number(p, digits: 3),
                        status: winner.bootstrapPValueAtFloor == true ? "p at its floor 1/(B+1)" : "")
                }
                if let exponent = winner.exponent {
                    let reading = winner.proportionality?.rawValue ?? ""
                    add(era: era, form: form, model: "power-growth", statistic: "exponent_b", value: .number(exponent), reading: reading)
                    add(era: era, form: form, model: "constant-growth", statistic: "delta_bic_against_best_law",
                        value: .number(winner.deltaBICAgainstConstantGrowth), reading: reading)
                }
            }
            add(era: "whole window", form: "level", model: "hyperbolic", statistic: "delta_bic_against_growth_modes",
                value: .number(row.stableVersusPhaseDeltaBIC))
        }
        for row in outcome.stochastic {
            guard let fit = row.fit else { continue }
            let model = StochasticHyperbolicModel.name
            for (column, cell) in zip(StochasticSummary.header, fit.cells) {
                table.add([TableCell(row.dataset), .empty, from, to, .empty, "none", "whole window", "level", TableCell(model),
                           TableCell(column.key), cell, "", TableCell(fit.converged ? "" : "not converged: \(fit.status)")])
            }
        }
        if let window, let forecasts = outcome.forecasts {
            for row in DatasetForecast.longRows(forecasts, window: window) { table.add(row) }
        }
        return table
    }

    static func render(_ outcome: TestOutcome, format: OutputFormat) throws -> String {
        let (results, stochastic, robustness) = (outcome.results, outcome.stochastic, outcome.robustness)
        switch format {
        case .json:
            return try JSONOutput.encode(Document(
                results: results.map(WordedResult.init), stochastic: stochastic, robustness: robustness,
                robustnessSummary: robustness.map(RobustnessSummary.of), influence: outcome.influence, answers: outcome.answers,
                forecasts: outcome.forecasts))
        case .csv:
            return TableRendering.render(longTable(outcome), format: format)
        case .latex:
            let window = results.first?.options.window
            return ((robustness.map { [TableRendering.render(robustnessSummaryTable(RobustnessSummary.of($0)), format: format)] } ?? [])
                + StochasticDatasetRow.section(stochastic, window: window, format: format)
                + DatasetForecast.section(outcome.forecasts ?? [], seed: results.first?.options.seed ?? 1, format: format))
                .joined(separator: "\n")
        case .table, .markdown:
            let style = ProseStyle(format)
            var lines: [String] = []
            for result in results {
                let title = "\(result.dataset) (\(result.series))"
                lines.append(style.heading(markdown: "### \(title)", text: "== \(title)"))
                lines.append("")
                lines += VerdictWording.sentences(result.verdicts).map { style.item + $0 }
                if let influence = outcome.influence?.first(where: { $0.dataset == result.dataset }) {
                    lines += InfluenceWording.sentences(influence).map { style.item + $0 }
                }
                lines.append("")
            }
            lines += DebateWording.section(outcome.answers, split: results.first?.options.split, format: format)
            lines += StochasticDatasetRow.section(stochastic, window: results.first?.options.window, format: format)
            lines += DatasetForecast.section(outcome.forecasts ?? [], seed: results.first?.options.seed ?? 1, format: format)
            if let robustness {
                lines.append(style.heading(markdown: "### Robustness", text: "== Robustness"))
                lines.append("")
                lines += TableRendering.prose([style.paragraphIndent + robustnessSummaryCaption, ""], format: format)
                lines.append(TableRendering.render(robustnessSummaryTable(RobustnessSummary.of(robustness)), format: format))
            }
            return lines.joined(separator: "\n")
        }
    }
}
