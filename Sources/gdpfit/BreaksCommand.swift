import ArgumentParser
import Fitting
import Foundation
import GrowthModels

struct BreaksCommand: TextReportCommand {
    static let configuration = CommandConfiguration(
        commandName: "breaks",
        abstract: "Find phase transitions: piecewise-exponential paths with 0 to N break years.",
        discussion: """
            By default the path is continuous: ln y = a + r t + Σ c_j (t - b_j)+, so the level is \
            continuous at each break and a break costs its year and its change of growth rate. For each \
            number of breaks the break years (anywhere between observations) minimising the RSS are found \
            exactly (docs/hypothesis-test.md); the number of breaks is chosen by Zhang & Siegmund's (2007) \
            modified BIC, mBIC = BIC + m ln n + Σ ln(n_i/n), which charges a searched break year as a \
            change-point location; K = 2m + 3 (intercept, m + 1 rates, m break years, error variance). \
            The table shows the break count chosen under each cap from 0 to --max-breaks.

            --discontinuous fits a separate straight line on each segment instead (Hanson 2000's growth \
            modes: the level jumps at each break), break years by dynamic programming, break count by \
            BIC with K = 2(m + 1) + m + 1. Each segment has at least 3 observations in both.

            Examples:
              gdpfit breaks delong-1998 --from -10000 --to 1950
              gdpfit breaks roodman-2020 --max-breaks 2 --format json
              gdpfit breaks kremer-1993 --discontinuous
            """
    )

    @OptionGroup var series: SeriesOptions

    @Option(name: .customLong("max-breaks"), parsing: .unconditional, help: "The most breaks tried (0 to \(CountLimits.breaks); default: 3).",
            transform: WholeNumber.parser(0...CountLimits.breaks))
    var maxBreaks = 3

    @Flag(help: "Fit each segment separately (the level jumps at breaks), break count by BIC.")
    var discontinuous = false

    @OptionGroup var weightOptions: WeightOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.emit(report())
        // Said after the output, and only when it succeeded: an error stays one line.
        try TestDefaultsNote.print(
            command: "breaks", window: series.window, weighting: weightOptions.weighting(for: .level), form: .level, quiet: output.quiet)
    }

    func report() throws -> String {
        let loaded = try series.load(extraColumns: weightOptions.extraColumns, quiet: output.quiet)
        let window = series.window
        do {
            let sample = try ModelSample.level(loaded, window: window, weighting: weightOptions.weighting(for: .level))
            if discontinuous {
                let modes = try GrowthModeSearch.search(sample, maxBreaks: maxBreaks)
                return try BreaksRendering.render(modes, title: loaded.name, format: output.format)
            }
            let paths = try ContinuousGrowthPathSearch.search(sample, maxBreaks: maxBreaks)
            return try BreaksRendering.render(paths, title: loaded.name, format: output.format)
        } catch let error as AnalysisError {
            throw CommandFailure(error.description, exitStatus(for: error))
        }
    }
}

enum BreaksRendering {
    /// The phases of a continuous path: each phase runs from the previous break year (or the first
    /// observation) to the next (or the last observation).
    static func phaseTable(_ path: ContinuousGrowthPath, first: Double, last: Double) -> TextTable {
        var table = TextTable(header: ["from", "to", "n", "growth rate /yr", "doubling time (yr)"], leftAligned: [])
        let bounds = [first] + path.breakYears + [last]
        for (j, rate) in path.phaseGrowthRates.enumerated() {
            table.add([
                breakYear(bounds[j]), breakYear(bounds[j + 1]), String(path.segmentObservations[j]),
                NumberFormat.significant(rate, digits: 4), NumberFormat.significant(log(2) / rate, digits: 4),
            ])
        }
        return table
    }

    /// A break year to one decimal ("3951.5 BCE", "1676.3"; whole years as `YearText`): breaks fall
    /// anywhere between observations, not on whole years.
    static func breakYear(_ year: Double) -> String {
        let rounded = (year * 10).rounded() / 10
        guard rounded != rounded.rounded() else { return YearText.format(rounded) }
        return rounded < 0 ? String(format: "%.1f BCE", -rounded) : String(format: "%.1f", rounded)
    }

    static func render(_ paths: ContinuousGrowthPaths, title: String, format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try JSONOutput.encode(paths)
        case .csv, .markdown, .latex, .table:
            var summary = TextTable(
                header: ["breaks", "break years", "RSS", "K", "BIC", "mBIC", "ΔmBIC", "chosen with cap"], leftAligned: [1])
            let best = paths.best.modifiedBIC
            for path in paths.paths {
                let caps = paths.bestBreakCountByCap.indices.filter { paths.bestBreakCountByCap[$0] == path.breakCount }
                summary.add([
                    String(path.breakCount), path.breakYears.map(breakYear).joined(separator: ", "),
                    NumberFormat.significant(path.rss, digits: 5), String(path.criteria.k),
                    NumberFormat.significant(path.criteria.bic, digits: 6), NumberFormat.significant(path.modifiedBIC, digits: 6),
                    NumberFormat.fixed(path.modifiedBIC - best, decimals: 2),
                    caps.isEmpty ? "" : caps.count == 1 ? String(caps[0]) : "\(caps.first!) to \(caps.last!)",
                ])
            }
            guard format == .table else { return TableRendering.render(summary, format: format) }
            let bestPath = paths.best
            return [
                title, "", summary.render(),
                "Best by modified BIC (Zhang & Siegmund 2007): \(paths.bestBreakCount) break\(paths.bestBreakCount == 1 ? "" : "s")",
                "", phaseTable(bestPath, first: paths.firstYear, last: paths.lastYear).render(),
            ].joined(separator: "\n")
        }
    }

    static func segmentTable(_ path: GrowthModePath) -> TextTable {
        var table = TextTable(header: ["from", "to", "n", "growth rate /yr", "doubling time (yr)", "RSS"], leftAligned: [])
        for segment in path.segments {
            table.add([
                NumberFormat.year(segment.fromYear), NumberFormat.year(segment.toYear), String(segment.observations),
                NumberFormat.significant(segment.rate, digits: 4), NumberFormat.significant(segment.doublingTime, digits: 4),
                NumberFormat.significant(segment.rss, digits: 4),
            ])
        }
        return table
    }

    static func render(_ modes: GrowthModes, title: String, format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try JSONOutput.encode(modes)
        case .csv, .markdown, .latex:
            return TableRendering.render(segmentTable(modes.best), format: format)
        case .table:
            var summary = TextTable(header: ["breaks", "break years", "RSS", "K", "BIC", "ΔBIC"], leftAligned: [1])
            let best = modes.best.criteria.bic
            for path in modes.paths {
                summary.add([
                    String(path.breakCount), path.breakYears.map(NumberFormat.year).joined(separator: ", "),
                    NumberFormat.significant(path.rss, digits: 5), String(path.criteria.k),
                    NumberFormat.significant(path.criteria.bic, digits: 6), NumberFormat.fixed(path.criteria.bic - best, decimals: 2),
                ])
            }
            return [
                title, "", summary.render(),
                "Best by BIC: \(modes.bestBreakCount) break\(modes.bestBreakCount == 1 ? "" : "s")", "",
                segmentTable(modes.best).render(),
            ].joined(separator: "\n")
        }
    }
}
