import Fitting
import Foundation
import GrowthModels

/// Step 6 of `gdpfit test`: which model forecast best, out of sample, from each cut-off. Each
/// dataset's main series is forecast over the test's window exactly as
/// `gdpfit forecast DATASET --from FROM --to TO --cutoffs … --seed SEED` does (`OutOfSampleForecast`:
/// every model fitted unweighted on ln y through the cut-off, scored by the RMSE of ln y on the later
/// observations), so that the numbers here and there are the same.
struct DatasetForecast: Encodable, Sendable {
    var dataset: String
    /// The forecasts from the cut-offs the series has observations on both sides of; nil when none.
    @NullEncoded var forecast: OutOfSampleForecast?
    /// Cut-offs asked for that this series cannot be scored from, and why a forecast failed.
    var notes: [String]

    /// Forecasts every series from `cutoffs` over `window`, the series in parallel on the seeded
    /// worker threads (each series' forecast depends only on its data and the seed, so the numbers
    /// do not depend on the thread count).
    static func run(
        _ series: [(dataset: String, series: Series)], window: YearWindow, cutoffs: [Double], paths: Int, seed: UInt64
    ) throws -> [DatasetForecast] {
        let threads = try ParallelReplicates.threadCount(requested: nil, replicates: series.count)
        let results = try ParallelReplicates.run(count: series.count, threads: threads) {
            { index in
                let (dataset, data) = series[index]
                let usable = OutOfSampleForecast.scorableCutoffs(cutoffs, of: data, in: window)
                var notes = cutoffs.filter { !usable.contains($0) }.map {
                    "cut-off \(NumberFormat.year($0)) left out: \(dataset) has no observations on both sides of it in \(window)"
                }
                guard !usable.isEmpty else { return DatasetForecast(dataset: dataset, forecast: nil, notes: notes) }
                do throws(AnalysisError) {
                    let forecast = try OutOfSampleForecast.evaluate(data, window: window, cutoffs: usable, paths: paths, seed: seed)
                    return DatasetForecast(dataset: dataset, forecast: forecast, notes: notes)
                } catch {
                    notes.append(error.description)
                    return DatasetForecast(dataset: dataset, forecast: nil, notes: notes)
                }
            }
        }
        return results.compactMap { $0 }
    }

    /// The models in the order of the table's columns, with their short headings (legend below it).
    static let columns: [(rival: ForecastRival, heading: String)] = [
        (.exponential, "exp"), (.hyperbolic, "hyp"), (.proportionalHyperbolic, "prop hyp"), (.growthModes, "modes"),
        (.transitionPath, "trans"), (.stochasticHyperbolic, "stoch"),
    ]

    static func shortName(_ rival: ForecastRival) -> String {
        columns.first { $0.rival == rival }?.heading ?? rival.rawValue
    }

    static let caption = "Out-of-sample forecasts: RMSE of ln y over the observations after each cut-off, each model fitted "
        + "unweighted on ln y from the window's start through the cut-off (the stochastic model: median of its simulated paths)"

    static let legend = "exp: exponential; hyp: hyperbolic (free k); prop hyp: proportional-hyperbolic (k = 1); modes: "
        + "growth-mode path (break count by BIC); trans: transition path (fixed transitions); stoch: stochastic-hyperbolic. "
        + "Blank: not scored (a singularity or a median take-off before the last held-out year, or no fit)."

    /// One row per dataset and cut-off: the best model by RMSE, then every model's RMSE.
    static func table(_ forecasts: [DatasetForecast]) -> TextTable {
        var table = TextTable(
            header: [.text("dataset"), TableColumn("cut-off", key: "cutoff"), TableColumn("n out", key: "held_out"), .text("best")]
                + columns.map { TableColumn($0.heading, key: "rmse_" + $0.rival.rawValue.replacingOccurrences(of: "-", with: "_")) },
            caption: caption, label: "test-forecasts")
        for entry in forecasts {
            for cutoff in entry.forecast?.forecasts ?? [] {
                var cells: [TableCell] = [
                    TableCell(entry.dataset), .year(cutoff.cutoff), .count(cutoff.heldOutYears.count),
                    TableCell(cutoff.best.map(shortName) ?? "none"),
                ]
                for column in columns {
                    let score = cutoff.scores.first { $0.rival == column.rival }
                    cells.append(score?.rmse.map { .number($0, digits: 3) } ?? .empty)
                }
                table.add(cells)
            }
        }
        return table
    }

    /// Heading, caption, table, legend and notes, for the text, Markdown and LaTeX reports.
    static func section(_ forecasts: [DatasetForecast], seed: UInt64, format: OutputFormat) -> [String] {
        guard !forecasts.isEmpty else { return [] }
        let style = ProseStyle(format)
        var lines = TableRendering.prose([
            style.heading(markdown: "### Out-of-sample forecasts", text: "== Out-of-sample forecasts"), "",
            style.paragraphIndent + caption + "; as `gdpfit forecast DATASET` over the test's window with --seed \(seed).", "",
        ], format: format)
        lines.append(TableRendering.render(table(forecasts), format: format))
        var notes = [legend]
        for entry in forecasts {
            notes += entry.notes.map { "note: \(entry.dataset): \($0)" }
        }
        return lines + TableRendering.prose([""] + notes.map { style.item + $0 }, format: format) + [""]
    }

    /// Rows of `test --format csv`'s long table: per dataset, cut-off and model, the RMSE of ln y
    /// (and the stochastic model's log predictive density and CRPS), with the cut-off in the
    /// `split` column, `sweep` "forecast", era "held out", weights "none"; a model not scored has
    /// an empty value and its status. One row per cut-off names the best model
    /// (`best_forecast_by_rmse`, its RMSE as the value).
    static func longRows(_ forecasts: [DatasetForecast], window: YearWindow) -> [[TableCell]] {
        var rows: [[TableCell]] = []
        for entry in forecasts {
            for cutoff in entry.forecast?.forecasts ?? [] {
                func add(_ model: String, _ statistic: String, _ value: TableCell, status: String = "") {
                    rows.append([TableCell(entry.dataset), "forecast", .year(window.from), .year(window.to), .year(cutoff.cutoff),
                                 "none", "held out", "level", TableCell(model), TableCell(statistic), value, "", TableCell(status)])
                }
                add("", "held_out_observations", .count(cutoff.heldOutYears.count))
                for score in cutoff.scores {
                    let status = score.status == .scored ? "" : score.status.rawValue
                    add(score.rival.rawValue, "rmse_ln_y", score.rmse.map { .number($0) } ?? .empty, status: status)
                    if let lpd = score.logPredictiveDensity { add(score.rival.rawValue, "log_predictive_density", .number(lpd)) }
                    if let crps = score.crps { add(score.rival.rawValue, "crps", .number(crps)) }
                }
                if let best = cutoff.best, let rmse = cutoff.scores.first(where: { $0.rival == best })?.rmse {
                    add(best.rawValue, "best_forecast_by_rmse", .number(rmse))
                }
            }
        }
        return rows
    }
}
