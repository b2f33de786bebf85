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
        let cuts = splits.sorted()
        if let outside = cuts.first(where: { !window.contains($0) }) {
            throw .invalidRequest("split year \(YearText.format(outside)) is outside the window \(window)")
        }
        var options = HypothesisTestOptions()
        options.bootstrapReplicates = bootstrapReplicates
        options.seed = seed
        options.threads = threads
        var eras: [(name: String, range: String, keep: (Double) -> Bool)] = []
        if !cuts.isEmpty {
            let bounds: [Double?] = [nil] + cuts.map { Optional($0) } + [nil]
            for index in 0..<(bounds.count - 1) {
                let lower = bounds[index], upper = bounds[index + 1]
                let range: String
                switch (lower, upper) {
                case let (nil, upper?): range = "before \(YearText.format(upper))"
                case let (lower?, nil): range = "from \(YearText.format(lower))"
                case let (lower?, upper?): range = "\(YearText.format(lower)) to before \(YearText.format(upper))"
                case (nil, nil): range = window.description
                }
                eras.append(("era \(index + 1)", range, { t in (lower.map { t >= $0 } ?? true) && (upper.map { t < $0 } ?? true) }))
            }
        }
        eras.append(("whole window", window.description, { _ in true }))
        return eras.enumerated().map { index, era in
            HypothesisTest.compare(
                sample.restricted(label: "\(dataset) \(era.name) (\(era.range))", where: era.keep), era: era.name,
                range: era.range, options: options, seedOffset: UInt64(index))
        }
    }
}
