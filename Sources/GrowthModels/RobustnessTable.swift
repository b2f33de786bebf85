import Foundation
import Fitting

/// One cell of the robustness table: the hypothesis test's headline numbers for one dataset, one
/// split year and one weighting.
public struct RobustnessRow: Codable, Sendable {
    public var dataset: String
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

/// Step 5 of the hypothesis test: the same analysis over every dataset × split year × weighting.
public enum RobustnessTable {
    public static let defaultSplits: [Double] = [1, 1000, 1500, 1600, 1700, 1800]
    public static let defaultWeightings: [Weighting] = [.gap, .none]

    /// - Parameters:
    ///   - series: (dataset name, series) pairs, in table order.
    ///   - progress: called after each cell with (cells done, cells in all), from the calling thread.
    public static func run(
        series: [(dataset: String, series: Series)], splits: [Double] = defaultSplits,
        weightings: [Weighting] = defaultWeightings, options: HypothesisTestOptions = HypothesisTestOptions(),
        progress: ((Int, Int) -> Void)? = nil
    ) -> [RobustnessRow] {
        var rows: [RobustnessRow] = []
        let total = series.count * splits.count * weightings.count
        for (dataset, data) in series {
            for weighting in weightings {
                for split in splits {
                    var cellOptions = options
                    cellOptions.split = split
                    cellOptions.weighting = weighting
                    cellOptions.fitsOtherRivals = false
                    var row = RobustnessRow(dataset: dataset, split: split, weighting: weighting)
                    if let result = try? HypothesisTest.run(dataset: dataset, series: data, options: cellOptions) {
                        row.growthPreModern = winner(result.comparison(.growth, in: .preModern))
                        row.growthModern = winner(result.comparison(.growth, in: .modern))
                        row.levelPreModern = winner(result.comparison(.level, in: .preModern))
                        row.levelModern = winner(result.comparison(.level, in: .modern))
                        row.stableVersusPhaseDeltaBIC = result.stableVersusPhase?.deltaBIC
                    }
                    rows.append(row)
                    progress?(rows.count, total)
                }
            }
        }
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
    init(dataset: String, split: Double, weighting: Weighting) {
        self.dataset = dataset
        self.split = split
        self.weighting = weighting
    }
}
