import Foundation
@testable import GrowthModels
import Testing
import TestSupport

/// Out-of-sample forecasts (`OutOfSampleForecast`) against reference/forecast_reference.py (numpy
/// polyfit and lstsq, scipy's bounded Brent over the hyperbola's t*), unweighted least squares on
/// ln y through each cut-off, RMSE of ln y after it, window 10,000 BCE to 1950. Tolerance: relative
/// 1e-6 (the hyperbola's t* is found by two different one-dimensional searches).
@Suite struct OutOfSampleForecastTests {
    struct Reference: Sendable, CustomTestStringConvertible {
        let dataset: String, cutoff: Double, fitted: Int, heldOut: Int
        /// RMSE by model; nil where the reference finds the singularity before the horizon.
        let rmse: [ForecastRival: Double?]
        var testDescription: String { "\(dataset) from \(Int(cutoff))" }
    }

    static let references: [Reference] = [
        Reference(dataset: "kremer-1993", cutoff: 1700, fitted: 22, heldOut: 9, rmse: [
            .exponential: 1.3354429433614128, .hyperbolic: 0.6756556975626051, .proportionalHyperbolic: nil,
            .transitionPath: 0.9009831465934354]),
        Reference(dataset: "kremer-1993", cutoff: 1820, fitted: 24, heldOut: 7, rmse: [
            .exponential: 1.3633960725891845, .hyperbolic: 0.7096182296332388, .proportionalHyperbolic: nil,
            .transitionPath: 0.4837789219734169]),
        Reference(dataset: "kremer-1993", cutoff: 1913, fitted: 27, heldOut: 4, rmse: [
            .exponential: 1.3280102967089122, .hyperbolic: 0.6137189823142952, .proportionalHyperbolic: 0.5378260335596458,
            .transitionPath: 0.0436035303244443]),
        Reference(dataset: "delong-1998", cutoff: 1700, fitted: 33, heldOut: 10, rmse: [
            .exponential: 3.172019625694619, .hyperbolic: 2.462824954626557, .proportionalHyperbolic: nil,
            .transitionPath: 2.7379536616715336]),
        Reference(dataset: "delong-1998", cutoff: 1820, fitted: 35, heldOut: 8, rmse: [
            .exponential: 3.3814026189088295, .hyperbolic: 2.5416281132405136, .proportionalHyperbolic: nil,
            .transitionPath: 0.3541564288299301]),
        Reference(dataset: "delong-1998", cutoff: 1913, fitted: 38, heldOut: 5, rmse: [
            .exponential: 3.5111484655349825, .hyperbolic: 1.72175873045799, .proportionalHyperbolic: nil,
            .transitionPath: 0.3164791985736874]),
    ]

    static func forecast(_ dataset: String, cutoffs: [Double]) throws -> OutOfSampleForecast {
        let series = try DatasetCatalog.dataset(named: dataset).load().series
        return try OutOfSampleForecast.evaluate(
            series, window: YearWindow(from: -10000, to: 1950), cutoffs: cutoffs, paths: 200, seed: 3)
    }

    @Test(arguments: references)
    func leastSquaresForecastsAgreeWithReference(_ reference: Reference) throws {
        let result = try Self.forecast(reference.dataset, cutoffs: [reference.cutoff])
        let cutoff = try #require(result.forecasts.first)
        #expect(cutoff.fittedObservations == reference.fitted)
        #expect(cutoff.heldOutYears.count == reference.heldOut)
        for (rival, expected) in reference.rmse {
            let score = try #require(cutoff.scores.first { $0.rival == rival })
            if let expected {
                #expect(score.status == .scored, "\(rival)")
                let rmse = try #require(score.rmse)
                #expect(relativeDifference(rmse, expected) < 1e-6, "\(rival): \(rmse) vs \(expected)")
            } else {
                #expect(score.status == .singularityBeforeHorizon, "\(rival)")
                #expect(score.rmse == nil)
            }
        }
        // The best forecast is the smallest RMSE among the scored models.
        let scored = cutoff.scores.filter { $0.status == .scored }
        #expect(cutoff.best == scored.min { $0.rmse! < $1.rmse! }?.rival)
    }

    /// The O(m) sorted-sample CRPS against the O(m²) double sum of the reference script.
    @Test func crpsAgreesWithDoubleSum() {
        let sample = (0..<200).map { 2 * sin(Double($0)) + Double($0) / 50 }.sorted()
        #expect(relativeDifference(OutOfSampleForecast.continuousRankedProbabilityScore(sortedSample: sample, observation: 1.3),
                                   0.5537904224989092) < 1e-12)
        #expect(relativeDifference(OutOfSampleForecast.continuousRankedProbabilityScore(sortedSample: sample, observation: -4.0),
                                   4.959184093546231) < 1e-12)
        #expect(OutOfSampleForecast.continuousRankedProbabilityScore(sortedSample: [0, .infinity], observation: 0) == .infinity)
    }

    /// The stochastic model's log predictive density is the sum of the exact transition log
    /// densities along the held-out observations, each moved to the ln y scale (+ ln y), from the
    /// last fitted observation; its point forecast is the median of its simulated paths, which the
    /// same seed reproduces.
    @Test func stochasticForecastIsTheChainOfTransitionDensities() throws {
        let result = try Self.forecast("kremer-1993", cutoffs: [1913])
        let cutoff = try #require(result.forecasts.first)
        let score = try #require(cutoff.scores.first { $0.rival == .stochasticHyperbolic })
        try #require(score.status == .scored)
        let series = try DatasetCatalog.dataset(named: "kremer-1993").load().series
        let fitted = try ModelSample.level(series, window: YearWindow(from: -10000, to: 1913))
        let fit = try StochasticHyperbolicSample(fitted, weighting: .none).fit()
        var expected = 0.0, previous = (fit.lastYear, fit.lastValue)
        for (t, lnY) in zip(cutoff.heldOutYears, cutoff.heldOutLogLevels) {
            expected += StochasticHyperbolicModel.logTransitionDensity(
                from: previous.1, to: exp(lnY), over: t - previous.0, parameters: fit.parameters) + lnY
            previous = (t, exp(lnY))
        }
        #expect(try relativeDifference(#require(score.logPredictiveDensity), expected) < 1e-12)
        let again = try Self.forecast("kremer-1993", cutoffs: [1913]).forecasts[0].scores.first { $0.rival == .stochasticHyperbolic }
        #expect(again?.predictedLogLevels == score.predictedLogLevels)
        #expect(score.crps.map { $0 > 0 } == true)
    }

    @Test func cutoffWithoutObservationsOnBothSidesIsRefused() throws {
        let series = try DatasetCatalog.dataset(named: "kremer-1993").load().series
        #expect(throws: AnalysisError.self) {
            try OutOfSampleForecast.evaluate(series, window: YearWindow(from: -10000, to: 1950), cutoffs: [1950])
        }
        #expect(throws: AnalysisError.self) {
            try OutOfSampleForecast.evaluate(series, window: YearWindow(from: -10000, to: 1950), cutoffs: [-20000])
        }
    }
}
