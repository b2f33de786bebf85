import Foundation
import Fitting

/// The verdict of one era and form, as influence compares it: B's reading in the growth form, the
/// model preferred by BIC in the level form, with the margins behind them.
public struct EraVerdictPoint: Codable, Sendable, Equatable {
    /// Growth form: how B sits against 0 and 1; nil when the era cannot be graded.
    public var reading: ProportionalityTest.Reading?
    /// Growth form: B of g = s y^B.
    public var exponent: Double?
    /// Level form: the model preferred by BIC; nil when the era cannot be graded.
    public var preferred: GrowthModelID?
    /// Growth form: BIC(constant growth) − the smallest BIC of the other laws (positive: growth
    /// depends on the level). Level form: BIC(exponential) − the smaller BIC of the two hyperbolas
    /// (positive: a hyperbola fits better).
    public var deltaBIC: Double?
    public var observations: Int

    /// The verdict proper, compared across leave-one-out fits: nil when not gradable.
    var verdictKey: String? {
        reading.map(\.rawValue) ?? preferred.map(\.rawValue)
    }

    init(_ comparison: FormComparison) {
        observations = comparison.observations
        let gradable = comparison.isGradable
        switch comparison.form {
        case .growth:
            reading = gradable ? comparison.proportionality?.reading : nil
            exponent = comparison.proportionality?.exponent
            deltaBIC = comparison.deltaBICAgainstConstantGrowth
        case .level:
            preferred = gradable ? comparison.preferred?.model : nil
            let entries = comparison.comparison?.entries ?? []
            let bic = { (id: GrowthModelID) in entries.first { $0.model == id.rawValue }?.criteria.bic }
            let hyperbolas = [bic(.hyperbolic), bic(.proportionalHyperbolic)].compactMap { $0 }
            if let exponential = bic(.exponential), let best = hyperbolas.min() { deltaBIC = exponential - best }
        }
    }
}

/// One observation left out of one era's comparison.
public struct LeftOut: Codable, Sendable, Equatable {
    public var year: Double
    public var value: Double
    public var verdict: EraVerdictPoint
    /// Whether leaving this observation out changes the era's verdict (both gradable and different).
    public var flipsVerdict: Bool
}

/// The influence of each observation on one era's verdict in one form.
public struct EraInfluence: Encodable, Sendable {
    public var era: Era
    public var form: ModelForm
    /// The verdict with every observation.
    public var verdict: EraVerdictPoint
    /// The verdict with each observation of the era left out in turn, in year order.
    public var leftOut: [LeftOut]

    /// The observations whose removal alone flips the verdict.
    public var flips: [LeftOut] { leftOut.filter(\.flipsVerdict) }

    enum CodingKeys: String, CodingKey { case era, eraRange, form, verdict, leftOut, flips }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(era.name, forKey: .era)
        try container.encode(era.range, forKey: .eraRange)
        try container.encode(form, forKey: .form)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(leftOut, forKey: .leftOut)
        try container.encode(flips, forKey: .flips)
    }
}

/// Leave-one-out influence on the hypothesis test's verdicts (issue 12, item 2): for each era and
/// form, the verdict and its ΔBIC (and B) with each observation left out in turn. Garfinkel's (2020)
/// objection is that a few poor early figures carry the pre-modern verdicts; a verdict that one
/// observation flips rests on that observation.
///
/// An observation is left out of the series, and the era's sample rebuilt from what remains: in the
/// level form the observation goes; in the growth form its two intervals merge into one, from the
/// observation before it to the one after. The observations tried for an era are those whose year
/// lies in it and, in the growth form, the first observation after it (the end of its last interval).
/// No bootstrap runs: the verdicts compared are BIC's and B's reading.
public enum InfluenceAnalysis {
    public static func run(
        dataset: String, series: Series, options: HypothesisTestOptions = HypothesisTestOptions()
    ) throws(AnalysisError) -> [EraInfluence] {
        let eras = EraPartition.hypothesisTest(window: options.window, split: options.split)
        let noBootstrap = LevelBootstrapSettings(replicates: 0, seed: options.seed)
        let inWindow = series.years.indices.filter { options.window.contains(series.years[$0]) }

        func comparisons(_ data: Series) throws(AnalysisError) -> [(ModelForm, Era, FormComparison)] {
            let level = try ModelSample.level(data, window: options.window, weighting: options.weighting)
            let growth = try ModelSample.growth(
                data, window: options.window, weighting: options.weighting, rateKind: options.rateKind)
            var result: [(ModelForm, Era, FormComparison)] = []
            for era in eras {
                for (form, sample) in [(ModelForm.growth, growth), (.level, level)] {
                    result.append((form, era, HypothesisTest.compare(
                        sample.restricted(to: era, dataset: dataset), era: era, bootstrap: noBootstrap, seedOffset: 0,
                        models: HypothesisTest.testedModels[form])))
                }
            }
            return result
        }

        let full = try comparisons(series)
        var influences = full.map { form, era, comparison in
            EraInfluence(era: era, form: form, verdict: EraVerdictPoint(comparison), leftOut: [])
        }
        // The observations each era's verdict is tried without.
        let tried: [Set<Int>] = full.map { form, era, _ in
            let positions = inWindow.indices.filter { era.contains(series.years[inWindow[$0]]) }
            var set = Set(positions.map { inWindow[$0] })
            if form == .growth, let last = positions.last, last + 1 < inWindow.count { set.insert(inWindow[last + 1]) }
            return set
        }
        for index in inWindow {
            let reduced = try comparisons(series.subset { $0 != index })
            for (k, (_, _, comparison)) in reduced.enumerated() where tried[k].contains(index) {
                let point = EraVerdictPoint(comparison)
                let baseline = influences[k].verdict.verdictKey
                let flips = baseline != nil && point.verdictKey != nil && point.verdictKey != baseline
                influences[k].leftOut.append(
                    LeftOut(year: series.years[index], value: series.values[index], verdict: point, flipsVerdict: flips))
            }
        }
        return influences
    }
}

/// The influence analysis of one dataset's series.
public struct DatasetInfluence: Encodable, Sendable {
    public var dataset: String
    /// The unit of the left-out values (the series').
    public var unit: String
    public var eras: [EraInfluence]

    public init(dataset: String, series: Series, options: HypothesisTestOptions) throws(AnalysisError) {
        self.dataset = dataset
        unit = series.unit
        eras = try InfluenceAnalysis.run(dataset: dataset, series: series, options: options)
    }

    /// The era verdicts that one observation flips.
    public var flipped: [EraInfluence] { eras.filter { !$0.flips.isEmpty } }
}
