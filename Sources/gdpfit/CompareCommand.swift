import ArgumentParser
import Fitting
import Foundation
import GrowthModels

struct CompareCommand: TextReportCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Fit every model of a form in each era and rank them by AICc and BIC.",
        discussion: """
            Eras are cut at the --split years (each split year starts a new era); the whole window is \
            always compared too. Within an era every model is fitted to the same observations, so their \
            information criteria are comparable; level and growth models are never ranked together.

            The growth form also reports the nested likelihood-ratio and F tests of constant growth \
            inside power growth (B = 0) and inside linear growth (b = 0). The level form reports a \
            parametric bootstrap test of exponential against hyperbolic growth with --bootstrap N (the \
            chi-square reference is invalid for that pair), and always Vuong's non-nested test of the pair, \
            raw and BIC-corrected.

            The level form also fits Roodman's (2020) stochastic hyperbolic model (stochastic-hyperbolic, see \
            `gdpfit fit --help`) to each era's observations, weighted by roodman or a column when --weights \
            names one and unweighted otherwise. Its likelihood is of y's transition densities, a different \
            response: it is shown in a section of its own with its lnL, AIC, BIC, B, median take-off year \
            and diagnostics, and never ranked against the least-squares models. Every format carries its rows: \
            table and markdown in a section after the ranking, latex as a table float of its own (notes as % \
            comments), json as each era's `stochastic` object, and csv as rows after the ranked ones and the \
            tests under one header, the union of the tables' columns: an empty cell is a value that does not \
            apply to the row (docs/output-formats.md). Never compare lnL, AIC or BIC across the two kinds of \
            row. An era the model cannot be fitted to has no stochastic row; every format but csv says why.

            Every format carries the tests: table as lines under the ranking; markdown, latex and csv as a \
            table with a row per test (statistic, degrees of freedom, p-value; B's estimate, profile interval \
            and reading; the bootstrap's replicates and seed).

            --group COLUMN compares every group of a long (panel) CSV file (groups in parallel; the \
            bootstrap seeded as for one series): the ranking rows get the group and its status in front \
            (ok, or too_few_observations, no_data, invalid_data or failed with the reason), the text report \
            each group's winner and test lines, JSON each group's compare object under `result`. The \
            stochastic model's section is for one series: select it with --where COLUMN=VALUE. The command \
            exits 65 only when no group can be compared.

            Examples:
              gdpfit compare kremer-1993 --split 1700 --form growth --from -10000 --to 1950
              gdpfit compare delong-1998 --split 1 --split 1800 --form level --bootstrap 999 --seed 7
            """
    )

    @OptionGroup var series: SeriesOptions

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("A year that starts a new era (repeatable).", valueName: "year"),
            transform: Year.parse)
    var split: [Year] = []

    @Option(help: "Which models: growth (growth rate over level; default) or level (ln y over year).")
    var form: ModelForm = .growth

    @Option(parsing: .unconditional, help: "Parametric bootstrap replicates for exponential vs hyperbolic (level form), 0 (default) to \(CountLimits.bootstrapReplicates).",
            transform: WholeNumber.parser(0...CountLimits.bootstrapReplicates))
    var bootstrap: Int = 0

    @Option(parsing: .unconditional, help: "Seed of the bootstrap, 0 to 2^64-1 (default: 1): the same seed gives the same numbers on any number of cores.",
            transform: WholeNumber.parser(0...UInt64.max))
    var seed: UInt64 = 1

    @OptionGroup var weightOptions: WeightOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        for (index, year) in split.enumerated() {
            guard series.window.contains(year.value) else {
                throw ValidationError("--split \(NumberFormat.year(year.value)) lies outside the window (\(series.window))")
            }
            guard !split[..<index].contains(year) else { throw ValidationError("--split \(NumberFormat.year(year.value)) is given twice") }
        }
    }

    func run() throws {
        try output.emit(output.rendering { try report() })
        // Said after the output, and only when it succeeded: an error stays one line.
        try TestDefaultsNote.print(
            command: "compare", window: series.window, weighting: weightOptions.weighting(for: form), form: form, ranksEveryModel: true,
            quiet: output.quiet)
    }

    func report() throws -> String {
        if let panel = try series.loadPanel(extraColumns: weightOptions.extraColumns, quiet: output.quiet) {
            return try panelReport(panel)
        }
        let loaded = try series.load(extraColumns: weightOptions.extraColumns, quiet: output.quiet)
        let splits = split.map(\.value)
        let window = series.window
        let comparisons: [FormComparison]
        do {
            let progress = Progress(enabled: !output.quiet && bootstrap > 0)
            progress.report("comparing with \(bootstrap) bootstrap replicates per era…")
            defer { progress.finish() }
            comparisons = try EraComparison.run(
                dataset: series.data, series: loaded, form: form, window: window, splits: splits,
                weighting: weightOptions.weighting(for: form), rateKind: weightOptions.rate,
                bootstrapReplicates: bootstrap, seed: seed)
        } catch {
            throw CommandFailure(error.description, exitStatus(for: error))
        }
        // As `fit` does: a series too short for every model of the form is a data error, not an
        // empty table.
        if comparisons.allSatisfy({ $0.fits.isEmpty }) {
            throw CommandFailure(
                comparisons.lazy.flatMap(\.notes).first ?? "\(loaded.name): too few observations for any \(form.rawValue)-form model",
                ExitStatus.dataError)
        }
        let stochastic = form == .level
            ? StochasticEraRow.rows(comparisons, weighting: weightOptions.weighting(for: .level)) : []
        return try ComparisonRendering.render(comparisons, stochastic: stochastic, title: loaded.name, format: output.format)
    }
}

extension CompareCommand {
    /// Every group of a panel compared (groups in parallel, each group's bootstrap seeded as for one
    /// series), without the stochastic model's section, which `--where` gives for one group.
    func panelReport(_ panel: LoadedPanel) throws -> String {
        let outcomes: [GroupOutcome<[FormComparison]>]
        do {
            let progress = Progress(enabled: !output.quiet)
            progress.report("comparing \(panel.groups.count) groups…")
            defer { progress.finish() }
            outcomes = try PanelAnalysis.comparisons(
                panel, form: form, window: series.window, splits: split.map(\.value), weighting: weightOptions.weighting(for: form),
                rateKind: weightOptions.rate, bootstrapReplicates: bootstrap, seed: seed)
        } catch {
            throw CommandFailure(error.description, exitStatus(for: error))
        }
        if let failure = PanelRendering.noGroupAnalysed(outcomes, source: panel.source, verb: "compared") { throw failure }
        return try PanelRendering.renderComparisons(outcomes, groupColumn: panel.groupColumn, format: output.format)
    }
}

/// Renders era comparisons: a ranked table per era, its tests, and one line saying which model wins.
enum ComparisonRendering {
    struct Row: Encodable {
        var era: String
        var eraRange: String
        var model: String
        var converged: Bool
        var status: String
        var n: Int
        var k: Int
        var logLikelihood: Double
        @NullEncoded var aicc: Double?
        var bic: Double
        @NullEncoded var deltaAICc: Double?
        @NullEncoded var deltaBIC: Double?
        @NullEncoded var akaikeWeight: Double?
        var parameters: [FitReport.Parameter]

        enum CodingKeys: String, CodingKey {
            case era, model, converged, status, n, k, aicc, bic, parameters
            case eraRange = "era_range", logLikelihood = "log_likelihood", deltaAICc = "delta_aicc"
            case deltaBIC = "delta_bic", akaikeWeight = "akaike_weight_aicc"
        }
    }

    static func rows(_ comparison: FormComparison) -> [Row] {
        comparison.fits.map { fit in
            let entry = comparison.comparison?.entries.first { $0.model == fit.model.description && fit.converged }
            return Row(
                era: comparison.era.name, eraRange: comparison.era.range, model: fit.model.description, converged: fit.converged,
                status: fit.fit.status.rawValue, n: fit.fit.n, k: fit.fit.criteria.k, logLikelihood: fit.fit.logLikelihood,
                aicc: fit.fit.aicc, bic: fit.fit.bic, deltaAICc: entry?.deltaAICc, deltaBIC: entry?.deltaBIC,
                akaikeWeight: entry?.akaikeWeightAICc,
                parameters: FitReport.Parameter.list(fit.fit))
        }.sorted { ($0.deltaBIC ?? .infinity) < ($1.deltaBIC ?? .infinity) }
    }

    /// One line: the winner of an era by BIC and its margin.
    static func winnerLine(_ comparison: FormComparison) -> String {
        guard let (model, delta) = comparison.preferred else {
            return "\(comparison.era.name) (\(comparison.era.range)): no comparison (\(comparison.observations) observations"
                + (comparison.notes.first.map { "; \($0)" } ?? "") + ")"
        }
        let margin = delta.map {
            String(format: ", ΔBIC %.1f to the next (%@)", $0, ModelComparison.BICEvidence(deltaBIC: $0).rawValue)
        } ?? ""
        return "\(comparison.era.name) (\(comparison.era.range)): \(model) preferred by BIC\(margin)"
    }

    /// The ranked fits of every era. People read the parameters packed in one cell; CSV has one
    /// column per parameter name, `parameter_` and the name as the model has it (`parameter_B` of
    /// power growth is not linear growth's `parameter_b`; the union over the models, empty where a
    /// model has no such parameter), the era's bounds as numbers and the solver's status.
    static func table(_ comparisons: [FormComparison]) -> TextTable {
        var parameterNames: [String] = []
        for comparison in comparisons {
            for row in rows(comparison) { for p in row.parameters where !parameterNames.contains(p.name) { parameterNames.append(p.name) } }
        }
        var table = TextTable(
            header: [.text("era"), TableColumn("era from", audience: .programs), TableColumn("era before", audience: .programs),
                     .text("model"), .text("status", audience: .programs), "n", TableColumn("K", key: "k"),
                     TableColumn("lnL", key: "log_likelihood"), "AICc", TableColumn("ΔAICc", key: "delta_aicc"),
                     TableColumn("weight", key: "akaike_weight_aicc"), "BIC", TableColumn("ΔBIC", key: "delta_bic"),
                     .text("parameters", audience: .people)]
                + parameterNames.map { TableColumn($0, key: "parameter_" + $0, audience: .programs) },
            caption: "Models ranked by BIC within each era (ΔAICc, Akaike weight and ΔBIC against the era's best)",
            label: "compare-ranking")
        for comparison in comparisons {
            for row in rows(comparison) {
                let parameters = row.parameters.map { "\($0.name)=\(NumberFormat.significant($0.value, digits: 4))" }
                    .joined(separator: " ")
                var cells: [TableCell] = [
                    TableCell(text: "\(row.era) (\(row.eraRange))", value: row.era, isNumber: false),
                    .year(comparison.era.from), .year(comparison.era.before),
                    TableCell(text: row.converged ? row.model : "\(row.model) [not converged]", value: row.model, isNumber: false),
                    TableCell(row.status), .count(row.n), .count(row.k), .number(row.logLikelihood),
                    .number(row.aicc), .fixed(row.deltaAICc, decimals: 2),
                    .fixed(row.akaikeWeight, decimals: 3), .number(row.bic),
                    .fixed(row.deltaBIC, decimals: 2), TableCell(parameters),
                ]
                cells += parameterNames.map { name in row.parameters.first { $0.name == name }.map { .number($0.value) } ?? .empty }
                table.add(cells)
            }
        }
        return table
    }

    /// Every test of every era, one row each: the nested likelihood-ratio and F tests, the exponent
    /// B of power growth with its profile interval and reading (growth form), Vuong's tests and the
    /// parametric bootstrap (level form). The text report words the same values as lines
    /// (`testLines`); Markdown, LaTeX and CSV carry this table.
    static func testTable(_ comparisons: [FormComparison]) -> TextTable {
        var table = TextTable(
            header: [.text("era"), .text("test"), "statistic", .text("df", audience: .people),
                     TableColumn("df1", audience: .programs), TableColumn("df2", audience: .programs),
                     TableColumn("p", key: "p_value"), "estimate", "lower", "upper", .text("detail", audience: .people),
                     .text("reading", audience: .programs), .text("favours", audience: .programs),
                     TableColumn("replicates succeeded", audience: .programs), TableColumn("replicates failed", audience: .programs),
                     TableColumn("seed", audience: .programs), .text("p at floor", audience: .programs)],
            leftAligned: [0, 1, 3, 10], caption: "Tests within each era", label: "compare-tests")
        func row(_ era: TableCell, _ test: String, statistic: Double?, df: [Int] = [], p: TableCell, estimate: TableCell = .empty,
                 lower: TableCell = .empty, upper: TableCell = .empty, detail: String = "", reading: String = "", favours: String = "",
                 succeeded: Int? = nil, failed: Int? = nil, seed: UInt64? = nil, atFloor: Bool? = nil) -> [TableCell] {
            [era, TableCell(test), .number(statistic, digits: 4), TableCell(df.map(String.init).joined(separator: ", ")),
             .count(df.first), .count(df.count > 1 ? df[1] : nil), p, estimate, lower, upper, TableCell(detail),
             TableCell(reading), TableCell(favours), .count(succeeded), .count(failed),
             seed.map { TableCell(text: String($0), value: String($0), isNumber: true) } ?? .empty,
             TableCell(atFloor.map { $0 ? "true" : "false" } ?? "")]
        }
        for comparison in comparisons {
            let era = TableCell(text: "\(comparison.era.name) (\(comparison.era.range))", value: comparison.era.name, isNumber: false)
            for test in comparison.nestedTests {
                table.add(row(era, test.name, statistic: test.statistic, df: test.degreesOfFreedom, p: .pValue(test.pValue)))
            }
            if let test = comparison.proportionality {
                let words = DebateWording.ReadingWords(test.reading)
                let percent = NumberFormat.significant(test.confidenceLevel * 100, digits: 3)
                table.add(row(
                    era, "exponent B of power growth (\(percent)% profile interval)", statistic: nil, p: .empty,
                    estimate: .number(test.exponent, digits: 4), lower: .number(test.lower, digits: 4, missing: "open"),
                    upper: .number(test.upper, digits: 4, missing: "open"), detail: words.verdict, reading: test.reading.rawValue))
            }
            for vuong in comparison.vuongTests {
                let correction = vuong.correction == .none ? "raw" : "\(vuong.correction.rawValue.uppercased())-corrected"
                table.add(row(
                    era, "Vuong z, hyperbolic vs exponential (\(correction))", statistic: vuong.test.statistic, p: .pValue(vuong.test.pValue),
                    detail: vuong.favouredModel.map { "favours \($0)" } ?? "", favours: vuong.favouredModel ?? ""))
            }
            if let b = comparison.bootstrap {
                let p = b.pValue.map {
                    TableCell(text: NumberFormat.monteCarloPValue($0, atFloor: b.pValueAtFloor == true), value: NumberFormat.significant($0, digits: 3), isNumber: false)
                } ?? TableCell(text: "NA", value: "", isNumber: true)
                table.add(row(
                    era, "parametric bootstrap LR, exponential vs hyperbolic", statistic: b.statistic, p: p,
                    detail: "\(b.succeeded) of \(b.replicatesRequested) replicates, \(b.failed) failed, seed \(b.seed)",
                    succeeded: b.succeeded, failed: b.failed, seed: b.seed, atFloor: b.pValueAtFloor))
            }
        }
        return table
    }

    /// Each era's preferred model and its notes, as prose beside the tables of Markdown and LaTeX.
    static func summaryLines(_ comparisons: [FormComparison], format: OutputFormat) -> [String] {
        let style = ProseStyle(format)
        var lines: [String] = []
        for comparison in comparisons {
            lines.append(style.item + winnerLine(comparison))
            lines += comparison.notes.map { style.item + "note: \($0)" }
        }
        return TableRendering.prose(lines, format: format)
    }

    static func testLines(_ comparison: FormComparison) -> [String] {
        var lines = comparison.nestedTests.map { test in
            let df = test.degreesOfFreedom.map(String.init).joined(separator: ", ")
            return "  \(test.name): statistic \(NumberFormat.significant(test.statistic, digits: 4)), df (\(df)), p = \(NumberFormat.pValue(test.pValue))"
        }
        if let test = comparison.proportionality {
            lines.append("  \(DebateWording.ReadingWords(test.reading).verdict): \(VerdictWording.exponent(test))")
        }
        if let variance = comparison.vuongTests.first?.varianceTest {
            lines.append("  Vuong variance test (ω² = 0): n ω̂² = \(NumberFormat.significant(variance.statistic, digits: 4)), "
                + "p = \(NumberFormat.pValue(variance.pValue))"
                + (variance.distinguishable ? "" : ": hyperbolic and exponential are indistinguishable here, z is not read"))
        }
        for vuong in comparison.vuongTests {
            let label = "  Vuong test, hyperbolic vs exponential (\(vuong.correction == .none ? "raw" : "\(vuong.correction.rawValue.uppercased())-corrected")): "
            guard vuong.indistinguishable != true else {
                lines.append(label + "indistinguishable (ω² = 0 not rejected)")
                continue
            }
            lines.append(label
                + "z = \(NumberFormat.significant(vuong.test.statistic, digits: 4)), p = \(NumberFormat.pValue(vuong.test.pValue))"
                + (vuong.favouredModel.map { ", favours \($0)" } ?? ""))
        }
        if let b = comparison.bootstrap {
            lines.append("  parametric bootstrap, exponential vs hyperbolic: LR \(NumberFormat.significant(b.statistic, digits: 4)), "
                + "p \(b.pValue.map { NumberFormat.monteCarloPValue($0, atFloor: b.pValueAtFloor == true) } ?? "NA") (\(b.succeeded) of \(b.replicatesRequested) replicates, \(b.failed) failed, seed \(b.seed))")
        }
        lines += comparison.notes.map { "  note: \($0)" }
        return lines
    }

    /// The JSON object of `gdpfit compare`.
    struct Document: Encodable {
        var series: String
        var eras: [Era]
        struct Era: Encodable {
            var era: String
            var range: String
            var observations: Int
            var preferred: String?
            var models: [Row]
            var tests: [TestResult]
            /// Growth form: B, its profile interval and the tests of B = 0 and B = 1.
            var proportionality: ProportionalityTest?
            var vuongTests: [VuongTest]
            var bootstrap: LikelihoodRatioBootstrapResult?
            var notes: [String]
            /// Not ranked: a different response (absent in the growth form).
            var stochastic: StochasticEraRow?
        }
    }

    /// The JSON document of one series' comparisons.
    static func document(
        _ comparisons: [FormComparison], stochastic: [StochasticEraRow] = [], title: String
    ) -> Document {
        Document(series: title, eras: comparisons.enumerated().map { index, comparison in
            Document.Era(
                era: comparison.era.name, range: comparison.era.range, observations: comparison.observations,
                preferred: comparison.preferred?.model.rawValue, models: rows(comparison), tests: comparison.nestedTests,
                proportionality: comparison.proportionality, vuongTests: comparison.vuongTests, bootstrap: comparison.bootstrap,
                notes: comparison.notes, stochastic: index < stochastic.count ? stochastic[index] : nil)
        })
    }

    /// `stochastic`: the stochastic model per era (level form), shown apart from the ranking.
    static func render(
        _ comparisons: [FormComparison], stochastic: [StochasticEraRow] = [], title: String, format: OutputFormat
    ) throws -> String {
        switch format {
        case .json:
            return try JSONOutput.encode(document(comparisons, stochastic: stochastic, title: title))
        case .markdown, .latex:
            var parts = [TableRendering.render(table(comparisons), format: format), summaryLines(comparisons, format: format).joined(separator: "\n")]
            let tests = testTable(comparisons)
            if !tests.rows.isEmpty { parts.append(TableRendering.render(tests, format: format)) }
            return (parts + StochasticEraRow.section(stochastic, format: format)).joined(separator: "\n")
        case .csv:
            let tables = [table(comparisons), testTable(comparisons)] + (stochastic.isEmpty ? [] : [StochasticEraRow.table(stochastic)])
            return TableRendering.render(TableRendering.outerUnion(tables), format: format)
        case .table:
            var lines = ["\(title)", "", table(comparisons).render()]
            for comparison in comparisons {
                lines.append(winnerLine(comparison))
                lines += testLines(comparison)
            }
            lines += StochasticEraRow.section(stochastic, format: format)
            return lines.joined(separator: "\n")
        }
    }
}
