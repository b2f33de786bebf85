import Foundation
import Fitting

/// One cell of the robustness table: the hypothesis test's headline numbers for one dataset, one
/// window, one split year and one weighting.
public struct RobustnessRow: Codable, Sendable {
    /// Which sweep of the grid a cell belongs to.
    public enum Sweep: String, Codable, Sendable {
        /// Split years × weightings over the test's window.
        case split
        /// Start years × window ends × weightings at the test's split year, compared by BIC only
        /// (no bootstrap), so that the sweep stays fast.
        case window
    }

    public var dataset: String
    public var sweep: Sweep
    /// The cell's window: the test's, or a start year and window end of the window sweep.
    public var window: YearWindow
    public var split: Double
    public var weighting: Weighting
    /// Growth form: the model preferred by BIC per era (nil where no comparison was possible) and its
    /// margin over the next model.
    public var growthPreModern: EraWinner?
    public var growthModern: EraWinner?
    /// Level form: preferred model per era, with the bootstrap p-value of exponential vs hyperbolic.
    public var levelPreModern: EraWinner?
    public var levelModern: EraWinner?
    /// BIC(hyperbolic) - BIC(best growth-mode path) over the whole window; positive favours a
    /// phase transition.
    public var stableVersusPhaseDeltaBIC: Double?

    public struct EraWinner: Codable, Sendable, Equatable {
        public var model: GrowthModelID
        public var deltaBIC: Double?
        public var observations: Int
        /// Level form only: the parametric-bootstrap p-value of exponential against hyperbolic.
        public var bootstrapPValue: Double?
        /// Whether that p-value is at its floor 1/(B + 1) (p is then only bounded by it).
        public var bootstrapPValueAtFloor: Bool?
        /// A model compared has fewer than 3 residual degrees of freedom: not graded.
        public var tooFewToGrade: Bool
        /// Growth form: how B sits against 0 and 1, B itself, and BIC(constant growth) minus the
        /// smallest BIC of the other laws (positive: growth depends on the level).
        public var proportionality: ProportionalityTest.Reading?
        public var exponent: Double?
        public var deltaBICAgainstConstantGrowth: Double?
    }
}

/// Step 5 of the hypothesis test: the same analysis over every dataset × split year × weighting
/// (over the test's window), and over every dataset × start year × window end × weighting (at the
/// test's split year). Garfinkel's (2020) objection is that the earliest figures are the least
/// reliable; the window sweep shows whether a verdict survives dropping them (start years) and
/// whether it depends on where the modern era is cut off (window ends).
public enum RobustnessTable {
    public static let defaultSplits: [Double] = [1, 1000, 1500, 1600, 1700, 1800]
    public static let defaultWeightings: [Weighting] = [.gap, .none]
    /// Start years of the window sweep: 10,000, 8000, 5000, 3000 and 1000 BCE, and 1 CE.
    public static let defaultStartYears: [Double] = [-10000, -8000, -5000, -3000, -1000, 1]
    /// Window ends of the window sweep: the end of Maddison's pre-industrial benchmarks (1820),
    /// 1870, the eve of the First World War (1913) and 1950.
    public static let defaultEndYears: [Double] = [1820, 1870, 1913, 1950]
    /// A further window end for GDP series that reach it (Roodman's GWP runs to 2019).
    public static let gdpEndYear: Double = 2019

    /// The windows of the window sweep for one series: every start year before `split` × every end
    /// after it (plus `gdpEndYear` for a GDP series reaching it). A window holding the same
    /// observations as a window with a later start (a start before the series' first year) is left
    /// out, and so is one with fewer than `HypothesisTest.minimumObservations` observations.
    public static func windows(
        for series: Series, split: Double, startYears: [Double] = defaultStartYears, endYears: [Double] = defaultEndYears
    ) -> [YearWindow] {
        var ends = endYears
        if series.measure == .gdp, let last = series.years.last, last >= gdpEndYear, !ends.contains(gdpEndYear) {
            ends.append(gdpEndYear)
        }
        var windows: [YearWindow] = []
        for end in ends where end > split {
            var seen = Set<[Double]>()
            var kept: [YearWindow] = []
            for start in startYears.sorted(by: >) where start < split {
                let window = YearWindow(from: start, to: end)
                let years = series.years.filter(window.contains)
                guard years.count >= HypothesisTest.minimumObservations, seen.insert(years).inserted else { continue }
                kept.append(window)
            }
            windows += kept.reversed()
        }
        return windows.sorted { ($0.from ?? 0, $0.to ?? 0) < ($1.from ?? 0, $1.to ?? 0) }
    }

    /// - Parameters:
    ///   - series: (dataset name, series) pairs, in table order.
    ///   - startYears, endYears: the window sweep (`windows(for:split:startYears:endYears:)`); empty
    ///     start years leave the sweep out. The cell of the test's own window is not repeated.
    ///   - progress: called after each cell with (cells done, cells in all), from the calling thread.
    public static func run(
        series: [(dataset: String, series: Series)], splits: [Double] = defaultSplits,
        weightings: [Weighting] = defaultWeightings, startYears: [Double] = defaultStartYears,
        endYears: [Double] = defaultEndYears, options: HypothesisTestOptions = HypothesisTestOptions(),
        progress: ((Int, Int) -> Void)? = nil
    ) -> [RobustnessRow] {
        let sweeps = series.map { (dataset, data) in
            (dataset, data, windows(for: data, split: options.split, startYears: startYears, endYears: endYears)
                .filter { !(splits.contains(options.split) && $0 == options.window) })
        }
        let total = sweeps.reduce(0) { $0 + weightings.count * (splits.count + $1.2.count) }
        // The cells, in the order of the table; each is computed on its own (its value depends on its
        // inputs only), so they run on the worker threads of `ParallelReplicates` and the rows are
        // the same on any number of cores.
        var jobs: [(dataset: String, data: Series, sweep: RobustnessRow.Sweep, options: HypothesisTestOptions)] = []
        for (dataset, data, windows) in sweeps {
            for weighting in weightings {
                for split in splits {
                    var cellOptions = options
                    cellOptions.split = split
                    cellOptions.weighting = weighting
                    jobs.append((dataset, data, .split, cellOptions))
                }
            }
            for weighting in weightings {
                for window in windows {
                    var cellOptions = options
                    cellOptions.window = window
                    cellOptions.weighting = weighting
                    cellOptions.bootstrapReplicates = 0
                    jobs.append((dataset, data, .window, cellOptions))
                }
            }
        }
        let cells = jobs
        @Sendable func cell(_ index: Int) -> RobustnessRow {
            let job = cells[index]
            // The grid compares by BIC only: the side rivals (fixed path, mode sums) are left out.
            var cellOptions = job.options
            cellOptions.fitsOtherRivals = false
            var row = RobustnessRow(
                dataset: job.dataset, sweep: job.sweep, window: cellOptions.window, split: cellOptions.split,
                weighting: cellOptions.weighting)
            if let result = try? HypothesisTest.run(dataset: job.dataset, series: job.data, options: cellOptions) {
                row.growthPreModern = winner(result.comparison(.growth, in: .preModern))
                row.growthModern = winner(result.comparison(.growth, in: .modern))
                row.levelPreModern = winner(result.comparison(.level, in: .preModern))
                row.levelModern = winner(result.comparison(.level, in: .modern))
                row.stableVersusPhaseDeltaBIC = result.stableVersusPhase?.deltaBIC
            }
            return row
        }
        let threads = (try? ParallelReplicates.threadCount(requested: nil, replicates: max(jobs.count, 1))) ?? 1
        let computed = (try? ParallelReplicates.run(count: jobs.count, threads: threads) { { index in cell(index) } })
            ?? jobs.indices.map { Optional(cell($0)) }
        let rows = computed.enumerated().map { $0.element ?? cell($0.offset) }
        progress?(rows.count, total)
        return rows
    }

    static func winner(_ comparison: FormComparison?) -> RobustnessRow.EraWinner? {
        guard let comparison, let (model, delta) = comparison.preferred else { return nil }
        return .init(model: model, deltaBIC: delta, observations: comparison.observations,
                     bootstrapPValue: comparison.bootstrap?.pValue, bootstrapPValueAtFloor: comparison.bootstrap?.pValueAtFloor,
                     tooFewToGrade: !comparison.isGradable, proportionality: comparison.proportionality?.reading,
                     exponent: comparison.proportionality?.exponent,
                     deltaBICAgainstConstantGrowth: comparison.deltaBICAgainstConstantGrowth)
    }
}

extension RobustnessRow {
    init(dataset: String, sweep: Sweep, window: YearWindow, split: Double, weighting: Weighting) {
        self.dataset = dataset
        self.sweep = sweep
        self.window = window
        self.split = split
        self.weighting = weighting
    }
}

/// A verdict of one robustness cell, as the summary counts it.
public enum RobustnessVerdict: Hashable, Sendable, Encodable {
    /// Growth form: how B sits against 0 and 1.
    case reading(ProportionalityTest.Reading)
    /// Level form: the model preferred by BIC.
    case preferred(GrowthModelID)
    /// Whole window: the growth-mode path beats the hyperbola by BIC (ΔBIC > 0).
    case phaseTransition
    /// Whole window: the hyperbola beats (or ties) the growth-mode path.
    case singleLaw
    /// No verdict: too few observations to grade, or no comparison possible.
    case notGraded

    /// Encoded as one name: the reading's or model's own, or "phase_transition", "single_law",
    /// "not_graded".
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .reading(reading): try container.encode(reading.rawValue)
        case let .preferred(model): try container.encode(model.rawValue)
        case .phaseTransition: try container.encode("phase_transition")
        case .singleLaw: try container.encode("single_law")
        case .notGraded: try container.encode("not_graded")
        }
    }
}

/// How often each verdict holds across a dataset's robustness cells (both sweeps, every weighting).
public struct RobustnessSummary: Encodable, Sendable {
    /// One verdict and the number of cells giving it.
    public struct Tally: Encodable, Sendable, Equatable {
        public var verdict: RobustnessVerdict
        public var cells: Int
    }

    public var dataset: String
    /// The cells counted.
    public var cells: Int
    /// Per column, the verdicts from most to least frequent (ties in order of first appearance).
    public var growthPreModern: [Tally]
    public var growthModern: [Tally]
    public var levelPreModern: [Tally]
    public var levelModern: [Tally]
    public var stableVersusPhase: [Tally]

    /// One summary per dataset, in the rows' order.
    public static func of(_ rows: [RobustnessRow]) -> [RobustnessSummary] {
        var order: [String] = []
        var byDataset: [String: [RobustnessRow]] = [:]
        for row in rows {
            if byDataset[row.dataset] == nil { order.append(row.dataset) }
            byDataset[row.dataset, default: []].append(row)
        }
        return order.map { dataset in
            let cells = byDataset[dataset] ?? []
            return RobustnessSummary(
                dataset: dataset, cells: cells.count,
                growthPreModern: tally(cells.map { growthVerdict($0.growthPreModern) }),
                growthModern: tally(cells.map { growthVerdict($0.growthModern) }),
                levelPreModern: tally(cells.map { levelVerdict($0.levelPreModern) }),
                levelModern: tally(cells.map { levelVerdict($0.levelModern) }),
                stableVersusPhase: tally(cells.map { row in
                    guard let delta = row.stableVersusPhaseDeltaBIC else { return .notGraded }
                    return delta > 0 ? .phaseTransition : .singleLaw
                }))
        }
    }

    static func growthVerdict(_ winner: RobustnessRow.EraWinner?) -> RobustnessVerdict {
        guard let winner, !winner.tooFewToGrade, let reading = winner.proportionality else { return .notGraded }
        return .reading(reading)
    }

    static func levelVerdict(_ winner: RobustnessRow.EraWinner?) -> RobustnessVerdict {
        guard let winner, !winner.tooFewToGrade else { return .notGraded }
        return .preferred(winner.model)
    }

    static func tally(_ verdicts: [RobustnessVerdict]) -> [Tally] {
        var tallies: [Tally] = []
        for verdict in verdicts {
            if let index = tallies.firstIndex(where: { $0.verdict == verdict }) {
                tallies[index].cells += 1
            } else {
                tallies.append(Tally(verdict: verdict, cells: 1))
            }
        }
        // A stable sort: most frequent first, ties in order of first appearance.
        return tallies.enumerated().sorted { ($0.element.cells, -$0.offset) > ($1.element.cells, -$1.offset) }.map(\.element)
    }
}
