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

    func run() throws { try output.emit(output.rendering { try report() }) }

    func report() throws -> String {
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
        var table = TextTable(
            header: [TableColumn("from", key: "from_year"), TableColumn("to", key: "to_year"), "n",
                     TableColumn("growth rate /yr", key: "growth_rate_per_year"), "doubling time (yr)", "RSS"],
            leftAligned: [],
            caption: "Growth modes of the path with \(path.breakCount) break\(path.breakCount == 1 ? "" : "s"): ln y a straight line on "
                + "each segment (years BCE negative in CSV)",
            label: "breaks-segments")
        for segment in path.segments {
            table.add([
                .year(segment.fromYear), .year(segment.toYear), .count(segment.observations),
                .number(segment.rate, digits: 4), .number(segment.doublingTime, digits: 4), .number(segment.rss, digits: 4),
            ])
        }
        return table
    }

    /// Every number of breaks tried, with its break years, RSS and BIC. People read the break
    /// years in one cell; CSV has one column per break (`break_1`, ...; empty past the path's own).
    static func summaryTable(_ modes: GrowthModes) -> TextTable {
        let most = modes.paths.map(\.breakCount).max() ?? 0
        var table = TextTable(
            header: ["breaks", .text("break years", audience: .people)]
                + (0..<most).map { TableColumn("break \($0 + 1)", audience: .programs) }
                + ["RSS", TableColumn("K", key: "k"), "BIC", TableColumn("ΔBIC", key: "delta_bic")],
            leftAligned: [1], caption: "Piecewise-exponential paths by number of breaks, ranked by BIC", label: "breaks-paths")
        let best = modes.best.criteria.bic
        for path in modes.paths {
            var cells: [TableCell] = [.count(path.breakCount), TableCell(path.breakYears.map(NumberFormat.year).joined(separator: ", "))]
            cells += (0..<most).map { $0 < path.breakYears.count ? .year(path.breakYears[$0]) : .empty }
            cells += [.number(path.rss, digits: 5), .count(path.criteria.k), .number(path.criteria.bic, digits: 6),
                      .fixed(path.criteria.bic - best, decimals: 2)]
            table.add(cells)
        }
        return table
    }

    static func render(_ modes: GrowthModes, title: String, format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try JSONOutput.encode(modes)
        case .csv:
            return TableRendering.render(segmentTable(modes.best), format: format)
        case .markdown, .latex:
            let best = TableRendering.prose(
                ["Best by BIC: \(modes.bestBreakCount) break\(modes.bestBreakCount == 1 ? "" : "s")"], format: format)
            return ([TableRendering.render(summaryTable(modes), format: format)] + best
                + [TableRendering.render(segmentTable(modes.best), format: format)]).joined(separator: "\n")
        case .table:
            let summary = summaryTable(modes)
            return [
                title, "", summary.render(),
                "Best by BIC: \(modes.bestBreakCount) break\(modes.bestBreakCount == 1 ? "" : "s")", "",
                segmentTable(modes.best).render(),
            ].joined(separator: "\n")
        }
    }
}
