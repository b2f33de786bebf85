import Fitting
import Foundation
import GrowthModels

/// How a stochastic fit's observations are weighted, for reports: "none", or e.g. "roodman (rescaled
/// to mean 1)" (`StochasticHyperbolicSample` rescales roodman and column weights).
func stochasticWeightingText(_ sample: StochasticHyperbolicSample) -> String {
    switch sample.weighting {
    case .none, .gap: "none"
    case .roodman, .inverseVariance, .column: "\(sample.weighting) (rescaled to mean 1)"
    }
}

/// `gdpfit fit --model stochastic-hyperbolic` as reported: the JSON object, and the source of every
/// other format. It keeps the fixed keys of the least-squares fit JSON (model, n, parameters,
/// rss, log_likelihood, aic, aicc, bic, converged, status, iterations) with their meaning for a
/// likelihood of transition densities: `n` is the number of likelihood terms (observations - 1, the
/// first being conditioned on), `rss` is null (not least squares), K = 4 (σ is a parameter).
struct StochasticFitReport: Encodable {
    /// A derived quantity: `value` null where it does not exist (a median take-off year that is
    /// never reached), `stderr` null where none is computed.
    struct Quantity: Encodable {
        var name: String
        @NullEncoded var value: Double?
        @NullEncoded var stderr: Double?
    }
    struct Test: Encodable {
        var name: String
        var statistic: Double
        var degreesOfFreedom: [Int]
        var pValue: Double
        enum CodingKeys: String, CodingKey { case name, statistic, degreesOfFreedom = "df", pValue = "p_value" }

        init(_ test: TestResult) {
            name = test.name
            statistic = test.statistic
            degreesOfFreedom = test.degreesOfFreedom
            pValue = test.pValue
        }
    }
    struct Diagnostics: Encodable {
        var kolmogorovSmirnov: Test
        var ljungBox: Test
        /// u_i = P(Y_i ≤ y_i | y_(i-1)) for observations 2…n.
        var quantiles: [Double]
        /// Quantiles that could not be computed (then both tests are nan); the key is absent when
        /// every quantile was.
        var unresolvedQuantiles: Int?
        enum CodingKeys: String, CodingKey {
            case quantiles, kolmogorovSmirnov = "kolmogorov_smirnov", ljungBox = "ljung_box"
            case unresolvedQuantiles = "unresolved_quantiles"
        }
    }

    static let formula = "dY = (s Y^(1+B) + d Y) dt + sigma Y^(1+B/2) dW"
    static let likelihood = "exact transition densities of y (Feller diffusion of X = y^-B), conditioned on the first observation"

    var model = StochasticHyperbolicModel.name
    var formula = Self.formula
    var likelihood = Self.likelihood
    var dataset: String
    var series: String
    var window: FitReport.Window
    var weights: String
    var observations: Int
    var n: Int
    var p: Int
    var k: Int
    var parameters: [FitReport.Parameter]
    var derived: [Quantity]
    var intervals: [IntervalReport]
    var logLikelihood: Double
    var aic: Double
    @NullEncoded var aicc: Double?
    var bic: Double
    var converged: Bool
    var status: String
    var iterations: Int
    var functionEvaluations: Int
    var informationPositiveDefinite: Bool
    var correlation: [[Double]]
    var diagnostics: Diagnostics
    /// Not least squares: always null, kept so the fit JSON's fixed keys are all present.
    @NullEncoded var rss: Double? = nil

    enum CodingKeys: String, CodingKey {
        case model, formula, likelihood, dataset, series, window, weights, observations, n, p, k, parameters, derived
        case intervals, rss, aic, aicc, bic, converged, status, iterations, correlation, diagnostics
        case logLikelihood = "log_likelihood", functionEvaluations = "function_evaluations"
        case informationPositiveDefinite = "information_positive_definite"
    }

    /// - Parameters:
    ///   - level: the confidence level of the take-off year interval over parameter draws (the
    ///     report's own, `StochasticHyperbolicReport.medianTakeoffYearInterval`).
    init(_ report: StochasticHyperbolicReport, dataset: String, window: YearWindow, level: Double) {
        let fit = report.fit, data = report.sample
        let e = fit.estimates
        self.dataset = dataset
        series = data.seriesName
        self.window = FitReport.Window(from: window.from, to: window.to, firstObservation: data.years.first,
                                       lastObservation: data.years.last)
        weights = stochasticWeightingText(data)
        observations = data.values.count
        n = report.criteria.n
        p = e.parameters.count
        k = report.criteria.k
        parameters = zip(e.parameterNames, zip(e.parameters, e.standardErrors)).map {
            FitReport.Parameter(name: $0, value: $1.0, stderr: $1.1)
        }
        logLikelihood = report.criteria.logLikelihood
        aic = report.criteria.aic
        aicc = report.criteria.aicc
        bic = report.criteria.bic
        converged = e.converged
        status = e.status.rawValue
        iterations = e.iterations
        functionEvaluations = e.functionEvaluations
        informationPositiveDefinite = e.informationPositiveDefinite
        correlation = e.covariance.correlationFromCovariance().rows
        // `fit` computes the diagnostics (`StochasticHyperbolicSample.fit(diagnosing:)` defaults to
        // them); a fit made without them would report every quantile as not computed, never a number.
        let computed = fit.diagnostics ?? StochasticDiagnostics(notComputedFor: n)
        diagnostics = Diagnostics(
            kolmogorovSmirnov: Test(computed.kolmogorovSmirnov), ljungBox: Test(computed.ljungBox),
            quantiles: computed.quantiles,
            unresolvedQuantiles: computed.unresolvedQuantiles > 0 ? computed.unresolvedQuantiles : nil)

        let takeoff = fit.takeoff
        derived = [
            Quantity(name: "median_takeoff_year", value: takeoff.medianYear, stderr: nil),
            Quantity(name: "probability_never_takeoff", value: takeoff.probabilityNeverTakingOff, stderr: nil),
            Quantity(name: "growth_rate_at_end", value: report.growthRateAtEnd, stderr: report.growthRateAtEndStandardError),
        ]
        let percent = NumberFormat.significant(level * 100, digits: 3) + "%"
        intervals = [IntervalReport(
            name: "median_takeoff_year", method: "take-off distribution at the estimate", level: 0.95,
            lower: takeoff.lowerYear, upper: takeoff.upperYear,
            note: "2.5% and 97.5% points of the take-off year itself under the estimated parameters (the model's own "
                + "randomness, parameters held fixed); null: not reached with that probability")]
        if let drawn = report.medianTakeoffYearInterval {
            intervals.append(IntervalReport(
                name: "median_takeoff_year", method: "parameter draws from the normal approximation", level: drawn.level,
                lower: drawn.lower, upper: drawn.upper,
                note: "\(percent) percentile interval of the median take-off year over \(drawn.draws) draws of (B, s, d, sigma) "
                    + "from N(estimate, inverse observed information), seed \(drawn.seed); \(drawn.drawsNeverReachingMedian) draws "
                    + "never reach the median (null: never)"))
        }
        if let profile = fit.profileIntervalB {
            let open = [profile.lowerOpenReason, profile.upperOpenReason].compactMap { $0 }
            intervals.append(IntervalReport(
                name: "B", method: "profile likelihood", level: profile.confidenceLevel, lower: profile.lower,
                upper: profile.upper, note: open.isEmpty ? nil : "open end (null): " + open.joined(separator: "; ")))
        }
    }
}

enum StochasticFitRendering {
    static func render(_ report: StochasticFitReport, format: OutputFormat) throws -> String {
        switch format {
        case .json: return try JSONOutput.encode(report)
        case .csv: return TableRendering.render(dataTable(report), format: format)
        case .markdown, .latex:
            return [table(report), statisticsTable(report)].map { TableRendering.render($0, format: format) }.joined(separator: "\n")
        case .table: return text(report)
        }
    }

    /// The fit's statistics and diagnostics: (CSV name, title people read, cell), for the Markdown
    /// and LaTeX statistics table and the CSV rows.
    static func statistics(_ report: StochasticFitReport) -> [(key: String, title: String, cell: TableCell)] {
        let ks = report.diagnostics.kolmogorovSmirnov, lb = report.diagnostics.ljungBox
        return [
            ("observations", "observations", .count(report.observations)),
            ("n", "n (transitions)", .count(report.n)),
            ("K", "K", .count(report.k)),
            ("log_likelihood", "log-likelihood", .number(report.logLikelihood, digits: 7)),
            ("aic", "AIC", .number(report.aic, digits: 7)),
            ("aicc", "AICc", .number(report.aicc, digits: 7)),
            ("bic", "BIC", .number(report.bic, digits: 7)),
            ("ks_statistic", "\(ks.name): D", .number(ks.statistic, digits: 4)),
            ("ks_p_value", "\(ks.name): p", .pValue(ks.pValue)),
            ("ljung_box_statistic", "\(lb.name): Q", .number(lb.statistic, digits: 4)),
            ("ljung_box_p_value", "\(lb.name): p", .pValue(lb.pValue)),
            ("iterations", "iterations", .count(report.iterations)),
        ]
    }

    static func statisticsTable(_ report: StochasticFitReport) -> TextTable {
        var table = TextTable(
            header: [.text("statistic"), "value"], leftAligned: [0],
            caption: "\(report.model): fit statistics (status: \(report.status)\(report.converged ? "" : ", not converged: not estimates")); "
                + "a likelihood of y's transition densities, not comparable with least-squares AIC or BIC",
            label: "fit-statistics")
        for row in statistics(report) { table.add([TableCell(row.title), row.cell]) }
        table.add(["status", TableCell(report.status)])
        return table
    }

    /// CSV: the estimates' rows, then one row per statistic (kind `statistic`), with the model and
    /// status on every row.
    static func dataTable(_ report: StochasticFitReport) -> TextTable {
        var table = table(report)
        table.header += [.text("model", audience: .programs), .text("status", audience: .programs)]
        table.rows = table.rows.map { $0 + [TableCell(report.model), TableCell(report.status)] }
        for row in statistics(report) {
            table.add([TableCell(row.key), "statistic", row.cell, .empty, .empty, .empty, .empty, TableCell(report.model), TableCell(report.status)])
        }
        return table
    }

    /// Parameters and derived quantities; B's profile-likelihood interval and the take-off year's
    /// intervals as rows of their own. An end that does not exist reads "open" (or "never") in
    /// the table and is empty in CSV, where `interval` says which interval the row is.
    static func table(_ report: StochasticFitReport) -> TextTable {
        var table = TextTable(
            header: ["name", "kind", "value", "stderr", "lower", "upper", .text("interval")], leftAligned: [0, 1, 6],
            caption: "\(report.model): estimates", label: "fit-estimates")
        for row in report.parameters {
            table.add([TableCell(row.name), "parameter", .number(row.value), .number(row.stderr, digits: 3), .empty, .empty, .empty])
            for interval in report.intervals where interval.name == row.name {
                let percent = NumberFormat.significant(interval.level * 100, digits: 3) + "%"
                table.add([TableCell(row.name), "interval", .empty, .empty, .number(interval.lower, missing: "open"),
                           .number(interval.upper, missing: "open"), TableCell("\(percent), \(interval.method)")])
            }
        }
        for row in report.derived {
            table.add([TableCell(row.name), "derived", value(row), .number(row.stderr, digits: 3), .empty, .empty, .empty])
            for interval in report.intervals where interval.name == row.name {
                let percent = NumberFormat.significant(interval.level * 100, digits: 3) + "%"
                table.add([TableCell(row.name), "interval", .empty, .empty, year(interval.lower, missing: "none"), year(interval.upper, missing: "never"),
                           TableCell("\(percent), \(interval.method)")])
            }
        }
        return table
    }

    static func value(_ quantity: StochasticFitReport.Quantity) -> TableCell {
        guard quantity.name.hasSuffix("_year") else { return .number(quantity.value) }
        return year(quantity.value, missing: "never")
    }

    /// A take-off year rounded to the year, or `missing` where it is not reached (empty in CSV).
    static func year(_ value: Double?, missing: String) -> TableCell {
        .year(value.map { $0.rounded() }, missing: missing)
    }

    static func text(_ report: StochasticFitReport) -> String {
        var lines: [String] = []
        lines.append("model:     \(report.model)   \(report.formula)")
        lines.append("series:    \(report.series)")
        if let first = report.window.firstObservation, let last = report.window.lastObservation {
            lines.append("sample:    \(NumberFormat.year(first)) to \(NumberFormat.year(last)), \(report.observations) observations "
                + "(\(report.n) transitions), weights \(report.weights)")
        }
        lines.append("fitted by: maximum likelihood of the \(report.likelihood)")
        lines.append("status:    \(report.status) after \(report.iterations) iteration\(report.iterations == 1 ? "" : "s")")
        if !report.converged {
            lines.append("           NOT CONVERGED: the numbers below are where the optimiser stopped, not estimates.")
        }
        if !report.informationPositiveDefinite {
            lines.append("           The observed information is not positive definite: no standard errors.")
        }
        lines.append("")
        lines.append(table(report).render())
        lines.append("log-likelihood \(NumberFormat.significant(report.logLikelihood, digits: 7))   K \(report.k)   n \(report.n)   "
            + "AIC \(NumberFormat.significant(report.aic, digits: 7))   AICc \(NumberFormat.significant(report.aicc))   "
            + "BIC \(NumberFormat.significant(report.bic, digits: 7))")
        lines.append("  (a likelihood of y's transition densities: not comparable with the least-squares models' AIC or BIC)")
        let ks = report.diagnostics.kolmogorovSmirnov, lb = report.diagnostics.ljungBox
        lines.append("diagnostics of the quantiles u_i = P(Y_i <= y_i | y_(i-1)), uniform and independent if the model is right:")
        if let unresolved = report.diagnostics.unresolvedQuantiles {
            lines.append("  NOT COMPUTED: \(unresolved) of \(report.diagnostics.quantiles.count) quantiles could not be computed "
                + "(the transition's mixture could not be summed), so neither test is reported")
        }
        lines.append("  \(ks.name): D = \(NumberFormat.significant(ks.statistic, digits: 4)), p = \(NumberFormat.pValue(ks.pValue))")
        lines.append("  \(lb.name): Q = \(NumberFormat.significant(lb.statistic, digits: 4)), "
            + "df \(lb.degreesOfFreedom.map(String.init).joined(separator: ", ")), p = \(NumberFormat.pValue(lb.pValue))")
        for interval in report.intervals {
            if let note = interval.note { lines.append("\(interval.method): \(note)") }
        }
        return lines.joined(separator: "\n")
    }
}

/// One stochastic fit in a row of `compare` or `test`: its own likelihood, information criteria and
/// headline numbers, never ranked against the least-squares models (a different response).
struct StochasticSummary: Encodable {
    var label: String
    var weights: String
    var observations: Int
    var n: Int
    var k: Int
    var converged: Bool
    var status: String
    var logLikelihood: Double
    var aic: Double
    var bic: Double
    var b: Double
    var bStderr: Double
    var medianTakeoffYear: Double?
    var probabilityNeverTakeoff: Double
    var kolmogorovSmirnovPValue: Double
    var ljungBoxPValue: Double
    var parameters: [FitReport.Parameter]
    var ranked = false

    static let caption = "stochastic-hyperbolic (Roodman 2020), maximum likelihood of y's transition densities: "
        + "a different response, so its lnL, AIC and BIC are NOT ranked against the least-squares models"

    init(_ fit: StochasticHyperbolicFit, data: StochasticHyperbolicSample, label: String) {
        let e = fit.estimates
        self.label = label
        weights = stochasticWeightingText(data)
        observations = data.values.count
        n = e.n
        k = e.k
        converged = e.converged
        status = e.status.rawValue
        logLikelihood = e.logLikelihood
        aic = e.aic
        bic = e.bic
        b = fit.parameters.b
        bStderr = e.standardErrors[0]
        medianTakeoffYear = fit.takeoff.medianYear
        probabilityNeverTakeoff = fit.takeoff.probabilityNeverTakingOff
        // NaN (not computed) for a fit made without diagnostics, as for unresolved quantiles.
        kolmogorovSmirnovPValue = fit.diagnostics?.kolmogorovSmirnov.pValue ?? .nan
        ljungBoxPValue = fit.diagnostics?.ljungBox.pValue ?? .nan
        parameters = zip(e.parameterNames, zip(e.parameters, e.standardErrors)).map {
            FitReport.Parameter(name: $0, value: $1.0, stderr: $1.1)
        }
    }

    enum CodingKeys: String, CodingKey {
        case label, weights, observations, n, k, converged, status, aic, bic, parameters, ranked
        case logLikelihood = "log_likelihood", b = "B", bStderr = "B_stderr", medianTakeoffYear = "median_takeoff_year"
        case probabilityNeverTakeoff = "probability_never_takeoff", kolmogorovSmirnovPValue = "ks_p_value"
        case ljungBoxPValue = "ljung_box_p_value"
    }

    /// Column headers of `cells`, after the caller's own leading columns.
    static let header: [TableColumn] = [
        TableColumn("obs", key: "observations"), TableColumn("K", key: "k"), TableColumn("lnL", key: "log_likelihood"), "AIC", "BIC",
        TableColumn("B", key: "b_exponent"), TableColumn("SE(B)", key: "b_stderr"),
        TableColumn("median take-off", key: "median_takeoff_year"), TableColumn("P(never)", key: "probability_never_takeoff"),
        TableColumn("KS p", key: "ks_p_value"), TableColumn("Ljung-Box p", key: "ljung_box_p_value"),
    ]

    var cells: [TableCell] {
        [.count(observations), .count(k), .number(logLikelihood), .number(aic), .number(bic), .number(b, digits: 4),
         .number(bStderr, digits: 3), StochasticFitRendering.year(medianTakeoffYear, missing: "never"),
         .number(probabilityNeverTakeoff, digits: 3), .pValue(kolmogorovSmirnovPValue), .pValue(ljungBoxPValue)]
    }
}

/// The stochastic model in one era of `compare --form level`, or why it is missing there.
struct StochasticEraRow: Encodable {
    var era: String
    var range: String
    @NullEncoded var fit: StochasticSummary?
    @NullEncoded var note: String?

    /// The rows of `StochasticHyperbolicModel.eraFits`, with their outcomes worded.
    static func rows(_ comparisons: [FormComparison], weighting: Weighting) -> [StochasticEraRow] {
        StochasticHyperbolicModel.eraFits(comparisons, weighting: weighting).map { era in
            var row = StochasticEraRow(era: era.era.name, range: era.era.range, fit: nil, note: nil)
            switch era.outcome {
            case .noLevelSample:
                row.note = "no level fit in this era to take the observations from"
            case let .fitted(data, fit):
                row.fit = StochasticSummary(fit, data: data, label: data.label)
                if era.gapWeightsNotApplied { row.note = "unweighted: gap weights do not apply to transition densities" }
            case let .failed(error):
                row.note = error.description
            }
            return row
        }
    }

    static func table(_ rows: [StochasticEraRow]) -> TextTable {
        var table = TextTable(
            header: [.text("era"), .text("model")] + StochasticSummary.header + [.text("status", audience: .programs)],
            leftAligned: [0, 1], caption: StochasticSummary.caption, label: "compare-stochastic")
        for row in rows {
            guard let fit = row.fit else { continue }
            let model = fit.converged ? StochasticHyperbolicModel.name : "\(StochasticHyperbolicModel.name) [not converged: \(fit.status)]"
            table.add([TableCell(text: "\(row.era) (\(row.range))", value: row.era, isNumber: false), TableCell(text: model, value: StochasticHyperbolicModel.name, isNumber: false)]
                + fit.cells + [TableCell(fit.status)])
        }
        return table
    }

    /// The caption, the table and the notes, for the text, Markdown and LaTeX reports (CSV carries
    /// the table's rows after the ranked ones: `ComparisonRendering.render`).
    static func section(_ rows: [StochasticEraRow], format: OutputFormat) -> [String] {
        guard !rows.isEmpty else { return [] }
        var lines = TableRendering.prose(
            ["", ProseStyle(format).heading(markdown: "**\(StochasticSummary.caption).**", text: StochasticSummary.caption + ":"), ""],
            format: format)
        if rows.contains(where: { $0.fit != nil }) {
            lines.append(TableRendering.render(table(rows), format: format))
        }
        let weights = rows.compactMap(\.fit).first.map { "weights \($0.weights); " } ?? ""
        var prose = ["  \(weights)median take-off: the year by which Y reaches infinity with probability 1/2 under the estimate; "
            + "KS and Ljung-Box test the quantiles of each observation given the previous one"]
        for row in rows { if let note = row.note { prose.append("  note: \(row.era) (\(row.range)): \(note)") } }
        return lines + TableRendering.prose(prose, format: format)
    }
}
