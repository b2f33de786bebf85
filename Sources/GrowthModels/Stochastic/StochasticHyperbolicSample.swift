import Fitting
import Foundation

/// The observations and weights Roodman's stochastic hyperbolic model is fitted to, and the data
/// rules of that model: the level observations of a window (a level-form `ModelSample`, which has
/// already checked a weight column), weighted by `roodman` or a column rescaled to mean 1 over
/// observations 2…n (the ones whose transition densities enter the likelihood;
/// `StochasticHyperbolicModel.rescaledWeights`), or unweighted. `gap` weights do not apply: each
/// transition density already runs over its own gap, so they are refused.
public struct StochasticHyperbolicSample: Sendable {
    /// The fewest observations the model is fitted to: 5 transitions for 4 parameters.
    public static let minimumObservations = 6

    public var label: String
    public var seriesName: String
    public var years: [Double]
    public var values: [Double]
    /// One weight per observation (the first unused), rescaled; nil when unweighted.
    public var weights: [Double]?
    /// The weighting applied: `.none`, or the `roodman` or column weights (rescaled to mean 1).
    public var weighting: Weighting

    /// - Throws: `AnalysisError.invalidRequest` for `gap` weights.
    public init(_ sample: ModelSample, weighting: Weighting) throws(AnalysisError) {
        label = sample.label
        seriesName = sample.seriesName
        years = sample.years
        values = sample.levels
        self.weighting = weighting
        switch weighting {
        case .gap:
            throw .invalidRequest("--weights gap does not apply to \(StochasticHyperbolicModel.name): each transition "
                + "density already runs over its own gap; use none, roodman or a column")
        case .none:
            weights = nil
        case .roodman, .inverseVariance, .column:
            weights = sample.weights.map(StochasticHyperbolicModel.rescaledWeights)
        }
    }

    /// The maximum-likelihood fit, with B's profile-likelihood interval when `profilingB` and the
    /// PIT diagnostics when `diagnosing` (`StochasticHyperbolicModel.fit`); too few observations and
    /// invalid data are `AnalysisError`s that name the sample.
    public func fit(profilingB: Bool = false, diagnosing: Bool = true) throws(AnalysisError) -> StochasticHyperbolicFit {
        guard values.count >= Self.minimumObservations else {
            throw .tooFewObservations(
                sample: label, model: StochasticHyperbolicModel.name, observations: values.count,
                needed: Self.minimumObservations)
        }
        do {
            return try StochasticHyperbolicModel.fit(years: years, values: values, weights: weights, profilingB: profilingB, diagnosing: diagnosing)
        } catch {
            throw .fitting(context: "\(label): \(StochasticHyperbolicModel.name)", error: error)
        }
    }
}
