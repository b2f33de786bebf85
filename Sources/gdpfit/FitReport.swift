import Fitting
import Foundation
import GrowthModels

/// A fit as the command line reports it: the JSON object of `gdpfit fit --format json`, and the
/// source of every other format. Keys fixed by the fitting-engine issue (model, n, parameters,
/// rss, log_likelihood, aic, aicc, bic, converged, status, iterations) stay stable; the others are
/// additions.
struct FitReport: Encodable {
    struct Parameter: Encodable {
        var name: String
        var value: Double
        var stderr: Double

        /// A fit's parameters with their standard errors, in order.
        static func list(_ fit: FitResult) -> [Parameter] {
            zip(fit.parameterNames, zip(fit.parameters, fit.standardErrors)).map {
                Parameter(name: $0, value: $1.0, stderr: $1.1)
            }
        }
    }
    struct Window: Encodable {
        var from: Double?
        var to: Double?
        var firstObservation: Double?
        var lastObservation: Double?
        enum CodingKeys: String, CodingKey {
            case from, to, firstObservation = "first_observation", lastObservation = "last_observation"
        }
    }

    /// One observation as fitted, after R's `broom::augment`: the model's response (ln y in the
    /// level form, the interval growth rate in the growth form, the response column of a formula
    /// fit), its fitted value, the residual response − fitted (unweighted) and the weight (1 when
    /// unweighted). Series fits also give the year (the interval's start year in the growth form,
    /// with `end_year`) and the series' level (at that year); formula fits on columns have neither.
    struct Observation: Encodable {
        @NullEncoded var year: Double?
        var endYear: Double?
        @NullEncoded var level: Double?
        var response: Double
        var fitted: Double
        var residual: Double
        var weight: Double
        enum CodingKeys: String, CodingKey {
            case year, level, response, fitted, residual, weight, endYear = "end_year"
        }

        static func list(_ fit: FitResult, sample: ModelSample?) -> [Observation] {
            fit.fitted.indices.map { i in
                Observation(
                    year: sample.map { $0.years[i] }, endYear: sample?.endYears.map { $0[i] }, level: sample.map { $0.levels[i] },
                    response: sample.map { $0.response[i] } ?? fit.fitted[i] + fit.residuals[i], fitted: fit.fitted[i], residual: fit.residuals[i],
                    weight: fit.weights?[i] ?? 1)
            }
        }
    }

    var model: String
    @NullEncoded var formula: String?
    @NullEncoded var dataset: String?
    @NullEncoded var series: String?
    @NullEncoded var form: String?
    @NullEncoded var window: Window?
    var weights: String
    var n: Int
    var p: Int
    var k: Int
    var degreesOfFreedom: Int
    var parameters: [Parameter]
    var derived: [Parameter]
    var rss: Double
    var residualStandardError: Double
    var logLikelihood: Double
    var aic: Double
    @NullEncoded var aicc: Double?
    var bic: Double
    var rSquared: Double
    var converged: Bool
    var status: String
    var iterations: Int
    var functionEvaluations: Int
    var jacobianEvaluations: Int
    var correlation: [[Double]]
    /// Each observation with its fitted value and residual.
    var observations: [Observation]
    var intervals: [IntervalReport]?
    /// The limit of the model family the least squares ran into ("exponential_limit",
    /// "degenerate"), absent for a minimum inside the family.
    var limit: GrowthModelLimit?

    init(_ fit: FitResult, model: String, dataset: String?, window: Window?, derived: [DerivedQuantity],
         formula: String? = nil, series: String? = nil, form: String? = nil, weights: String? = nil) {
        self.model = model
        self.formula = formula
        self.dataset = dataset
        self.series = series
        self.form = form
        self.window = window
        self.weights = weights ?? (fit.weights == nil ? "none" : "given")
        n = fit.n
        p = fit.p
        k = fit.criteria.k
        degreesOfFreedom = fit.degreesOfFreedom
        parameters = Parameter.list(fit)
        self.derived = derived.map { Parameter(name: $0.name, value: $0.value, stderr: $0.standardError) }
        rss = fit.rss
        residualStandardError = fit.residualVariance.squareRoot()
        logLikelihood = fit.logLikelihood
        aic = fit.aic
        aicc = fit.aicc
        bic = fit.bic
        rSquared = fit.rSquared
        converged = fit.converged
        status = fit.status.rawValue
        iterations = fit.iterations
        functionEvaluations = fit.functionEvaluations
        jacobianEvaluations = fit.jacobianEvaluations
        correlation = fit.correlation.rows
        observations = Observation.list(fit, sample: nil)
    }

    init(_ fit: GrowthModelFit, dataset: String) {
        let sample = fit.sample
        self.init(
            fit.fit, model: fit.model.description, dataset: dataset,
            window: Window(from: sample.window.from, to: sample.window.to, firstObservation: sample.firstYear,
                           lastObservation: sample.lastYear),
            derived: fit.derived, formula: fit.formula, series: sample.seriesName, form: fit.form.rawValue,
            weights: sample.weighting.description)
        limit = fit.limit
        if sample.count == fit.fit.fitted.count { observations = Observation.list(fit.fit, sample: sample) }
    }

    enum CodingKeys: String, CodingKey {
        case model, formula, dataset, series, form, window, weights, n, p, k, parameters, derived, rss, aic, aicc, bic
        case converged, status, iterations, correlation, intervals, limit, observations
        case degreesOfFreedom = "degrees_of_freedom", residualStandardError = "residual_standard_error"
        case logLikelihood = "log_likelihood", rSquared = "r_squared"
        case functionEvaluations = "function_evaluations", jacobianEvaluations = "jacobian_evaluations"
    }
}

/// A confidence interval for a parameter or derived quantity, from the bootstrap or the profile
/// likelihood.
/// `lower` and `upper` are always present, null where an end does not exist (a take-off year that
/// is never reached with that probability).
struct IntervalReport: Encodable {
    var name: String
    var method: String
    var level: Double
    @NullEncoded var lower: Double?
    @NullEncoded var upper: Double?
    var note: String?
}

enum FitRendering {
    static func render(_ report: FitReport, format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try JSONOutput.encode(report)
        case .csv:
            return TableRendering.render(dataTable(report), format: format)
        case .markdown, .latex:
            return [parameterTable(report), statisticsTable(report)]
                .map { TableRendering.render($0, format: format) }.joined(separator: "\n")
        case .table:
            return text(report)
        }
    }

    /// The fit's statistics, in order: (CSV name, title people read, cell). The text report's
    /// lines, the Markdown and LaTeX statistics table and the CSV rows all come from this list.
    static func statistics(_ report: FitReport) -> [(key: String, title: String, cell: TableCell)] {
        var rows: [(key: String, title: String, cell: TableCell)] = [
            ("n", "n", .count(report.n)),
            ("K", "K (parameters + error variance)", .count(report.k)),
            ("degrees_of_freedom", "residual degrees of freedom", .count(report.degreesOfFreedom)),
            ("rss", "RSS", .number(report.rss)),
            ("residual_standard_error", "residual SE", .number(report.residualStandardError)),
        ]
        if let r2 = rSquared(report) { rows.append(("r_squared", "R²", .number(r2, digits: 4))) }
        rows += [
            ("log_likelihood", "log-likelihood", .number(report.logLikelihood, digits: 7)),
            ("aic", "AIC", .number(report.aic, digits: 7)),
            ("aicc", "AICc", .number(report.aicc, digits: 7)),
            ("bic", "BIC", .number(report.bic, digits: 7)),
            ("iterations", "iterations", .count(report.iterations)),
        ]
        return rows
    }

    /// R², or nil for an intercept-only model (one parameter that is the mean of the response, as
    /// constant growth g = c): its R² is 0 by construction and prints as rounding noise.
    static func rSquared(_ report: FitReport) -> Double? {
        report.p == 1 && abs(report.rSquared) < 1e-12 ? nil : report.rSquared
    }

    /// Markdown and LaTeX: the statistics beside the parameter table, the status in the caption.
    static func statisticsTable(_ report: FitReport) -> TextTable {
        var table = TextTable(
            header: [.text("statistic"), "value"], leftAligned: [0],
            caption: "\(report.model): fit statistics (status: \(report.status)"
                + limitWords(report) + ")",
            label: "fit-statistics")
        for row in statistics(report) { table.add([TableCell(row.title), row.cell]) }
        table.add(["status", TableCell(report.status)])
        return table
    }

    /// Pairs with |r| above this are flagged, as lmfit's `fit_report` does: the data barely tell
    /// the two parameters apart, and their standard errors and intervals are wide together.
    static let strongCorrelation = 0.95

    /// The correlations of the estimates, one line per pair, largest |r| first (as lmfit's
    /// `[[Correlations]]`), pairs above `strongCorrelation` flagged.
    static func correlationLines(names: [String], correlation: [[Double]]) -> [String] {
        guard names.count > 1, correlation.count == names.count else { return [] }
        var pairs: [(String, Double)] = []
        for i in names.indices {
            for j in names.indices where j > i && j < correlation[i].count {
                pairs.append(("C(\(names[i]), \(names[j]))", correlation[i][j]))
            }
        }
        pairs.sort { abs($0.1).isNaN ? false : abs($1.1).isNaN || abs($0.1) > abs($1.1) }
        return ["correlations of the estimates (|r| > \(strongCorrelation) flagged):"] + pairs.map { name, r in
            "  \(name) = " + (r.isNaN ? "NA" : String(format: "%+.3f", r)) + (abs(r) > strongCorrelation ? "   strongly correlated" : "")
        }
    }

    /// The unit of a parameter or derived quantity people read beside its value (years, per year,
    /// a year, or a composite of y, the series' own unit, and years), by its name and the model's;
    /// empty where it is not known (a formula's own parameters).
    static func unit(_ name: String, model: String) -> String {
        switch (model, name) {
        // ln y = a + r t: a is ln y at year 0.
        case ("exponential", "a"): return "ln(y)"
        // g = a + b y: a growth rate and its slope in y.
        case ("linear-growth", "a"): return "per year"
        case ("linear-growth", "b"): return "per year per y"
        // y = C (t* - t)^(-k), so C is in y·yr^k and ln C in its logarithm.
        case ("hyperbolic", "ln_C"): return "ln(y yr^k)"
        case ("proportional-hyperbolic", "ln_C"): return "ln(y yr)"
        // g = s y^B (+ d): s is a rate per unit of y^B.
        case ("power-growth", "s"), ("power-growth-drift", "s"): return "yr^-1 y^-B"
        case ("proportional-growth", "s"): return "yr^-1 y^-1"
        default: break
        }
        switch name {
        case "t_star", "singularity_year", "median_takeoff_year": return "year"
        case "doubling_time", "years_to_singularity": return "years"
        case "r", "c", "growth_rate", "growth_rate_at_end", "d": return "per year"
        case "k", "B", "implied_B", "probability_never_takeoff": return "(none)"
        default: return ""
        }
    }

    /// Why the numbers are not estimates, after the status, or nothing.
    static func limitWords(_ report: FitReport) -> String {
        switch report.limit {
        case .exponential: ", at the exponential limit: not estimates"
        case .degenerate: ", degenerate: not estimates"
        case nil: report.converged ? "" : ", not converged: not estimates"
        }
    }

    /// CSV: one long table, a row per parameter, derived quantity and statistic (kind `statistic`,
    /// no standard error), with the model and the solver's status on every row.
    static func dataTable(_ report: FitReport) -> TextTable {
        var table = parameterTable(report)
        table.header += [.text("model", audience: .programs), .text("status", audience: .programs)]
        table.rows = table.rows.map { $0 + [TableCell(report.model), TableCell(report.status)] }
        let width = table.header.count
        for row in statistics(report) {
            var cells = [TableCell(row.key), "statistic", row.cell]
            cells += [TableCell](repeating: .empty, count: width - 5)
            table.add(cells + [TableCell(report.model), TableCell(report.status)])
        }
        return table
    }

    /// Parameters and derived quantities, with one (lower, upper) pair of columns per interval method.
    static func parameterTable(_ report: FitReport) -> TextTable {
        var methods: [String] = []
        for interval in report.intervals ?? [] where !methods.contains(interval.method) { methods.append(interval.method) }
        let level = report.intervals?.first.map { NumberFormat.significant($0.level * 100, digits: 3) } ?? ""
        var header: [TableColumn] = ["name", "kind", "value", "stderr", .text("unit", audience: .people)]
        for method in methods {
            // "bootstrap BCa (residual)" → "bootstrap BCa"; "profile likelihood" → "profile".
            let short = method.hasPrefix("bootstrap") ? String(method.prefix { $0 != "(" }.dropLast()) : "profile"
            header += [TableColumn("\(short) \(level)% lower", key: TableColumn.snakeCase("\(short) \(level) lower")),
                       TableColumn("\(short) \(level)% upper", key: TableColumn.snakeCase("\(short) \(level) upper"))]
        }
        var table = TextTable(header: header, leftAligned: [0, 1], caption: "\(report.model): estimates", label: "fit-estimates")
        for (kind, rows) in [("parameter", report.parameters), ("derived", report.derived)] {
            for row in rows {
                var cells: [TableCell] = [TableCell(row.name), TableCell(kind), .number(row.value), .number(row.stderr, digits: 3), TableCell(unit(row.name, model: report.model))]
                for method in methods {
                    let interval = report.intervals?.first { $0.name == row.name && $0.method == method }
                    cells += [interval.map { .number($0.lower) } ?? .empty, interval.map { .number($0.upper) } ?? .empty]
                }
                table.add(cells)
            }
        }
        return table
    }

    static func text(_ report: FitReport) -> String {
        var lines: [String] = []
        lines.append("model:     \(report.model)" + (report.formula.map { $0 == report.model ? "" : "   \($0)" } ?? ""))
        if let series = report.series { lines.append("series:    \(series)") }
        if let window = report.window, let first = window.firstObservation, let last = window.lastObservation {
            lines.append("sample:    \(NumberFormat.year(first)) to \(NumberFormat.year(last)), n = \(report.n), weights \(report.weights)")
        } else {
            lines.append("sample:    n = \(report.n), weights \(report.weights)")
        }
        lines.append("status:    \(report.status) after \(report.iterations) iteration\(report.iterations == 1 ? "" : "s")")
        switch report.limit {
        case .exponential:
            lines.append("           AT THE EXPONENTIAL LIMIT: the least squares fall all the way to t* -> infinity, where the")
            lines.append("           hyperbola is the exponential; the exponential fit is the answer. The numbers below are at")
            lines.append("           t* = last year + 10^6 x span, not estimates.")
        case .degenerate:
            lines.append("           DEGENERATE: the least squares fall towards t* -> the last year, where the last observation")
            lines.append("           gets a term of its own and the rest a constant (no growth law). Not estimates.")
        case nil:
            if !report.converged {
                lines.append("           NOT CONVERGED: the numbers below are where the solver stopped, not estimates.")
            }
        }
        lines.append("")
        lines.append(parameterTable(report).render())
        let statistics = Dictionary(uniqueKeysWithValues: statistics(report).map { ($0.key, $0.cell.text) })
        lines.append("RSS \(statistics["rss", default: ""])   residual SE \(statistics["residual_standard_error", default: ""])   "
            + (statistics["r_squared"].map { "R² \($0)   " } ?? "") + "df \(report.degreesOfFreedom)")
        lines.append("log-likelihood \(statistics["log_likelihood", default: ""])   K \(report.k)   "
            + "AIC \(statistics["aic", default: ""])   AICc \(statistics["aicc", default: ""])   BIC \(statistics["bic", default: ""])")
        lines += correlationLines(names: report.parameters.map(\.name), correlation: report.correlation)
        if let intervals = report.intervals {
            for interval in intervals {
                guard let note = interval.note else { continue }
                lines.append(interval.method.hasPrefix("bootstrap") ? "bootstrap: \(note)" : "note: \(interval.name): \(note)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
