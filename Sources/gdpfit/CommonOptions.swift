import ArgumentParser
import Fitting
import Foundation
import GrowthModels

/// The data a command works on: a curated dataset or a CSV file, a value column, a sample and a
/// window of years.
struct SeriesOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "A curated dataset's name (see `gdpfit datasets`) or the path of a CSV file with a header row.",
        valueName: "data"), completion: .list(DatasetCatalog.names))
    var data: String

    @Option(help: ArgumentHelp(
        "The value column (default: the dataset's main series; a CSV file needs it unless it has one value column).",
        valueName: "column"))
    var y: String?

    @Option(help: ArgumentHelp("A named sample of the dataset, e.g. `main` for roodman-2020.", valueName: "name"))
    var sample: String?

    @Option(name: .customLong("year-column"), help: "The year column of a CSV file.")
    var yearColumn = "year"

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "First year of the window: -10000, \"10000 BCE\" or \"1500 CE\" (inclusive).", valueName: "year"),
        transform: Year.parse)
    var from: Year?

    @Option(parsing: .unconditional, help: ArgumentHelp("Last year of the window (inclusive).", valueName: "year"),
            transform: Year.parse)
    var to: Year?

    @OptionGroup var band: BandOptions

    @Option(name: .customLong("year-coding"), help: ArgumentHelp(
        "How years are numbered: gdpfit (default: 1 CE = 1, n BCE = -n) or roodman (Roodman 2020's do-file: 1 CE = 0, "
            + "and his spline's knot with it), to reproduce his archived output; see docs/statistics.md.",
        valueName: "gdpfit|roodman"))
    var yearCoding: YearCoding = .gdpfit

    @Option(help: ArgumentHelp(
        "A long (panel) CSV file's group column, e.g. country: every group is analysed as a series of its own, one row (or file) per group.",
        valueName: "column"))
    var group: String?

    @Option(name: .customLong("where"), help: ArgumentHelp(
        "Keep only the CSV file's rows whose cell in COLUMN is VALUE, e.g. --where country=France (repeatable: every condition must hold).",
        valueName: "column=value"), transform: RowCondition.parse)
    var conditions: [RowCondition] = []

    func validate() throws {
        if let from, let to, from.value > to.value {
            throw ValidationError("--from \(NumberFormat.year(from.value)) comes after --to \(NumberFormat.year(to.value)): the window is reversed")
        }
        if group != nil || !conditions.isEmpty, sample != nil {
            throw ValidationError("--sample names a curated dataset's sample; --group and --where select rows of a CSV file")
        }
        if group != nil || !conditions.isEmpty, band.columns != nil || band.bound != nil {
            throw ValidationError("--group and --where select rows of a single series; they do not combine with a band (--lower/--upper/--bound)")
        }
        if group != nil, yearCoding != .gdpfit {
            throw ValidationError("--year-coding \(yearCoding) applies to one series; it does not combine with --group")
        }
    }

    var window: YearWindow { YearWindow(from: from?.value, to: to?.value) }

    /// The series, with the loader's notes printed on stderr (unless quiet). With --group, use `loadPanel`.
    func load(extraColumns: [String] = [], quiet: Bool = false) throws -> Series {
        let loaded: LoadedSeries
        try band.check(data: data)
        do {
            loaded = try DataSource.load(
                data, column: y, sample: sample, yearColumn: yearColumn, extraColumns: extraColumns, noteWindow: window,
                band: band.columns, bound: band.bound, conditions: conditions)
        } catch {
            throw CommandFailure(error.description, exitStatus(for: error))
        }
        if !quiet { for warning in loaded.warnings { try printError("note: \(warning)") } }
        do throws(SeriesError) {
            return try loaded.series.recoded(yearCoding)
        } catch {
            throw CommandFailure(error.description, exitStatus(for: error))
        }
    }

    /// With --group, every group of the file (the rows --where keeps), with the loader's notes
    /// printed on stderr (unless quiet); nil without --group.
    func loadPanel(extraColumns: [String] = [], quiet: Bool = false) throws -> LoadedPanel? {
        guard let group else { return nil }
        let panel: LoadedPanel
        do {
            panel = try DataSource.loadPanel(
                data, column: y, yearColumn: yearColumn, extraColumns: extraColumns, noteWindow: window, groupColumn: group,
                conditions: conditions)
        } catch {
            throw CommandFailure(error.description, exitStatus(for: error))
        }
        if !quiet { for warning in panel.warnings { try printError("note: \(warning)") } }
        return panel
    }
}

extension RowCondition {
    /// `--where COLUMN=VALUE`; anything else is a usage error naming the option.
    static func parse(_ text: String) throws -> RowCondition {
        guard let condition = RowCondition(parsing: text) else {
            throw ValidationError("--where needs COLUMN=VALUE (e.g. --where country=France), not '\(text)'")
        }
        return condition
    }
}

/// Weighting and growth-rate options shared by the fitting commands.
struct WeightOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Weights: gap (interval length; Kremer 1993, Roodman 2020), none, roodman (1/(1+2 sd²), Roodman's HYDE-band uncertainty), "
            + "inverse-variance (1/σ² of ln y: σ from the data's band where it has one, (ln upper − ln lower)/√12, else Roodman's sd) "
            + "or a column name.",
        valueName: "gap|none|roodman|inverse-variance|column"))
    var weights: Weighting?

    @Option(help: "Growth rate of an interval: continuous (ln(y1/y0)/dt, default) or discrete ((y1/y0)^(1/dt) - 1).")
    var rate: GrowthRateKind = .continuous

    /// The weighting, defaulting to `gap` for growth-form models and `none` for level-form ones.
    func weighting(for form: ModelForm) -> Weighting {
        weights ?? (form == .growth ? .gap : Weighting.none)
    }

    /// Columns the loader must keep so that a column weighting can find them.
    var extraColumns: [String] {
        guard case .column(let name) = weights else { return [] }
        return [name]
    }
}

/// Solver options for nonlinear fits: GSL's trust-region least squares, which fits formulas and the
/// proportional hyperbola. The hyperbolic and power-growth models are fitted by variable projection
/// (`SeparableLeastSquares`); any of these options set away from its default hands that minimum to
/// GSL's solver with them (and GSL fits where variable projection fails).
struct SolverOptions: ParsableArguments {
    @Option(help: "Trust-region method: lm (default), lmaccel, dogleg, ddogleg or subspace2D. For formulas and proportional-hyperbolic; the hyperbolic and power-growth models are fitted by variable projection, refined by GSL with these options when any is set.")
    var method: TrustRegionMethod = NonlinearLeastSquaresOptions.default.method

    @Option(help: "Scaling of the trust region: more (default), levenberg or marquardt.")
    var scaling: TrustRegionScaling = NonlinearLeastSquaresOptions.default.scaling

    @Option(help: "Linear solver for the trust-region subproblem: qr (default), cholesky or svd.")
    var solver: TrustRegionSolver = NonlinearLeastSquaresOptions.default.solver

    @Option(name: .customLong("max-iterations"), parsing: .unconditional, help: "Iteration limit of each solver run (default: \(NonlinearLeastSquaresOptions.default.maxIterations)).",
            transform: WholeNumber.parser(1...Int.max))
    var maxIterations: Int = NonlinearLeastSquaresOptions.default.maxIterations

    @Option(parsing: .unconditional, help: "Step tolerance: converged when every step is below xtol relative to its parameter (GSL's test; default: \(NonlinearLeastSquaresOptions.default.xtol)).",
            transform: RealNumber.parse)
    var xtol: Double = NonlinearLeastSquaresOptions.default.xtol

    @Option(parsing: .unconditional, help: "Gradient tolerance (GSL's test, scaled by max(RSS/2, 1)); 0, the default, leaves it off.",
            transform: RealNumber.parse)
    var gtol: Double = NonlinearLeastSquaresOptions.default.gtol

    var options: NonlinearLeastSquaresOptions {
        var options = NonlinearLeastSquaresOptions.default
        options.method = method
        options.scaling = scaling
        options.solver = solver
        options.maxIterations = maxIterations
        options.xtol = xtol
        options.gtol = gtol
        return options
    }

    func validate() throws {
        guard maxIterations >= 1 else { throw ValidationError("--max-iterations must be at least 1") }
        guard xtol >= 0, xtol.isFinite, gtol >= 0, gtol.isFinite else {
            throw ValidationError("--xtol and --gtol must be non-negative numbers")
        }
    }
}

extension TrustRegionMethod: ExpressibleByArgument {}
extension YearCoding: ExpressibleByArgument {}
extension TrustRegionScaling: ExpressibleByArgument {}
extension TrustRegionSolver: ExpressibleByArgument {}
extension GrowthRateKind: ExpressibleByArgument {}
extension ModelForm: ExpressibleByArgument {}
extension BootstrapScheme: ExpressibleByArgument {}
extension BootstrapIntervalType: ExpressibleByArgument {}

/// The documented exit status for each error the library raises.
func exitStatus(for error: SeriesError) -> ExitCode {
    switch error {
    case .unreadable: return ExitStatus.noInput
    case .unknownDataset, .unknownColumn, .unknownSample, .noBand, .noMatchingRows, .selectionOnDataset: return ExitStatus.usage
    default: return ExitStatus.dataError
    }
}

func exitStatus(for error: AnalysisError) -> ExitCode {
    switch error {
    case let .data(inner): return exitStatus(for: inner)
    case .invalidRequest: return ExitStatus.usage
    case let .fitting(_, inner):
        if case .numerical = inner { return ExitStatus.software }
        return ExitStatus.dataError
    case .tooFewObservations, .weights, .formula: return ExitStatus.dataError
    }
}

/// The settings `gdpfit test` uses by default, so that `fit`, `compare` and `breaks` can say, in one
/// note on standard error, where theirs differ: the same question should get the same answer, and a
/// command that answers it on other data or weights says so.
enum TestDefaultsNote {
    /// The note for a command run with `window` and `weighting` (of `form`); nil when both match the
    /// test's defaults. `ranksEveryModel`: the command ranks models the test leaves out.
    static func text(command: String, window: YearWindow, weighting: Weighting, form: ModelForm, ranksEveryModel: Bool = false) -> String? {
        let test = HypothesisTestOptions()
        var differences: [String] = []
        if window != test.window {
            differences.append("the window is \(window) (test: \(test.window))")
        }
        if weighting != test.weighting {
            differences.append("\(form.rawValue)-form weights are \(weighting) (test: \(test.weighting))")
        }
        if ranksEveryModel {
            let left = GrowthModelCatalogue.models(of: form).map(\.id).filter { !(HypothesisTest.testedModels[form] ?? []).contains($0) }
            if !left.isEmpty {
                differences.append("it also ranks \(left.map(\.rawValue).joined(separator: ", ")), which the test leaves out")
            }
        }
        guard !differences.isEmpty else { return nil }
        return "note: gdpfit \(command) differs from gdpfit test's defaults: " + differences.joined(separator: "; ")
            + " (--from -10000 --to 1950 --weights gap match the test's data)"
    }

    static func print(command: String, window: YearWindow, weighting: Weighting, form: ModelForm, ranksEveryModel: Bool = false, quiet: Bool) throws {
        guard !quiet, let note = text(command: command, window: window, weighting: weighting, form: form, ranksEveryModel: ranksEveryModel)
        else { return }
        try printError(note)
    }
}
