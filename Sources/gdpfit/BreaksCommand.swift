import ArgumentParser
import Fitting
import Foundation
import GrowthModels

struct BreaksCommand: TextReportCommand {
    static let configuration = CommandConfiguration(
        commandName: "breaks",
        abstract: "Find growth modes: piecewise-exponential paths with 0 to N break years, chosen by BIC.",
        discussion: """
            ln y is fitted as a separate straight line on each segment (Hanson 2000's growth modes). For \
            each number of breaks the break years minimising the total RSS are found exactly by dynamic \
            programming; the number of breaks is then chosen by BIC, counting two parameters per segment, \
            one per break year and the error variance. Each segment has at least 3 observations.

            --group COLUMN searches every group of a long (panel) CSV file: the best path's segments, with \
            the group, its status and its number of breaks in front (JSON: each group's breaks object under \
            `result`; exit 65 only when no group can be searched); --where COLUMN=VALUE keeps the rows that \
            match.

            Examples:
              gdpfit breaks delong-1998 --from -10000 --to 1950
              gdpfit breaks roodman-2020 --max-breaks 2 --format json
            """
    )

    @OptionGroup var series: SeriesOptions

    @Option(name: .customLong("max-breaks"), parsing: .unconditional, help: "The most breaks tried (0 to \(CountLimits.breaks); default: 3).",
            transform: WholeNumber.parser(0...CountLimits.breaks))
    var maxBreaks = 3

    @OptionGroup var weightOptions: WeightOptions
    @OptionGroup var output: OutputOptions

    func run() throws { try output.emit(report()) }

    func report() throws -> String {
        if let panel = try series.loadPanel(extraColumns: weightOptions.extraColumns, quiet: output.quiet) {
            let outcomes: [GroupOutcome<GrowthModes>]
            do {
                outcomes = try PanelAnalysis.growthModes(
                    panel, window: series.window, weighting: weightOptions.weighting(for: .level), maxBreaks: maxBreaks)
            } catch {
                throw CommandFailure(error.description, exitStatus(for: error))
            }
            if let failure = PanelRendering.noGroupAnalysed(outcomes, source: panel.source, verb: "searched") { throw failure }
            return try PanelRendering.renderGrowthModes(outcomes, groupColumn: panel.groupColumn, format: output.format)
        }
        let loaded = try series.load(extraColumns: weightOptions.extraColumns, quiet: output.quiet)
        let window = series.window
        let modes: GrowthModes
        do {
            let sample = try ModelSample.level(loaded, window: window, weighting: weightOptions.weighting(for: .level))
            modes = try GrowthModeSearch.search(sample, maxBreaks: maxBreaks)
        } catch {
            throw CommandFailure(error.description, exitStatus(for: error))
        }
        return try BreaksRendering.render(modes, title: loaded.name, format: output.format)
    }
}

enum BreaksRendering {
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
