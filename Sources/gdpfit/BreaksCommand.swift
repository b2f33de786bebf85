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

            --group COLUMN searches every group of a long (panel) CSV file: the best path's segments, with \
            the group, its status and its number of breaks in front (JSON: each group's breaks object under \
            `result`; exit 65 only when no group can be searched); --where COLUMN=VALUE keeps the rows that \
            match.

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
        try output.emit(output.rendering { try report() })
        // Said after the output, and only when it succeeded: an error stays one line.
        try TestDefaultsNote.print(
            command: "breaks", window: series.window, weighting: weightOptions.weighting(for: .level), form: .level, quiet: output.quiet)
    }

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
        var table = TextTable(
            header: [TableColumn("from", key: "from_year"), TableColumn("to", key: "to_year"), "n",
                     TableColumn("growth rate /yr", key: "growth_rate_per_year"), "doubling time (yr)"],
            leftAligned: [],
            caption: "Phases of the continuous path with \(path.breakCount) break\(path.breakCount == 1 ? "" : "s") "
                + "(years BCE negative in CSV)",
            label: "breaks-phases")
        let bounds = [first] + path.breakYears + [last]
        for (j, rate) in path.phaseGrowthRates.enumerated() {
            table.add([
                breakYearCell(bounds[j]), breakYearCell(bounds[j + 1]), .count(path.segmentObservations[j]),
                .number(rate, digits: 4), .number(log(2) / rate, digits: 4),
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

    /// A break year: `breakYear`'s text for people, the signed year for programs.
    static func breakYearCell(_ year: Double) -> TableCell {
        TableCell(text: breakYear(year), value: NumberFormat.significant(year, digits: 15), isNumber: false)
    }

    static func render(_ paths: ContinuousGrowthPaths, title: String, format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try JSONOutput.encode(paths)
        case .csv, .markdown, .latex, .table:
            let most = paths.paths.map(\.breakCount).max() ?? 0
            var summary = TextTable(
                header: ["breaks", .text("break years", audience: .people)]
                    + (0..<most).map { TableColumn("break \($0 + 1)", audience: .programs) }
                    + ["RSS", TableColumn("K", key: "k"), "BIC", TableColumn("mBIC", key: "mbic"),
                       TableColumn("ΔmBIC", key: "delta_mbic"), .text("chosen with cap", audience: .people),
                       TableColumn("smallest cap choosing it", key: "smallest_cap_choosing_it", audience: .programs)],
                leftAligned: [1],
                caption: "Continuous piecewise-exponential paths by number of breaks, ranked by modified BIC (Zhang and Siegmund 2007)",
                label: "breaks-paths")
            let best = paths.best.modifiedBIC
            for path in paths.paths {
                let caps = paths.bestBreakCountByCap.indices.filter { paths.bestBreakCountByCap[$0] == path.breakCount }
                var cells: [TableCell] = [.count(path.breakCount), TableCell(path.breakYears.map(breakYear).joined(separator: ", "))]
                cells += (0..<most).map { $0 < path.breakYears.count ? breakYearCell(path.breakYears[$0]) : .empty }
                cells += [.number(path.rss, digits: 5), .count(path.criteria.k), .number(path.criteria.bic, digits: 6),
                          .number(path.modifiedBIC, digits: 6), .fixed(path.modifiedBIC - best, decimals: 2),
                          TableCell(caps.isEmpty ? "" : caps.count == 1 ? String(caps[0]) : "\(caps.first!) to \(caps.last!)"),
                          .count(caps.first)]
                summary.add(cells)
            }
            let chosen = "Best by modified BIC (Zhang & Siegmund 2007): \(paths.bestBreakCount) break\(paths.bestBreakCount == 1 ? "" : "s")"
            let phases = phaseTable(paths.best, first: paths.firstYear, last: paths.lastYear)
            switch format {
            case .csv:
                return TableRendering.render(continuousLongTable(paths), format: format)
            case .table:
                return [title, "", summary.render(), chosen, "", phases.render()].joined(separator: "\n")
            default:
                return ([TableRendering.render(summary, format: format)] + TableRendering.prose(["", chosen, ""], format: format)
                    + [TableRendering.render(phases, format: format)]).joined(separator: "\n")
            }
        }
    }

    /// `breaks --format csv` of continuous paths: one row per phase of every path tried, with the
    /// path's break count, whether the modified BIC chose it (`chosen` 1 or 0) and its statistics
    /// repeated on each of its rows (tidy: filter `chosen == 1` for the best path's phases, or take
    /// one row per `breaks` for the table of paths).
    static func continuousLongTable(_ paths: ContinuousGrowthPaths) -> TextTable {
        var table = TextTable(
            header: ["breaks", "chosen", "phase", TableColumn("from", key: "from_year"), TableColumn("to", key: "to_year"), "n",
                     TableColumn("growth rate /yr", key: "growth_rate_per_year"), "doubling time (yr)", "RSS", TableColumn("K", key: "k"),
                     "BIC", TableColumn("mBIC", key: "mbic"), TableColumn("ΔmBIC", key: "delta_mbic"),
                     TableColumn("smallest cap choosing it", key: "smallest_cap_choosing_it")],
            leftAligned: [], caption: "Phases of every continuous path tried", label: "breaks-paths")
        let best = paths.best.modifiedBIC
        for path in paths.paths {
            let bounds = [paths.firstYear] + path.breakYears + [paths.lastYear]
            let cap = paths.bestBreakCountByCap.indices.first { paths.bestBreakCountByCap[$0] == path.breakCount }
            for (j, rate) in path.phaseGrowthRates.enumerated() {
                table.add([
                    .count(path.breakCount), .count(path.breakCount == paths.bestBreakCount ? 1 : 0), .count(j + 1),
                    breakYearCell(bounds[j]), breakYearCell(bounds[j + 1]), .count(path.segmentObservations[j]),
                    .number(rate, digits: 4), .number(log(2) / rate, digits: 4), .number(path.rss, digits: 5),
                    .count(path.criteria.k), .number(path.criteria.bic, digits: 6), .number(path.modifiedBIC, digits: 6),
                    .fixed(path.modifiedBIC - best, decimals: 2), .count(cap),
                ])
            }
        }
        return table
    }

    /// `breaks --discontinuous --format csv`: one row per segment of every path tried, with the
    /// path's break count, whether BIC chose it (`chosen` 1 or 0) and its statistics repeated.
    static func discontinuousLongTable(_ modes: GrowthModes) -> TextTable {
        var table = TextTable(
            header: ["breaks", "chosen", "segment", TableColumn("from", key: "from_year"), TableColumn("to", key: "to_year"), "n",
                     TableColumn("growth rate /yr", key: "growth_rate_per_year"), "doubling time (yr)",
                     TableColumn("segment RSS", key: "segment_rss"), TableColumn("path RSS", key: "path_rss"), TableColumn("K", key: "k"),
                     "BIC", TableColumn("ΔBIC", key: "delta_bic")],
            leftAligned: [], caption: "Segments of every growth-mode path tried", label: "breaks-segments")
        let best = modes.best.criteria.bic
        for path in modes.paths {
            for (j, segment) in path.segments.enumerated() {
                table.add([
                    .count(path.breakCount), .count(path.breakCount == modes.bestBreakCount ? 1 : 0), .count(j + 1),
                    .year(segment.fromYear), .year(segment.toYear), .count(segment.observations),
                    .number(segment.rate, digits: 4), .number(segment.doublingTime, digits: 4), .number(segment.rss, digits: 4),
                    .number(path.rss, digits: 5), .count(path.criteria.k), .number(path.criteria.bic, digits: 6),
                    .fixed(path.criteria.bic - best, decimals: 2),
                ])
            }
        }
        return table
    }

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
            return TableRendering.render(discontinuousLongTable(modes), format: format)
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
