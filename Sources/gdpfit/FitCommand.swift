import ArgumentParser
import Fitting
import Foundation
import GrowthModels

struct FitCommand: TextReportCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit one model to a series or to columns of a CSV file.",
        discussion: """
            A built-in model (--model) is fitted to a series: level-form models (\(ModelChoice.names(of: .level))) \
            to ln y over the year, growth-form models (\(ModelChoice.names(of: .growth))) to interval growth \
            rates over the level at the start of each interval.

            --model stochastic-hyperbolic fits Roodman's (2020) stochastic model \
            dY = (s Y^(1+B) + d Y) dt + sigma Y^(1+B/2) dW to the level observations by maximum likelihood of \
            their exact transition densities, with --weights none (default), roodman or a column (rescaled \
            to mean 1). It reports B, s, d and sigma with standard errors from the observed information, \
            the median take-off year (Y reaching infinity) with two intervals (the take-off distribution at \
            the estimate, and --level percentile points over 2000 parameter draws from the estimates' normal \
            approximation, seeded by --seed), the probability of never taking off, and the Kolmogorov-Smirnov \
            and Ljung-Box tests of each observation's quantile given the previous one. Its likelihood is of \
            a different response: its AIC is not comparable with the least-squares models'.

            A formula (--formula) with --x fits any columns of a CSV file (x and y name the regressor and \
            response columns; several regressors as --x x1,x2). Without --x it is fitted to the series: \
            t or x is the year and y the value, and a left side transforms the response, as in \
            "log(y) = a + r*t". --start gives every parameter a starting value.

            --group COLUMN fits every group of a long (panel) CSV file, e.g. one series per country, in \
            parallel, and prints one row per group: its status (converged, not_converged, or, for a group \
            without a fit, no_data, too_few_observations, invalid_data or failed, with the reason as its \
            note), n, the first and last year, the estimates with standard errors and BIC; CSV, Markdown \
            and LaTeX add the derived quantities, RSS, log-likelihood, AIC, AICc and the note, and JSON \
            holds each group's whole fit under `result`. A group's failure never stops the others; the \
            command exits 65 only when no group can be fitted. --where COLUMN=VALUE (repeatable) keeps \
            the rows that match, with or without --group; --bootstrap, --profile and \
            stochastic-hyperbolic are for one series, selected with --where.

            Examples:
              gdpfit fit kremer-1993 --model hyperbolic --from 1 --to 1950
              gdpfit fit roodman-2020 --sample main --model power-growth --weights gap --format json
              gdpfit fit roodman-2020 --model stochastic-hyperbolic --sample main --weights roodman
              gdpfit fit data.csv --formula "b1*(1-exp(-b2*x))" --start b1=500,b2=1e-4 --x x --y y
              gdpfit fit maddison-2010-panel.csv --group country --y gdp_million_1990_gk --model exponential --from 1820 --to 2008
              gdpfit fit nelson.csv --formula "log(y) = b1 - b2*x1*exp(-b3*x2)" --start b1=2,b2=0.0001,b3=-0.01 --x x1,x2 --y y
            """
    )

    @OptionGroup var series: SeriesOptions

    @Option(help: ArgumentHelp(
        "A built-in model: \(ModelChoice.allValueStrings.joined(separator: ", ")).",
        valueName: "name"))
    var model: ModelChoice?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "A model as a formula (see docs/formula-language.md); one starting with '-' is read as the formula, e.g. --formula \"-b1*x\".",
        valueName: "formula"))
    var formula: String?

    @Option(help: ArgumentHelp("Starting values for a formula's parameters, e.g. b1=500,b2=1e-4.", valueName: "name=value,..."))
    var start: String?

    @Option(help: ArgumentHelp(
        "With --formula: the regressor column(s) of a CSV file, comma-separated; the formula's variables.", valueName: "columns"))
    var x: String?

    @Option(help: "With --formula on a series: level (the formula models y over t; default) or growth (it models g over y).")
    var form: ModelForm = .level

    @Option(parsing: .unconditional, help: "Bootstrap replicates for intervals of the parameters and derived quantities (built-in models): 0 (none; default) or 2 to \(CountLimits.bootstrapReplicates).",
            transform: WholeNumber.parser(0...CountLimits.bootstrapReplicates))
    var bootstrap: Int = 0

    @Option(help: "Bootstrap scheme: residual (default), parametric or moving-block (for serially correlated residuals).")
    var scheme: BootstrapScheme = .residual

    @Option(parsing: .unconditional, help: "Seed of the bootstrap (or of stochastic-hyperbolic's parameter draws), 0 to 2^64-1 (default: 1): the same seed gives the same numbers on any number of cores.",
            transform: WholeNumber.parser(0...UInt64.max))
    var seed: UInt64 = 1

    @Option(help: "Bootstrap interval: percentile (default), basic, or BCa (bias-corrected and accelerated; the acceleration from n jackknife refits).")
    var interval: BootstrapIntervalType = .percentile

    @Flag(help: "Profile-likelihood intervals for the parameters (built-in models); they follow a skewed likelihood, as for t_star.")
    var profile = false

    @Option(parsing: .unconditional, help: "Confidence level of the intervals, between 0 and 1 (default: 0.95).", transform: RealNumber.parse)
    var level: Double = 0.95

    @Option(parsing: .unconditional, help: "With --formula: also try this many starts (0, the default, to \(CountLimits.multistartStarts)) scattered around --start and keep the best converged fit.",
            transform: WholeNumber.parser(0...CountLimits.multistartStarts))
    var multistart: Int = 0

    @OptionGroup var weightOptions: WeightOptions
    @OptionGroup var solver: SolverOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard bootstrap == 0 || bootstrap >= 2 else { throw ValidationError("--bootstrap needs at least 2 replicates") }
        guard level > 0, level < 1 else { throw ValidationError("--level must be between 0 and 1, e.g. 0.95") }
        if let start { _ = try parseStart(start) }
        if formula != nil, bootstrap > 0 || profile {
            throw ValidationError("--bootstrap and --profile are offered for the built-in models (--model)")
        }
        if model == .stochasticHyperbolic {
            if bootstrap > 0 || profile {
                throw ValidationError("--bootstrap and --profile apply to the least-squares models; stochastic-hyperbolic "
                    + "reports observed-information standard errors, B's profile-likelihood interval and a take-off interval from parameter draws")
            }
            if weightOptions.weights == .gap {
                throw ValidationError("--weights gap does not apply to stochastic-hyperbolic: each transition density already "
                    + "runs over its own gap; use none, roodman or a column")
            }
        }
        if model != nil, multistart > 0 {
            throw ValidationError("--multistart applies to --formula; built-in models start from a profiled grid")
        }
        switch (model, formula) {
        case (nil, nil): throw ValidationError("name a model with --model or give --formula")
        case (.some, .some): throw ValidationError("--model and --formula exclude each other")
        case (nil, .some): if start == nil { throw ValidationError("--formula needs --start with a value for every parameter") }
        case (.some, nil):
            if start != nil { throw ValidationError("--start applies to --formula; built-in models find their own start") }
            if x != nil { throw ValidationError("--x applies to --formula") }
        }
        if series.group != nil {
            if model == .stochasticHyperbolic {
                throw ValidationError("--group fits the least-squares models and formulas; fit stochastic-hyperbolic to one group at a time with --where")
            }
            if bootstrap > 0 || profile {
                throw ValidationError("--bootstrap and --profile give intervals for one series: select a group with --where instead of --group")
            }
            if x != nil { throw ValidationError("--group applies to a series (year and value columns), not to --x columns") }
        }
        if x != nil, let weights = weightOptions.weights, weights == .gap || weights == .roodman || weights == .inverseVariance {
            throw ValidationError("--weights \(weights) applies to a series; with --x name a weight column or none")
        }
    }

    func run() throws {
        let rendered = try output.rendering { try renderedReport() }
        try output.emit(rendered.text)
        if !rendered.converged {
            throw CommandFailure("the fit did not converge (\(rendered.status)): its numbers are not estimates", ExitStatus.notConverged)
        }
        // Said after the output, and only when it succeeded: an error stays one line.
        if formula == nil || x == nil {
            let form = model?.leastSquares?.form ?? self.form
            try TestDefaultsNote.print(
                command: "fit", window: series.window, weighting: weightOptions.weighting(for: form), form: form, quiet: output.quiet)
        }
    }

    /// The fit as printed; a fit that did not converge is reported with its status (run() then exits 1).
    func report() throws -> String {
        try renderedReport().text
    }

    private func renderedReport() throws -> (text: String, converged: Bool, status: String) {
        if let panel = try series.loadPanel(extraColumns: weightOptions.extraColumns, quiet: output.quiet) {
            return try panelReport(panel)
        }
        if model == .stochasticHyperbolic {
            let report = try stochasticReport()
            return (try StochasticFitRendering.render(report, format: output.format), report.converged, report.status)
        }
        let report = try fitReport()
        return (try FitRendering.render(report, format: output.format), report.converged, report.status)
    }

    /// Every group of a panel fitted (in parallel), one row per group. The command succeeds when at
    /// least one group has a converged fit; with none, it exits 1 if some fit did not converge and
    /// 65 (data) when no group could be fitted at all.
    private func panelReport(_ panel: LoadedPanel) throws -> (text: String, converged: Bool, status: String) {
        let kind = model?.leastSquares
        let form = kind?.form ?? self.form
        let outcomes: [GroupOutcome<GrowthModelFit>]
        let starts = try formula.map { _ in try parseStart(start ?? "") } ?? []
        do throws(AnalysisError) {
            if let kind {
                outcomes = try PanelAnalysis.fits(
                    panel, model: kind, window: series.window, weighting: weightOptions.weighting(for: form),
                    rateKind: weightOptions.rate, options: solver.options)
            } else {
                outcomes = try PanelAnalysis.fits(
                    panel, formula: formula ?? "", start: starts, form: form, window: series.window,
                    weighting: weightOptions.weighting(for: form), rateKind: weightOptions.rate, options: solver.options)
            }
        } catch {
            throw CommandFailure(error.description, exitStatus(for: error))
        }
        if let failure = PanelRendering.noGroupAnalysed(outcomes, source: panel.source, verb: "fitted") { throw failure }
        let fits = outcomes.compactMap(\.value)
        let text = try PanelRendering.renderFits(outcomes, groupColumn: panel.groupColumn, dataset: series.data, format: output.format)
        let converged = fits.contains(where: \.converged)
        let status = converged ? "converged" : fits[0].fit.status.rawValue
        return (text, converged, status)
    }

    /// Parameter draws behind the median take-off year's interval with parameter uncertainty.
    static let takeoffDraws = 2000

    /// Roodman's stochastic hyperbolic model on the level observations of the window.
    func stochasticReport() throws -> StochasticFitReport {
        let loaded = try series.load(extraColumns: weightOptions.extraColumns, quiet: output.quiet)
        let window = series.window
        let weighting = weightOptions.weighting(for: .level)
        do throws(AnalysisError) {
            let data = try StochasticHyperbolicSample(ModelSample.level(loaded, window: window, weighting: weighting), weighting: weighting)
            let report = StochasticHyperbolicReport(
                sample: data, fit: try data.fit(profilingB: true), level: level, draws: Self.takeoffDraws, seed: seed)
            return StochasticFitReport(report, dataset: series.data, window: window, level: level)
        } catch {
            throw CommandFailure(error.description, exitStatus(for: error))
        }
    }

    func fitReport() throws -> FitReport {
        let report: FitReport
        if let formula, let x {
            report = try fitColumns(formula: formula, regressors: x)
        } else {
            let loaded = try series.load(extraColumns: weightOptions.extraColumns, quiet: output.quiet)
            let kind = model?.leastSquares
            let form = kind?.form ?? self.form
            let sample = try makeSample(loaded, form: form)
            let starts = try formula.map { _ in try parseStart(start ?? "") }
            let fit: GrowthModelFit
            do {
                if let kind {
                    fit = try GrowthModelFitter.fit(kind, to: sample, options: solver.options)
                } else {
                    fit = try GrowthModelFitter.fit(
                        formula: formula ?? "", start: starts ?? [], to: sample, options: solver.options)
                }
            } catch {
                throw CommandFailure(error.description, exitStatus(for: error))
            }
            var fitReport = FitReport(fit, dataset: series.data)
            if bootstrap > 0 || profile {
                fitReport.intervals = try intervals(for: fit)
            }
            report = fitReport
        }
        return report
    }

    /// Bootstrap and profile-likelihood intervals, as asked for.
    private func intervals(for fit: GrowthModelFit) throws -> [IntervalReport] {
        guard fit.converged else {
            throw CommandFailure("the fit did not converge (\(fit.fit.status.rawValue)): no intervals around a non-estimate",
                       ExitStatus.notConverged)
        }
        var reports: [IntervalReport] = []
        do {
            if bootstrap > 0 {
                let progress = Progress(enabled: !output.quiet)
                progress.report("bootstrap: \(bootstrap) refits of \(fit.model)…")
                defer { progress.finish() }
                let result = try GrowthModelUncertainty.bootstrap(
                    fit, replicates: bootstrap, seed: seed, scheme: scheme, confidenceLevel: level,
                    intervals: [interval])
                let note = "\(result.scheme.rawValue) bootstrap, \(result.succeeded) of \(result.replicatesRequested) refits "
                    + "succeeded (\(result.failed) failed), seed \(result.seed)"
                for parameter in result.parameters {
                    let chosen = parameter.intervals.first { $0.type == interval }
                    reports.append(IntervalReport(
                        name: parameter.name, method: "bootstrap \(interval.rawValue) (\(result.scheme.rawValue))", level: level,
                        lower: chosen?.lower, upper: chosen?.upper,
                        note: parameter.name == result.parameters.first?.name ? note : nil))
                }
            }
            if profile {
                for interval in try GrowthModelUncertainty.profile(fit, confidenceLevel: level) {
                    let open = [interval.lowerOpenReason, interval.upperOpenReason].compactMap { $0 }
                    reports.append(IntervalReport(
                        name: interval.parameter, method: "profile likelihood", level: level, lower: interval.lower,
                        upper: interval.upper, note: open.isEmpty ? nil : open.joined(separator: "; ")))
                }
            }
        } catch {
            throw CommandFailure(error.description, exitStatus(for: error))
        }
        return reports
    }

    private func makeSample(_ loaded: Series, form: ModelForm) throws -> ModelSample {
        let window = series.window
        do {
            switch form {
            case .level:
                return try ModelSample.level(loaded, window: window, weighting: weightOptions.weighting(for: .level))
            case .growth:
                return try ModelSample.growth(
                    loaded, window: window, weighting: weightOptions.weighting(for: .growth), rateKind: weightOptions.rate)
            }
        } catch {
            throw CommandFailure(error.description, exitStatus(for: error))
        }
    }

    /// A formula over named columns of a CSV file (the fitting engine's generic use).
    private func fitColumns(formula: String, regressors: String) throws -> FitReport {
        let xNames = regressors.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        let weightColumn: String? = if case .column(let name) = weightOptions.weights { name } else { nil }
        do {
            let result = try FormulaColumnsFit.fit(
                path: series.data, formula: formula, regressors: xNames, response: series.y ?? "y", weightColumn: weightColumn,
                start: try parseStart(start ?? ""), multistart: multistart, options: solver.options)
            if !output.quiet { for warning in result.warnings { try printError("note: \(warning)") } }
            return FitReport(result.fit, model: formula, dataset: series.data, window: nil, derived: [])
        } catch let error as AnalysisError {
            throw CommandFailure(error.description, exitStatus(for: error))
        }
    }
}

/// Parses `name=value,name=value`; a malformed entry is a usage error naming --start.
func parseStart(_ text: String) throws -> [(name: String, value: Double)] {
    var result: [(name: String, value: Double)] = []
    for entry in text.split(separator: ",") {
        let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty else {
            throw ValidationError("--start: '\(entry)' is not name=value")
        }
        guard let value = Double(parts[1]), value.isFinite else {
            throw ValidationError("--start: '\(parts[1])' for \(parts[0]) is not a finite number")
        }
        guard !result.contains(where: { $0.name == parts[0] }) else {
            throw ValidationError("--start: \(parts[0]) is given twice")
        }
        result.append((parts[0], value))
    }
    guard !result.isEmpty else { throw ValidationError("--start: no parameters given") }
    return result
}
