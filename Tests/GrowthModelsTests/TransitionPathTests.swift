import Foundation
@testable import GrowthModels
import Testing
import TestSupport

/// The pre-specified continuous two-transition path (breaks fixed at 3000 BCE and 1760) that the
/// hypothesis test sets against the hyperbola over the whole window, against numpy.linalg.lstsq
/// (reference/transition_path_reference.py; lnL, K and BIC by docs/statistics.md). Tolerances:
/// parameters and RSS relative 1e-8, BIC absolute 1e-8.
@Suite struct TransitionPathTests {
    struct Reference: Sendable, CustomTestStringConvertible {
        let dataset: String, n: Int, parameters: [Double], rss: Double, bic: Double, phaseGrowthRates: [Double]
        var testDescription: String { dataset }
    }

    static let references: [Reference] = [
    Reference(dataset: "kremer-1993", n: 31, parameters: [2.5297033787555954, 0.00012495236285289037, 0.0007852861937860042, 0.005653670182454964], rss: 682.8114611792045, bic: 52.944087290541574,
              phaseGrowthRates: [0.00012495236285289037, 0.0009102385566388945, 0.006563908739093858]),
    Reference(dataset: "delong-1998", n: 43, parameters: [0.5803866527676699, 0.0001787814833097223, 0.0007303404008132483, 0.01799662096377097], rss: 681.4926756073647, bic: 63.13519272245803,
              phaseGrowthRates: [0.0001787814833097223, 0.0009091218841229705, 0.018905742847893942]),
    ]

    @Test(arguments: references)
    func pathAgreesWithReference(_ reference: Reference) throws {
        let result = try HypothesisTest.run(
            dataset: reference.dataset, series: try DatasetCatalog.dataset(named: reference.dataset).load().series,
            options: { var o = HypothesisTestOptions(); o.bootstrapReplicates = 0; return o }())
        let path = try #require(result.stableVersusPhase?.transitionPath)
        #expect(path.breakYears == [-3000, 1760])
        #expect(path.fit.n == reference.n)
        for (value, expected) in zip(path.fit.parameters, reference.parameters) {
            #expect(relativeDifference(value, expected) < 1e-8, "\(value) vs \(expected)")
        }
        for (value, expected) in zip(path.phaseGrowthRates, reference.phaseGrowthRates) {
            #expect(relativeDifference(value, expected) < 1e-8)
        }
        #expect(relativeDifference(path.fit.rss, reference.rss) < 1e-8)
        #expect(abs(path.fit.bic - reference.bic) < 1e-8)
        #expect(path.fit.criteria.k == 5)
        let stable = try #require(result.stableVersusPhase)
        #expect(abs((stable.deltaBICTransitionPath ?? .nan) - (stable.hyperbolicBIC - reference.bic)) < 1e-8)
    }

    /// A break year outside the observations would leave a hinge without data: no path.
    @Test func breakOutsideTheObservationsGivesNoPath() throws {
        let sample = try ModelSample.level(try DatasetCatalog.dataset(named: "kremer-1993").load().series,
                                           window: YearWindow(from: 1, to: 1950))
        #expect(try TransitionPathFit.fit(sample, breakYears: [-3000, 1760]) == nil)
    }
}
