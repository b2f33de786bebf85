import Fitting
import Foundation

/// Out-of-sample forecasts: each model is fitted to a series from the window's first year through a
/// cut-off year, and scored on the observations after the cut-off up to the window's end, which it
/// was not fitted to. This is the forecaster's question in the debate (does the hyperbola's
/// acceleration show up in data it has not seen?), and it does not rest on the likelihoods being
/// comparable across model families.
///
/// What is fitted, for every model, is the level form by **unweighted** least squares on ln y, so
/// that every model is scored under the loss it was fitted under (docs/statistics.md, "Out-of-sample
/// forecasts"):
/// - `exponential`, `hyperbolic` (free k) and `proportional-hyperbolic` (k = 1): their fitted curves;
/// - `growth-modes`: the growth-mode path (`GrowthModeSearch`, break count by BIC), extrapolated by
///   its last segment;
/// - `transition-path`: the path with transitions fixed in advance (`TransitionPathFit`), with the
///   fixed break years that lie inside the fitted sample (a transition after the cut-off cannot be
///   estimated from data before it), extrapolated by its last phase;
/// - `stochastic-hyperbolic`: Roodman's (2020) model by maximum likelihood on the same observations
///   (unweighted), forecast from the last observation at or before the cut-off, since it is a Markov
///   process: its point forecast is the median of `paths` exactly simulated paths.
///
/// Scores (`ForecastScore`): the root-mean-square error of ln y over the held-out observations for
/// every model; for the stochastic model also the log predictive density of the held-out
/// observations (exact, from the transition density) and the mean continuous ranked probability
/// score of the simulated ln y.
public struct OutOfSampleForecast: Codable, Sendable {
    /// The series forecast, e.g. "kremer-1993:population_millions".
    public var seriesName: String
    /// The window: fits start at its first observation; held-out observations end at its last.
    public var window: YearWindow
    public var forecasts: [CutoffForecast]
    /// Simulated paths per stochastic forecast, and their seed.
    public var paths: Int
    public var seed: UInt64

    /// The cut-offs forecast by default: the eve of the Industrial Revolution, Maddison's 1820 and
    /// the eve of the First World War.
    public static let defaultCutoffs: [Double] = [1700, 1820, 1913]
    /// The fewest held-out observations a cut-off is scored on.
    public static let minimumHeldOut = 1
}

/// Every model's forecast from one cut-off.
public struct CutoffForecast: Codable, Sendable {
    /// The last year of the data the models are fitted to (inclusive).
    public var cutoff: Double
    /// Observations fitted (from the window's start through the cut-off) and held out (after it).
    public var fittedObservations: Int
    public var heldOutYears: [Double]
    /// Observed ln y at the held-out years.
    public var heldOutLogLevels: [Double]
    public var scores: [ForecastScore]
    /// The rival with the smallest RMSE among those scored; nil when none was.
    public var best: ForecastRival?
}

/// The models forecast, by the names reports use.
public enum ForecastRival: String, Codable, Sendable, CaseIterable {
    case exponential
    case hyperbolic
    case proportionalHyperbolic = "proportional-hyperbolic"
    case growthModes = "growth-modes"
    case transitionPath = "transition-path"
    case stochasticHyperbolic = "stochastic-hyperbolic"
}

/// One model's forecast from one cut-off, and its scores.
public struct ForecastScore: Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// Predictions at every held-out year; RMSE computed.
        case scored
        /// The fitted hyperbola's singularity comes before the last held-out year: ln y is infinite
        /// there, so the forecast has failed; not scored.
        case singularityBeforeHorizon = "singularity_before_horizon"
        /// At least half of the stochastic model's paths have taken off (Y = ∞) by a held-out year,
        /// so its median forecast is infinite there; not scored.
        case takenOffBeforeHorizon = "taken_off_before_horizon"
        /// Too few observations before the cut-off for this model.
        case tooFewObservations = "too_few_observations"
        /// The model could not be fitted (its message is in `note`).
        case fitFailed = "fit_failed"
    }

    public var rival: ForecastRival
    public var status: Status
    /// Parameters the model estimates on the fitted sample (mean and variance parameters).
    public var parameterCount: Int?
    /// Predicted ln y at each held-out year (nil past a singularity or a median take-off).
    public var predictedLogLevels: [Double?]
    /// √(mean of (ln y_obs − ln y_pred)²) over the held-out observations (status `scored` only).
    public var rmse: Double?
    /// Stochastic model: ln p(ln y_{j₁}, …, ln y_{j_m} | y_c), the joint density of the held-out
    /// observations on the ln y scale given the last fitted observation, the sum of exact
    /// transition densities along the held-out observations (the process is Markov).
    public var logPredictiveDensity: Double?
    /// Stochastic model: the mean over held-out observations of the CRPS of the simulated ln y
    /// (Gneiting & Raftery 2007, eq. 21, in its sample form). Infinite, and so nil, when a path has
    /// taken off by a held-out year (the predictive distribution has mass at +∞).
    public var crps: Double?
    /// Stochastic model: the share of simulated paths that have taken off by the last held-out year.
    public var takenOffShare: Double?
    /// The fitted singularity year for a hyperbola; the break years used by a path.
    public var singularityYear: Double?
    public var breakYears: [Double]?
    /// Why the model was not scored, or what is unusual about its fit (e.g. at the exponential limit).
    public var note: String?
}

extension OutOfSampleForecast {
    /// Forecasts `series` from each of `cutoffs` over `window`.
    ///
    /// - Throws: `AnalysisError.invalidRequest` for a cut-off outside the window's observations (no
    ///   observation at or before it, or none after it).
    public static func evaluate(
        _ series: Series, window: YearWindow, cutoffs: [Double] = defaultCutoffs, paths: Int = 1000,
        seed: UInt64 = 20_200_901, transitionYears: [Double] = TransitionPathFit.defaultBreakYears
    ) throws(AnalysisError) -> OutOfSampleForecast {
        let whole = try ModelSample.level(series, window: window, weighting: .none)
        guard let first = whole.years.first, let last = whole.years.last else {
            throw .invalidRequest("\(series.name) has no observations in \(window)")
        }
        var forecasts: [CutoffForecast] = []
        for cutoff in cutoffs.sorted() {
            guard cutoff >= first, cutoff < last else {
                throw .invalidRequest("cut-off \(YearText.format(cutoff)) is outside \(series.name)'s observations in the "
                    + "window (\(YearText.format(first)) to \(YearText.format(last))); a cut-off needs observations on both sides")
            }
            forecasts.append(forecast(whole, cutoff: cutoff, paths: paths, seed: seed, transitionYears: transitionYears))
        }
        return OutOfSampleForecast(seriesName: series.name, window: window, forecasts: forecasts, paths: paths, seed: seed)
    }

    /// The cut-offs of `cutoffs` that `evaluate` can score on `series` over `window`: those with an
    /// observation at or before them and one after them inside the window (sorted, without repeats).
    /// `gdpfit test` forecasts each dataset from these, so that a cut-off a series cannot be scored
    /// from is left out of that series (and said) instead of failing the whole test.
    public static func scorableCutoffs(_ cutoffs: [Double], of series: Series, in window: YearWindow) -> [Double] {
        let years = series.years.filter(window.contains)
        guard let first = years.first, let last = years.last else { return [] }
        return Array(Set(cutoffs.filter { $0 >= first && $0 < last })).sorted()
    }

    static func forecast(
        _ whole: ModelSample, cutoff: Double, paths: Int, seed: UInt64, transitionYears: [Double]
    ) -> CutoffForecast {
        let fitted = whole.restricted(label: "\(whole.seriesName) through \(YearText.format(cutoff))") { $0 <= cutoff }
        let heldOut = whole.years.indices.filter { whole.years[$0] > cutoff }
        let years = heldOut.map { whole.years[$0] }
        let observed = heldOut.map { whole.response[$0] }
        var scores: [ForecastScore] = []
        for id in [GrowthModelID.exponential, .hyperbolic, .proportionalHyperbolic] {
            scores.append(leastSquaresScore(id, fitted: fitted, years: years, observed: observed))
        }
        scores.append(growthModesScore(fitted, years: years, observed: observed))
        scores.append(transitionPathScore(fitted, breakYears: transitionYears, years: years, observed: observed))
        scores.append(stochasticScore(fitted, years: years, observed: observed, paths: paths, seed: seed))
        let best = scores.filter { $0.status == .scored }.min { $0.rmse! < $1.rmse! }?.rival
        return CutoffForecast(
            cutoff: cutoff, fittedObservations: fitted.count, heldOutYears: years, heldOutLogLevels: observed,
            scores: scores, best: best)
    }

    /// The score of predictions `predicted` (nil where the model has no finite forecast).
    static func scored(
        _ rival: ForecastRival, parameterCount: Int, predicted: [Double?], observed: [Double], failure: ForecastScore.Status
    ) -> ForecastScore {
        var score = ForecastScore(rival: rival, status: .scored, parameterCount: parameterCount, predictedLogLevels: predicted)
        let finite = predicted.compactMap { $0 }.filter(\.isFinite)
        guard finite.count == observed.count else {
            score.status = failure
            return score
        }
        score.rmse = rootMeanSquareError(finite, observed)
        return score
    }

    /// √(mean (a_i − b_i)²).
    public static func rootMeanSquareError(_ predicted: [Double], _ observed: [Double]) -> Double {
        var sum = 0.0
        for (p, o) in zip(predicted, observed) { sum += (o - p) * (o - p) }
        return (sum / Double(observed.count)).squareRoot()
    }

    static func rival(_ id: GrowthModelID) -> ForecastRival {
        switch id {
        case .hyperbolic: .hyperbolic
        case .proportionalHyperbolic: .proportionalHyperbolic
        default: .exponential
        }
    }

    static func leastSquaresScore(_ id: GrowthModelID, fitted: ModelSample, years: [Double], observed: [Double]) -> ForecastScore {
        let rival = rival(id)
        guard let model = GrowthModelCatalogue.model(id) else {
            return ForecastScore(rival: rival, status: .fitFailed, predictedLogLevels: [], note: "no model \(id)")
        }
        let parameterCount = model.parameterNames.count + 1
        guard fitted.count > parameterCount else {
            return ForecastScore(
                rival: rival, status: .tooFewObservations, parameterCount: parameterCount, predictedLogLevels: [],
                note: "\(fitted.count) observations through the cut-off; \(model.id) needs more than \(parameterCount)")
        }
        let fit: GrowthModelFit
        do {
            fit = try GrowthModelFitter.fit(model, to: fitted)
        } catch {
            return ForecastScore(rival: rival, status: .fitFailed, parameterCount: parameterCount, predictedLogLevels: [], note: error.description)
        }
        guard fit.converged || fit.limit == .exponential else {
            return ForecastScore(
                rival: rival, status: .fitFailed, parameterCount: parameterCount, predictedLogLevels: [],
                note: fit.limit == .degenerate ? "the fit runs to the degenerate limit t* → last year" : fit.fit.status.rawValue)
        }
        let parameters = fit.fit.parameters
        let singularity = model.singularityYear(parameters)
        let predicted: [Double?] = years.map { t in
            if let singularity, t >= singularity { return nil }
            let value = model.curve(parameters, at: t)
            return value.isFinite ? value : nil
        }
        var score = scored(rival, parameterCount: parameterCount, predicted: predicted, observed: observed, failure: .singularityBeforeHorizon)
        score.singularityYear = singularity
        if fit.limit == .exponential {
            score.note = "at the exponential limit (t* at the search's far bound): forecasts as the exponential"
        }
        return score
    }

    static func growthModesScore(_ fitted: ModelSample, years: [Double], observed: [Double]) -> ForecastScore {
        let modes: GrowthModes
        do {
            modes = try GrowthModeSearch.search(fitted, maxBreaks: 3)
        } catch {
            return ForecastScore(rival: .growthModes, status: .fitFailed, predictedLogLevels: [], note: error.description)
        }
        let path = modes.best
        guard let lastSegment = path.segments.last else {
            return ForecastScore(rival: .growthModes, status: .fitFailed, predictedLogLevels: [], note: "no segment")
        }
        let predicted: [Double?] = years.map { lastSegment.intercept + lastSegment.rate * $0 }
        var score = scored(.growthModes, parameterCount: path.criteria.k, predicted: predicted, observed: observed, failure: .fitFailed)
        score.breakYears = path.breakYears
        return score
    }

    static func transitionPathScore(_ fitted: ModelSample, breakYears: [Double], years: [Double], observed: [Double]) -> ForecastScore {
        guard let first = fitted.years.first, let last = fitted.years.last else {
            return ForecastScore(rival: .transitionPath, status: .tooFewObservations, predictedLogLevels: [])
        }
        let inside = breakYears.filter { $0 > first && $0 < last }
        let path: TransitionPathFit?
        do {
            path = try TransitionPathFit.fit(fitted, breakYears: inside)
        } catch {
            return ForecastScore(rival: .transitionPath, status: .fitFailed, predictedLogLevels: [], note: error.description)
        }
        guard let path else {
            return ForecastScore(
                rival: .transitionPath, status: .tooFewObservations, parameterCount: inside.count + 3, predictedLogLevels: [],
                note: "\(fitted.count) observations through the cut-off are too few for \(inside.count) fixed transitions")
        }
        let θ = path.fit.parameters
        let predicted: [Double?] = years.map { t in
            var value = θ[0] + θ[1] * t
            for (j, b) in path.breakYears.enumerated() { value += θ[2 + j] * max(t - b, 0) }
            return value
        }
        var score = scored(.transitionPath, parameterCount: θ.count + 1, predicted: predicted, observed: observed, failure: .fitFailed)
        score.breakYears = path.breakYears
        let left = breakYears.filter { !inside.contains($0) }
        if !left.isEmpty {
            score.note = "fixed transitions outside the fitted years left out: " + left.map(YearText.format).joined(separator: ", ")
        }
        return score
    }

    static func stochasticScore(
        _ fitted: ModelSample, years: [Double], observed: [Double], paths: Int, seed: UInt64
    ) -> ForecastScore {
        let parameterCount = StochasticHyperbolicModel.parameterNames.count
        let fit: StochasticHyperbolicFit
        do {
            fit = try StochasticHyperbolicSample(fitted, weighting: .none).fit(diagnosing: false)
        } catch {
            if case .tooFewObservations = error {
                return ForecastScore(
                    rival: .stochasticHyperbolic, status: .tooFewObservations, parameterCount: parameterCount,
                    predictedLogLevels: [], note: error.description)
            }
            return ForecastScore(
                rival: .stochasticHyperbolic, status: .fitFailed, parameterCount: parameterCount, predictedLogLevels: [],
                note: error.description)
        }
        guard fit.estimates.converged else {
            return ForecastScore(
                rival: .stochasticHyperbolic, status: .fitFailed, parameterCount: parameterCount, predictedLogLevels: [],
                note: "maximum likelihood: \(fit.estimates.status.rawValue)")
        }
        let θ = fit.parameters
        let simulated = StochasticHyperbolicModel.simulatePaths(
            from: fit.lastYear, value: fit.lastValue, parameters: θ, years: years, count: paths, seed: seed)
        // ln y of every path at each held-out year, sorted (+∞ once a path has taken off).
        let logPaths: [[Double]] = years.indices.map { j in simulated.map { log($0[j]) }.sorted() }
        let predicted: [Double?] = logPaths.map { sample in
            let median = typeSevenQuantile(sorted: sample, 0.5)
            return median.isFinite ? median : nil
        }
        var score = scored(.stochasticHyperbolic, parameterCount: parameterCount, predicted: predicted, observed: observed, failure: .takenOffBeforeHorizon)
        score.takenOffShare = logPaths.last.map { Double($0.filter { $0 == .infinity }.count) / Double(paths) } ?? 0
        // The joint density of the held-out observations given the last fitted one, on the ln y scale:
        // p(ln y) = y p(y) for each transition.
        var logDensity = 0.0
        var previousYear = fit.lastYear, previousValue = fit.lastValue
        for (t, lnY) in zip(years, observed) {
            let y = exp(lnY)
            logDensity += StochasticHyperbolicModel.logTransitionDensity(
                from: previousValue, to: y, over: t - previousYear, parameters: θ) + lnY
            previousYear = t
            previousValue = y
        }
        score.logPredictiveDensity = logDensity
        let crpsValues = zip(logPaths, observed).map { continuousRankedProbabilityScore(sortedSample: $0.0, observation: $0.1) }
        score.crps = crpsValues.allSatisfy(\.isFinite) ? crpsValues.reduce(0, +) / Double(crpsValues.count) : nil
        return score
    }

    /// The CRPS of the empirical distribution of `sortedSample` (ascending) at `observation`:
    ///
    ///     CRPS = (1/m) Σ |x_i − x| − (1/(2m²)) Σ_i Σ_j |x_i − x_j|,
    ///
    /// the sample form of Gneiting & Raftery (2007, eq. 21), with the double sum computed in O(m) from
    /// the sorted sample: Σ_i Σ_j |x_i − x_j| = 2 Σ_i (2i − m − 1) x_(i) (1-based order statistics).
    /// +∞ when any member is infinite.
    public static func continuousRankedProbabilityScore(sortedSample: [Double], observation x: Double) -> Double {
        let m = sortedSample.count
        guard m > 0, sortedSample.allSatisfy(\.isFinite) else { return .infinity }
        var absolute = 0.0, spread = 0.0
        for (index, value) in sortedSample.enumerated() {
            absolute += abs(value - x)
            spread += Double(2 * (index + 1) - m - 1) * value
        }
        let md = Double(m)
        return absolute / md - spread / (md * md)
    }
}
