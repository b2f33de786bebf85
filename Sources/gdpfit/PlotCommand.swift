import ArgumentParser
import Fitting
import Foundation
import GrowthModels

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw a series with fitted models as SVG, PNG or PDF: the level, growth against level, residuals, or the stochastic model's fan chart.",
        discussion: """
            --kind series: the level against year on a log scale with the fitted level models (default \
            exponential and hyperbolic); a hyperbolic fit's singularity year t* is a dashed vertical line. \
            --breaks N adds the best piecewise-exponential path with at most N breaks (growth modes, as \
            `gdpfit breaks`).

            --kind growth: the interval growth rate against the level at the start of the interval, both \
            on log scales, with the fitted growth laws (default constant-growth, linear-growth and \
            power-growth). Rates at or below zero, which a log axis cannot place, are drawn as triangles at \
            their level in a shaded strip marked "≤ 0" along the bottom edge, with a legend entry counting them.

            --kind residuals: observed minus fitted against year for the level models (or, when only \
            growth models are named, for those), with the zero line.

            --kind fan (with --model stochastic-hyperbolic, the default model for it): Roodman's (2020) \
            stochastic hyperbolic model fitted as `gdpfit fit --model stochastic-hyperbolic` fits it (--weights \
            none, roodman or a column), then --paths exact simulations from the last observation over \
            --horizon years, seeded by --seed: the 10-90% and 25-75% bands of the simulated paths and their \
            median over the observations, on a log scale, with the median take-off year as a dashed line. \
            The y axis is fitted to the observations and the quantiles drawn (at most three decades above \
            the largest observation); paths that take off (reach infinity) push a band to the top edge.

            --kind all: every chart, one file each, named by inserting -series, -growth, -residuals and \
            -fan before the extension of --out (plot.svg gives plot-series.svg, plot-growth.svg, \
            plot-residuals.svg and plot-fan.svg; plot.pdf gives plot-series.pdf, ...; a stem without an \
            extension gives SVG files). Each chart draws the models named of its own kind, or its \
            defaults when none is named; the fan chart is always stochastic-hyperbolic, with --paths, \
            --horizon and --seed as for --kind fan. When the stochastic model cannot give a fan chart \
            (--weights gap, which does not apply to its transition densities; fewer than 6 observations; a \
            fit that fails or does not converge), the other three files are still written, the fan file is \
            not, and one note on standard error says why (not under --quiet); the exit status stays 0, as \
            for a least-squares fit that does not converge. Naming --model stochastic-hyperbolic makes \
            --weights gap a usage error instead.

            The format follows the extension of --out: .svg writes a standalone SVG 1.1 file (no scripts, \
            no external resources) that a browser shows; .png and .pdf render that same SVG with librsvg and \
            cairo: a PNG of --width × --height pixels, a one-page PDF of 0.75 pt per pixel (CSS's 96 pixels \
            per inch: 800 × 520 px is a 600 × 390 pt page) with vector text. Any other extension is a usage \
            error. --title, --xlabel and --ylabel replace the chart's title and axis labels (one chart: not \
            with --kind all, whose charts have different axes). The height grows when the legend and notes \
            need more room than --height leaves, with a note on standard error when --height was given. Each model is fitted as `gdpfit fit` fits it, with the same --weights (default: none \
            for level models, gap for growth models) and solver options; a fit that did not converge is \
            not drawn and a note under the chart says so. Notes also give each model's parameters and BIC.

            Time runs on a log scale of years before a reference year just after the data and the \
            singularity (--xscale log-years-before, the default; each decade of "years ago" gets the same \
            width, so 10,000 BCE and 1900 are both legible) or on calendar years (--xscale linear), on the \
            series, residual and fan charts. --time-scale is another name for --xscale.

            On a terminal, progress (which chart, how many of the fan's time steps) is shown on standard error, \
            unless --quiet.

            --group COLUMN draws every group of a long (panel) CSV file in files of its own (one file per \
            group rather than small multiples, so that each chart keeps its size, axes and notes): the \
            group's key, letters and digits kept and other characters turned into '-', goes before the \
            .svg of --out (fig.svg gives fig-France.svg; with --kind all, fig-France-series.svg and so on). \
            A group that cannot be drawn gets a note on standard error instead of a file. --where \
            COLUMN=VALUE keeps the rows that match.

            Examples:
              gdpfit plot kremer-1993 --from -10000 --to 1950 --out kremer.svg
              gdpfit plot roodman-2020 --kind all --breaks 3 --out roodman.svg
              gdpfit plot roodman-2020 --sample main --weights roodman --kind all --out main.svg
              gdpfit plot delong-1998 --kind growth --model power-growth --model power-growth-drift --out growth.svg
              gdpfit plot data.csv --y gdp --kind residuals --xscale linear --out residuals.svg
              gdpfit plot my-series.csv --y population --title "World population" --ylabel "Millions of people" --width 1200 --height 800 --out fig.png
              gdpfit plot kremer-1993 --kind growth --out growth.pdf
              gdpfit plot roodman-2020 --sample main --weights roodman --model stochastic-hyperbolic --kind fan --out fan.svg
            """
    )

    @OptionGroup var series: SeriesOptions

    @Option(name: .customLong("model"), help: ArgumentHelp(
        "A model to draw (repeatable): \(GrowthModelCatalogue.names.joined(separator: ", ")); stochastic-hyperbolic with --kind fan or all.",
        valueName: "name"))
    var modelChoices: [ModelChoice] = []

    @Option(help: "The chart: series (default), growth, residuals, fan (stochastic-hyperbolic), or all (every chart; the fan only where the stochastic model gives one).")
    var kind: PlotKind = .series

    @Option(parsing: .unconditional, help: "With --kind fan or all: the number of simulated paths (10 to \(CountLimits.simulatedPaths); default: 1000).",
            transform: WholeNumber.parser(10...CountLimits.simulatedPaths))
    var paths = 1000

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "With --kind fan or all: years simulated after the last observation (default: up to the take-off year's 97.5% point at the estimate plus 10%, at most 100).",
        valueName: "years"), transform: RealNumber.parse)
    var horizon: Double?

    @Option(parsing: .unconditional, help: "With --kind fan or all: the seed of the simulation, 0 to 2^64-1 (default: 1; the same seed draws the same paths).",
            transform: WholeNumber.parser(0...UInt64.max))
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Also draw the best growth-mode path with at most N breaks (0 to \(CountLimits.breaks)) on the series chart.", valueName: "N"),
            transform: WholeNumber.parser(0...CountLimits.breaks))
    var breaks: Int?

    @Option(name: [.customLong("xscale"), .customLong("time-scale")], help: ArgumentHelp(
        "Time axis of series, residual and fan charts: log-years-before (log scale of years before the data's end; default) or linear.",
        valueName: "scale"))
    var timeScaleChoice: TimeScale?

    @Option(help: ArgumentHelp(
        "The file to write; its extension sets the format: \(FigureFormat.supportedList) (with --kind all, the name the charts' suffixes go into).",
        valueName: "file.svg|file.png|file.pdf"))
    var out: String

    @Option(help: ArgumentHelp("The chart's title (default: the series and what the chart shows).", valueName: "text"))
    var title: String?

    @Option(help: ArgumentHelp("The x axis label (default: the quantity and its units).", valueName: "text"))
    var xlabel: String?

    @Option(help: ArgumentHelp("The y axis label (default: the quantity and its units).", valueName: "text"))
    var ylabel: String?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "The figure's width in pixels, \(Self.widths.lowerBound) to \(Self.widths.upperBound) (default: \(Int(Self.defaultSize.width))).",
        valueName: "px"), transform: WholeNumber.parser(Self.widths))
    var width: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "The figure's height in pixels, \(Self.heights.lowerBound) to \(Self.heights.upperBound) (default: \(Int(Self.defaultSize.height))); it grows if the legend and notes need more room.",
        valueName: "px"), transform: WholeNumber.parser(Self.heights))
    var height: Int?

    @Flag(name: .shortAndLong, help: "Print nothing on standard error but errors.")
    var quiet = false

    @OptionGroup var weightOptions: WeightOptions
    @OptionGroup var solver: SolverOptions

    static let widths = 300...8000
    static let heights = 200...8000
    static let defaultSize = (width: Chart.defaultWidth, height: Chart.defaultHeight)

    /// The least-squares models named.
    private var models: [any GrowthModel] { modelChoices.compactMap(\.leastSquares) }

    private var timeScale: TimeScale { timeScaleChoice ?? .yearsBefore }

    /// The format of the files written: --out's extension; SVG for a --kind all stem without one.
    var format: FigureFormat { FigureFormat(path: out) ?? .svg }

    func validate() throws {
        if FigureFormat(path: out) == nil, !(kind == .all && FigureFormat.fileExtension(of: out) == nil) {
            let ext = FigureFormat.fileExtension(of: out).map { "the extension .\($0)" } ?? "no extension"
            throw ValidationError("--out \(out) has \(ext): the figure's format follows the extension, which must be \(FigureFormat.supportedList)")
        }
        if kind == .all, let flag = [("--title", title), ("--xlabel", xlabel), ("--ylabel", ylabel)].first(where: { $0.1 != nil })?.0 {
            throw ValidationError("\(flag) labels one chart, and the charts of --kind all have different axes: draw each with its own --kind")
        }
        if kind == .growth, timeScaleChoice != nil {
            throw ValidationError("--xscale sets the time axis of series, residual and fan charts; the growth chart's x axis is the level, on a log scale")
        }
        if kind.charts.contains(.fan) {
            if let horizon, !(horizon > 0 && horizon.isFinite) { throw ValidationError("--horizon must be a positive number of years") }
            if weightOptions.weights == .gap, kind == .fan || modelChoices.contains(.stochasticHyperbolic) {
                throw ValidationError("--weights gap does not apply to stochastic-hyperbolic: each transition density already "
                    + "runs over its own gap; use none, roodman or a column")
            }
        }
        if kind == .fan {
            if let other = models.first {
                throw ValidationError("--kind fan draws stochastic-hyperbolic; \(other.id) is a least-squares model")
            }
            if breaks != nil { throw ValidationError("--breaks draws on the series chart: use it with --kind series or all") }
            return
        }
        if kind != .all, modelChoices.contains(.stochasticHyperbolic) {
            throw ValidationError("stochastic-hyperbolic is drawn as a fan chart: use --kind fan or all")
        }
        if breaks != nil, !kind.charts.contains(.series) {
            throw ValidationError("--breaks draws on the series chart: use it with --kind series or all")
        }
        guard kind != .all else { return }
        let forms = Set(models.map(\.form))
        switch kind {
        case .series, .growth:
            let form: ModelForm = kind == .series ? .level : .growth
            if let other = models.first(where: { $0.form != form }) {
                throw ValidationError("--kind \(kind.rawValue) draws \(form.rawValue)-form models; \(other.id) is a \(other.form.rawValue)-form model")
            }
        case .residuals:
            if forms.count > 1 {
                throw ValidationError("--kind residuals draws the residuals of one form: name only level models or only growth models")
            }
        case .all, .fan:
            break
        }
    }

    func run() throws {
        let progress = Progress(enabled: !quiet)
        defer { progress.finish() }
        var files: [OutputFile] = []
        var notes: [String] = []
        for (path, chart) in try charts(progress: progress) {
            progress.report("plot: rendering \(path)…")
            let svg = SVGRenderer.render(chart)
            do {
                files.append(OutputFile(path: path, bytes: try FigureRendering.bytes(svg: svg, as: format)))
            } catch {
                throw CommandFailure("--out: cannot render \(path) as \(format.rawValue.uppercased()): \(error)", ExitStatus.software)
            }
            let size = SVGRenderer.size(of: chart)
            if let height, size.height > Double(height) {
                notes.append("note: \(path) is \(Int(size.width.rounded(.up))) × \(Int(size.height.rounded(.up))) px, not "
                    + "\(Int(size.width.rounded(.up))) × \(height): its legend and notes need the room")
            }
        }
        try AtomicFileWriting.write(files, flag: "--out")
        progress.finish()
        if !quiet { for note in notes { try printError(note) } }
    }

    /// `chart` with the title, axis labels and size given on the command line.
    private func customised(_ chart: Chart) -> Chart {
        var chart = chart
        if let title { chart.title = title }
        if let xlabel { chart.xAxis.label = xlabel }
        if let ylabel { chart.yAxis.label = ylabel }
        if let width { chart.width = Double(width) }
        if let height { chart.height = Double(height) }
        return chart
    }

    /// The charts to write, each with its file path. With --kind all, a fan chart the stochastic
    /// model cannot give is left out with a note on stderr (see `PlotKind.all`); with --kind fan it
    /// is the command's error. `progress` is told which chart is being drawn.
    func charts(progress: Progress = Progress(enabled: false)) throws -> [(path: String, chart: Chart)] {
        try drawnCharts(progress: progress).map { ($0.path, customised($0.chart)) }
    }

    private func drawnCharts(progress: Progress) throws -> [(path: String, chart: Chart)] {
        if let panel = try series.loadPanel(extraColumns: weightOptions.extraColumns, quiet: quiet) {
            return try panelCharts(panel, progress: progress)
        }
        return try charts(for: try series.load(extraColumns: weightOptions.extraColumns, quiet: quiet), out: out, progress: progress)
    }

    /// With --group: each group's charts, in files named by inserting the group's key before the
    /// .svg of --out (plot.svg gives plot-Austria.svg, or plot-Austria-series.svg and so on with
    /// --kind all; `PanelRendering.fileNamePart`). A group that cannot be drawn (too few
    /// observations, a fit that fails) gets a note on standard error instead of a file; when no
    /// group can be drawn, the first group's error is the command's.
    func panelCharts(_ panel: LoadedPanel, progress: Progress) throws -> [(path: String, chart: Chart)] {
        var charts: [(path: String, chart: Chart)] = [], firstFailure: CommandFailure?
        var usedParts: Set<String> = []
        for (index, group) in panel.groups.enumerated() {
            var part = PanelRendering.fileNamePart(group.key)
            // Two keys with the same file name part ("A B", "A-B") get the group's position too.
            if !usedParts.insert(part).inserted { part += "-\(index + 1)" }
            do {
                switch group.series {
                case let .success(data): charts += try self.charts(for: data, out: Self.path(out, suffix: part), progress: progress)
                case let .failure(error): throw CommandFailure(error.description, exitStatus(for: error))
                }
            } catch let failure as CommandFailure {
                firstFailure = firstFailure ?? failure
                if !quiet { try printError("note: \(group.key): no chart: \(failure.message)") }
            }
        }
        if charts.isEmpty, let firstFailure { throw firstFailure }
        return charts
    }

    /// The charts of one series; `out` is the file (or, with --kind all, the stem) to write.
    func charts(for loaded: Series, out: String, progress: Progress) throws -> [(path: String, chart: Chart)] {
        let window = series.window
        let kinds = kind.charts
        var charts: [(path: String, chart: Chart)] = []
        for (index, chartKind) in kinds.enumerated() {
            let path = kinds.count == 1 ? out : Self.path(out, suffix: chartKind.rawValue)
            let counter = kinds.count == 1 ? "" : " (\(index + 1) of \(kinds.count))"
            progress.report("plot: the \(chartKind.rawValue) chart\(counter)…")
            switch chartKind {
            case .series:
                charts.append((path, try analysed { () throws(AnalysisError) in
                    let sample = try ModelSample.level(loaded, window: window, weighting: weightOptions.weighting(for: .level))
                    var modes: GrowthModePath? = nil
                    if let breaks { modes = try GrowthModeSearch.search(sample, maxBreaks: breaks).best }
                    return FitCharts.seriesChart(
                        series: loaded, sample: sample, fits: try fit(models(of: .level), to: sample), modes: modes, timeScale: timeScale)
                }))
            case .growth:
                charts.append((path, try analysed { () throws(AnalysisError) in
                    let sample = try growthSample(loaded, window: window)
                    return FitCharts.growthChart(series: loaded, sample: sample, fits: try fit(models(of: .growth), to: sample))
                }))
            case .residuals:
                charts.append((path, try analysed { () throws(AnalysisError) in
                    let form = residualForm
                    let sample = form == .level
                        ? try ModelSample.level(loaded, window: window, weighting: weightOptions.weighting(for: .level))
                        : try growthSample(loaded, window: window)
                    return FitCharts.residualChart(series: loaded, fits: try fit(models(of: form), to: sample), timeScale: timeScale)
                }))
            case .fan:
                let status = { (text: String) in progress.report("plot: the fan chart\(counter): \(text)") }
                switch fanChart(loaded, window: window, status: status) {
                case .success(let chart):
                    charts.append((path, chart))
                case .failure(let missing) where kind == .all:
                    progress.finish()
                    if !quiet { try printError("note: \(path) not written: \(missing.reason)") }
                case .failure(let missing):
                    throw CommandFailure(missing.reason, missing.status)
                }
            case .all:
                continue
            }
        }
        return charts
    }

    /// The chart `body` draws, or the command's failure with the exit status of its error.
    private func analysed(_ body: () throws(AnalysisError) -> Chart) throws -> Chart {
        do throws(AnalysisError) {
            return try body()
        } catch {
            throw CommandFailure(error.description, exitStatus(for: error))
        }
    }

    /// Why the stochastic model gives no fan chart: the one-line reason, and the exit status when the
    /// fan was the chart asked for (a data error, a usage error, or 1 for a fit that did not converge).
    struct FanUnavailable: Error {
        var reason: String
        var status: ExitCode
    }

    /// The stochastic model's fan chart, or why there is none: a fit that did not converge is not drawn.
    private func fanChart(_ loaded: Series, window: YearWindow, status: (String) -> Void) -> Result<Chart, FanUnavailable> {
        let weighting = weightOptions.weighting(for: .level)
        let data: StochasticHyperbolicSample, fit: StochasticHyperbolicFit, quantiles: FanChartQuantiles
        do throws(AnalysisError) {
            data = try StochasticHyperbolicSample(ModelSample.level(loaded, window: window, weighting: weighting), weighting: weighting)
            status("fitting \(ModelChoice.stochasticName) by maximum likelihood…")
            fit = try data.fit(diagnosing: false)
            guard fit.estimates.converged else {
                return .failure(FanUnavailable(
                    reason: "\(data.label): \(ModelChoice.stochasticName) did not converge (\(fit.estimates.status.rawValue)): no fan chart drawn",
                    status: ExitStatus.notConverged))
            }
            quantiles = try FanChartQuantiles(
                fit, probabilities: FanChart.probabilities, paths: paths, horizon: horizon ?? FanChartQuantiles.defaultHorizon(fit), seed: seed,
                progress: { done, total in status("simulating \(paths) paths, time step \(done) of \(total)…") })
        } catch {
            return .failure(FanUnavailable(reason: error.description, status: exitStatus(for: error)))
        }
        return .success(FanChart.chart(series: loaded, data: data, fit: fit, quantiles: quantiles, timeScale: timeScale))
    }

    /// Residuals of the level models, unless only growth models are named.
    private var residualForm: ModelForm {
        !models.isEmpty && models.allSatisfy { $0.form == .growth } ? .growth : .level
    }

    /// The named models of a form, or the form's defaults when none of that form is named.
    private func models(of form: ModelForm) -> [any GrowthModel] {
        let named = models.filter { $0.form == form }
        return named.isEmpty ? (FitCharts.defaultModels[form] ?? []).compactMap(GrowthModelCatalogue.model) : named
    }

    private func growthSample(_ loaded: Series, window: YearWindow) throws(AnalysisError) -> ModelSample {
        try ModelSample.growth(loaded, window: window, weighting: weightOptions.weighting(for: .growth), rateKind: weightOptions.rate)
    }

    private func fit(_ models: [any GrowthModel], to sample: ModelSample) throws(AnalysisError) -> [GrowthModelFit] {
        var fits: [GrowthModelFit] = []
        for model in models { fits.append(try GrowthModelFitter.fit(model, to: sample, options: solver.options)) }
        return fits
    }

    /// "plot.svg" with suffix "growth" gives "plot-growth.svg", "plot.PDF" gives "plot-growth.PDF";
    /// a name without an extension gets the suffix and .svg appended.
    static func path(_ out: String, suffix: String) -> String {
        guard FigureFormat(path: out) != nil, let dot = out.lastIndex(of: ".") else { return "\(out)-\(suffix).svg" }
        return "\(out[..<dot])-\(suffix)\(out[dot...])"
    }
}

extension PlotKind: ExpressibleByArgument {}
extension TimeScale: ExpressibleByArgument {}
