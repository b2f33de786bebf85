import ArgumentParser
import Fitting
import Foundation
import GrowthModels

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw a series with fitted models as SVG: the level, growth against level, residuals, or the stochastic model's fan chart.",
        discussion: """
            --kind series: the level against year on a log scale with the fitted level models (default \
            exponential and hyperbolic); a hyperbolic fit's singularity year t* is a dashed vertical line. \
            --breaks N adds the best piecewise-exponential path with at most N breaks (growth modes, as \
            `gdpfit breaks`).

            --kind growth: the interval growth rate against the level at the start of the interval, both \
            on log scales, with the fitted growth laws (default constant-growth, linear-growth and \
            power-growth). Rates at or below zero cannot be shown on a log axis; a note counts them.

            --kind residuals: observed minus fitted against year for the level models (or, when only \
            growth models are named, for those), with the zero line.

            --kind fan (with --model stochastic-hyperbolic, the default model for it): Roodman's (2020) \
            stochastic hyperbolic model fitted as `gdpfit fit --model stochastic-hyperbolic` fits it (--weights \
            none, roodman or a column), then --paths exact simulations from the last observation over \
            --horizon years, seeded by --seed: the 10-90% and 25-75% bands of the simulated paths and their \
            median over the observations, on a log scale, with the median take-off year as a dashed line. \
            Paths that take off (reach infinity) push a band to the top edge.

            --kind all: every chart, one file each, named by inserting -series, -growth, -residuals and \
            -fan before the .svg of --out (plot.svg gives plot-series.svg, plot-growth.svg, \
            plot-residuals.svg and plot-fan.svg). Each chart draws the models named of its own kind, or its \
            defaults when none is named; the fan chart is always stochastic-hyperbolic, with --paths, \
            --horizon and --seed as for --kind fan. When the stochastic model cannot give a fan chart \
            (--weights gap, which does not apply to its transition densities; fewer than 6 observations; a \
            fit that fails or does not converge), the other three files are still written, the fan file is \
            not, and one note on standard error says why (not under --quiet); the exit status stays 0, as \
            for a least-squares fit that does not converge. Naming --model stochastic-hyperbolic makes \
            --weights gap a usage error instead.

            Every chart is a standalone SVG 1.1 file (no scripts, no external resources) that a browser \
            shows. Each model is fitted as `gdpfit fit` fits it, with the same --weights (default: none \
            for level models, gap for growth models) and solver options; a fit that did not converge is \
            not drawn and a note under the chart says so. Notes also give each model's parameters and BIC.

            Time runs on a log scale of years before a reference year just after the data and the \
            singularity (--time-scale years-before, the default; each decade of "years ago" gets the same \
            width, so 10,000 BCE and 1900 are both legible) or on calendar years (--time-scale linear).

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
              gdpfit plot data.csv --y gdp --kind residuals --time-scale linear --out residuals.svg
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

    @Option(name: .customLong("time-scale"), help: "Time axis: years-before (log scale of years before the data's end; default) or linear.")
    var timeScale: TimeScale = .yearsBefore

    @Option(help: ArgumentHelp("The SVG file to write (with --kind all, the stem of the files).", valueName: "file.svg"))
    var out: String

    @Flag(name: .shortAndLong, help: "Print nothing on standard error but errors.")
    var quiet = false

    @OptionGroup var weightOptions: WeightOptions
    @OptionGroup var solver: SolverOptions

    /// The least-squares models named.
    private var models: [any GrowthModel] { modelChoices.compactMap(\.leastSquares) }

    func validate() throws {
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
        let files = try charts().map { OutputFile(path: $0.path, contents: SVGRenderer.render($0.chart)) }
        try AtomicFileWriting.write(files, flag: "--out")
    }

    /// The charts to write, each with its file path. With --kind all, a fan chart the stochastic
    /// model cannot give is left out with a note on stderr (see `PlotKind.all`); with --kind fan it
    /// is the command's error.
    func charts() throws -> [(path: String, chart: Chart)] {
        if let panel = try series.loadPanel(extraColumns: weightOptions.extraColumns, quiet: quiet) {
            return try panelCharts(panel)
        }
        return try charts(for: try series.load(extraColumns: weightOptions.extraColumns, quiet: quiet), out: out)
    }

    /// With --group: each group's charts, in files named by inserting the group's key before the
    /// .svg of --out (plot.svg gives plot-Austria.svg, or plot-Austria-series.svg and so on with
    /// --kind all; `PanelRendering.fileNamePart`). A group that cannot be drawn (too few
    /// observations, a fit that fails) gets a note on standard error instead of a file; when no
    /// group can be drawn, the first group's error is the command's.
    func panelCharts(_ panel: LoadedPanel) throws -> [(path: String, chart: Chart)] {
        var charts: [(path: String, chart: Chart)] = [], firstFailure: CommandFailure?
        var usedParts: Set<String> = []
        for (index, group) in panel.groups.enumerated() {
            var part = PanelRendering.fileNamePart(group.key)
            // Two keys with the same file name part ("A B", "A-B") get the group's position too.
            if !usedParts.insert(part).inserted { part += "-\(index + 1)" }
            do {
                switch group.series {
                case let .success(data): charts += try self.charts(for: data, out: Self.path(out, suffix: part))
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
    func charts(for loaded: Series, out: String) throws -> [(path: String, chart: Chart)] {
        let window = series.window
        let kinds = kind.charts
        var charts: [(path: String, chart: Chart)] = []
        for chartKind in kinds {
            let path = kinds.count == 1 ? out : Self.path(out, suffix: chartKind.rawValue)
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
                switch fanChart(loaded, window: window) {
                case .success(let chart):
                    charts.append((path, chart))
                case .failure(let missing) where kind == .all:
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
    private func fanChart(_ loaded: Series, window: YearWindow) -> Result<Chart, FanUnavailable> {
        let weighting = weightOptions.weighting(for: .level)
        let data: StochasticHyperbolicSample, fit: StochasticHyperbolicFit, quantiles: FanChartQuantiles
        do throws(AnalysisError) {
            data = try StochasticHyperbolicSample(ModelSample.level(loaded, window: window, weighting: weighting), weighting: weighting)
            fit = try data.fit()
            guard fit.estimates.converged else {
                return .failure(FanUnavailable(
                    reason: "\(data.label): \(ModelChoice.stochasticName) did not converge (\(fit.estimates.status.rawValue)): no fan chart drawn",
                    status: ExitStatus.notConverged))
            }
            quantiles = try FanChartQuantiles(
                fit, probabilities: FanChart.probabilities, paths: paths, horizon: horizon ?? FanChartQuantiles.defaultHorizon(fit), seed: seed)
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

    /// "plot.svg" with suffix "growth" gives "plot-growth.svg"; a name without .svg gets the suffix
    /// and .svg appended.
    static func path(_ out: String, suffix: String) -> String {
        let stem = out.lowercased().hasSuffix(".svg") ? String(out.dropLast(4)) : out
        return "\(stem)-\(suffix).svg"
    }
}

extension PlotKind: ExpressibleByArgument {}
extension TimeScale: ExpressibleByArgument {}
