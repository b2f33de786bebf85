import Foundation
import Fitting

/// Every model of one form fitted to each era of a series, where eras are cut at split years, plus
/// the whole window. Within an era all models share one `ModelSample`, so they are comparable.
public enum EraComparison {
    /// - Parameters:
    ///   - splits: the first years of the second, third, … eras (sorted here); none gives the
    ///     whole window only.
    ///   - bootstrapReplicates: for the level form, the parametric bootstrap of exponential against
    ///     hyperbolic in each era (0 skips it).
    public static func run(
        dataset: String, series: Series, form: ModelForm, window: YearWindow, splits: [Double],
        weighting: Weighting, rateKind: GrowthRateKind = .continuous, bootstrapReplicates: Int = 0,
        seed: UInt64 = 1, threads: Int? = nil
    ) throws(AnalysisError) -> [FormComparison] {
        let sample: ModelSample
        switch form {
        case .level: sample = try ModelSample.level(series, window: window, weighting: weighting)
        case .growth: sample = try ModelSample.growth(series, window: window, weighting: weighting, rateKind: rateKind)
        }
        let eras = try EraPartition.numbered(window: window, splits: splits)
        let bootstrap = LevelBootstrapSettings(replicates: bootstrapReplicates, seed: seed, threads: threads)
        return eras.enumerated().map { index, era in
            HypothesisTest.compare(
                sample.restricted(to: era, dataset: dataset), era: era, bootstrap: bootstrap, seedOffset: UInt64(index))
        }
    }
}
