import Foundation
import GrowthModels

/// `gdpfit test --data-uncertainty N` in every output format: the share of draws giving each
/// verdict and the quantiles of the test's numbers over the draws (`DataUncertaintyResult`).
/// Rendering only: every number comes from the library's result.
enum DataUncertaintyRendering {
    /// The JSON document.
    struct Document: Encodable {
        var dataUncertainty: [DataUncertaintyResult]
    }

    /// A verdict as a table cell reads it.
    static func words(_ verdict: DrawnVerdict) -> String {
        switch verdict {
        case let .reading(reading): DebateWording.ReadingWords(reading).cell
        case let .preferred(model): model.rawValue
        case .phase(.stableDynamics): "hyperbola"
        case .phase(.phaseTransition): "transition path"
        case .tooFewToGrade: "too few"
        case .failed: "failed"
        }
    }

    /// What a question asks, as its row reads it.
    static func words(_ question: DataUncertaintyQuestion) -> String {
        switch question {
        case .proportionality: "growth: B"
        case .preferredLevelModel: "level: model"
        case .stableVersusPhase: "hyperbola vs path"
        }
    }

    /// A statistic's title.
    static func words(_ statistic: DataUncertaintyStatistic) -> String {
        switch statistic {
        case .exponentB: "B (growth form)"
        case .deltaBICAgainstConstantGrowth: "ΔBIC constant − best law"
        case .deltaBICExponentialMinusHyperbola: "ΔBIC exp − hyperbola"
        case .hyperbolaImpliedB: "B = 1/k (hyperbola)"
        case .deltaBICHyperbolaMinusRival: "ΔBIC hyperbola − path"
        }
    }

    /// A share as a percentage with one decimal.
    static func percent(_ share: Double) -> String { String(format: "%.1f%%", 100 * share) }

    /// The shares table: one row per dataset, era and question, the verdicts given by some draw,
    /// most frequent first (ties in the question's order).
    static func sharesTable(_ results: [DataUncertaintyResult]) -> TextTable {
        var table = TextTable(
            header: [.text("dataset"), .text("era"), .text("verdict on"), .text("on the data"), .text("share of draws giving each verdict")],
            caption: "Data uncertainty: share of draws giving each verdict", label: "test-data-uncertainty-shares")
        table.keyColumns = 2
        for result in results {
            for (index, question) in result.questions.enumerated() {
                let given = question.shares.enumerated().filter { $0.element.draws > 0 }
                    .sorted { ($0.element.draws, -$0.offset) > ($1.element.draws, -$1.offset) }.map(\.element)
                table.add([
                    index == 0 ? TableCell(result.dataset) : .empty, TableCell(question.era.name), TableCell(words(question.question)),
                    TableCell(words(question.onData)),
                    TableCell(given.map { "\(words($0.verdict)) \(percent($0.share))" }.joined(separator: ", ")),
                ])
            }
        }
        return table
    }

    /// The quantiles table: one row per dataset, era and statistic.
    static func quantilesTable(_ results: [DataUncertaintyResult]) -> TextTable {
        var table = TextTable(
            header: [.text("dataset"), .text("era"), .text("statistic"), "on the data", "5%", "50%", "95%", "draws"],
            caption: "Data uncertainty: 5%, 50% and 95% quantiles over the graded draws", label: "test-data-uncertainty-quantiles")
        table.keyColumns = 2
        for result in results {
            var first = true
            for question in result.questions {
                for q in question.quantiles {
                    table.add([
                        first ? TableCell(result.dataset) : .empty, TableCell(question.era.name), TableCell(words(q.statistic)),
                        .number(q.onData, digits: 3), .number(q.q05, digits: 3), .number(q.q50, digits: 3), .number(q.q95, digits: 3),
                        .count(q.draws),
                    ])
                    first = false
                }
            }
        }
        return table
    }

    /// `--format csv`: one long table, a row per number (docs/output-formats.md).
    static func longTable(_ results: [DataUncertaintyResult]) -> TextTable {
        var table = TextTable(header: [
            .text("dataset"), "noise scale", "seed", .text("era"), .text("form"), .text("question"), .text("source"),
            .text("statistic"), .text("verdict"), "quantile", "value", "draws",
        ])
        for result in results {
            let dataset = TableCell(result.dataset), scale = TableCell.number(result.noiseScale)
            let seed = TableCell(text: String(result.seed), value: String(result.seed), isNumber: true)
            table.add([dataset, scale, seed, .empty, .empty, .empty, "draws", "failed_draws", .empty, .empty,
                       .count(result.failedDraws), .count(result.draws)])
            for question in result.questions {
                let prefix = [dataset, scale, seed, TableCell(question.era.name), TableCell(question.question.form.rawValue),
                              TableCell(question.question.rawValue)]
                table.add(prefix + ["data", "verdict", TableCell(question.onData.description), .empty, .empty, .empty])
                for share in question.shares {
                    table.add(prefix + ["draws", "share", TableCell(share.verdict.description), .empty,
                                        .number(share.share, digits: 6), .count(share.draws)])
                }
                for q in question.quantiles {
                    let statistic = TableCell(q.statistic.rawValue)
                    table.add(prefix + ["data", statistic, .empty, .empty, .number(q.onData), .empty])
                    for (u, value) in [(0.05, q.q05), (0.5, q.q50), (0.95, q.q95)] {
                        table.add(prefix + ["draws", statistic, .empty, .number(u), .number(value), .count(q.draws)])
                    }
                }
            }
        }
        return table
    }

    /// What the draws are, for the text and Markdown reports.
    static func caption(_ results: [DataUncertaintyResult]) -> String {
        let draws = results.first?.draws ?? 0, scale = results.first?.noiseScale ?? 1, seed = results.first?.seed ?? 1
        return "\(draws) draws per dataset (seed \(seed)): every observation redrawn on ln y, uniformly between "
            + "the bounds of its source's band where it has one, else ln y + \(NumberFormat.significant(scale, digits: 3)) "
            + "× sd(t) × N(0, 1) with sd(t) Roodman's spline; every verdict of the test recomputed on each draw "
            + "(no bootstrap, no side rivals). The shares count every draw: a draw without a verdict is 'failed'. "
            + "Quantiles are over the draws whose era is graded (type 7)."
    }

    /// Per dataset: where the draws come from, the years kept fixed, the failed draws.
    static func notes(_ results: [DataUncertaintyResult]) -> [String] {
        results.map { result in
            var parts = ["\(result.dataset): \(result.bandObservations) observation\(result.bandObservations == 1 ? "" : "s") "
                + "drawn from the band, \(result.splineObservations) from the spline"]
            if !result.fixedYears.isEmpty {
                parts.append(result.fixedYears.map(NumberFormat.year).joined(separator: ", ")
                    + " kept at the value given (a lower bound of 0 cannot be logged)")
            }
            parts.append("\(result.failedDraws) of \(result.draws) draws failed")
            return parts.joined(separator: "; ")
        }
    }

    /// `text` broken at spaces into lines of at most `width` characters, the first after `first`,
    /// the others after `rest`.
    static func wrapped(_ text: String, first: String, rest: String, width: Int) -> [String] {
        var lines: [String] = [], line = first
        for word in text.split(separator: " ") {
            let prefix = line == first || line == rest ? "" : " "
            if line.count + prefix.count + word.count > width, line != first, line != rest {
                lines.append(line)
                line = rest + word
            } else {
                line += prefix + word
            }
        }
        return lines + [line]
    }

    static func render(_ results: [DataUncertaintyResult], format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try JSONOutput.encode(Document(dataUncertainty: results))
        case .csv:
            return TableRendering.render(longTable(results), format: format)
        case .latex:
            return [TableRendering.render(sharesTable(results), format: format),
                    TableRendering.render(quantilesTable(results), format: format)].joined(separator: "\n")
        case .table, .markdown:
            let style = ProseStyle(format)
            // The text report keeps every line within a terminal's 100 columns; Markdown reflows.
            let width = format == .table ? 100 : Int.max
            var lines = [style.heading(markdown: "### Data-uncertainty Monte Carlo", text: "== Data-uncertainty Monte Carlo"), ""]
            lines += wrapped(caption(results), first: style.paragraphIndent, rest: style.paragraphIndent, width: width) + [""]
            lines += notes(results).flatMap { wrapped($0, first: style.item, rest: String(repeating: " ", count: style.item.count + 2), width: width) }
            lines.append("")
            lines.append(TableRendering.render(sharesTable(results), format: format))
            lines.append(TableRendering.render(quantilesTable(results), format: format))
            return lines.joined(separator: "\n")
        }
    }
}
