import Fitting
import Foundation
@testable import GrowthModels
import Testing
import TestSupport

/// The fair phase-transition rivals of the hypothesis test, against an independent brute force
/// (reference/phase_rivals_reference.py): continuous piecewise-exponential paths, every partition of
/// the observations and every box of break years searched by scipy's L-BFGS-B from each corner and
/// the centre; Hanson's sums of exponential modes by scipy's least_squares (LM) from 200+ starts.
///
/// Tolerances: the exact search must never be worse than the brute force (RSS at most the reference
/// times 1 + 1e-12) and agree to relative 1e-9 (the brute force's own stopping tolerance); break
/// years to 0.01 years (the RSS is flat in a break year: L-BFGS-B stops within about 1e-3 years of
/// the minimum); BIC and mBIC absolute 1e-6. Modes: RSS relative 1e-7, rates relative 1e-4.
@Suite struct PhaseRivalTests {
    struct PathReference: Sendable, CustomTestStringConvertible {
        let dataset: String, breaks: Int, rss: Double, breakYears: [Double], segmentObservations: [Int], bic: Double, modifiedBIC: Double
        var testDescription: String { "\(dataset), \(breaks) breaks" }
    }

    struct ModesReference: Sendable, CustomTestStringConvertible {
        let dataset: String, modes: Int, rss: Double, rates: [Double], bic: Double
        var testDescription: String { "\(dataset), \(modes) modes" }
    }

    // Pasted from phase_rivals_reference.py.
    static let paths: [PathReference] = [
    PathReference(dataset: "synthetic", breaks: 0, rss: 11.636880476190475, breakYears: [], segmentObservations: [15], bic: 46.88424467377628, modifiedBIC: 46.88424467377628),
    PathReference(dataset: "synthetic", breaks: 1, rss: 0.38567242424242454, breakYears: [956.829261301665], segmentObservations: [10, 5], bic: 1.1961503099680204, modifiedBIC: 2.4001231142939563),
    PathReference(dataset: "synthetic", breaks: 2, rss: 0.0073776190476218355, breakYears: [517.2781857212997, 1014.0456189329647], segmentObservations: [6, 5, 4], bic: -52.73581033313222, modifiedBIC: -50.65636879145239),
    PathReference(dataset: "synthetic", breaks: 3, rss: 0.004956666666857935, breakYears: [473.7706339897087, 724.2414805537612, 1015.4283033745962], segmentObservations: [5, 3, 3, 4], bic: -53.28547231756701, modifiedBIC: -50.80056566777901),
    PathReference(dataset: "kremer-1993", breaks: 0, rss: 7759.812827316554, breakYears: [], segmentObservations: [31], bic: 121.4214490886537, modifiedBIC: 121.4214490886537),
    PathReference(dataset: "kremer-1993", breaks: 1, rss: 267.2156424279882, breakYears: [-3951.546046931595], segmentObservations: [3, 28], bic: 23.861040665139228, modifiedBIC: 24.857870259497396),
    PathReference(dataset: "kremer-1993", breaks: 2, rss: 150.01158476418868, breakYears: [-4000.0, 1676.2968126997353], segmentObservations: [3, 18, 10], bic: 12.831367842177169, modifiedBIC: 15.688949777250345),
    PathReference(dataset: "delong-1998", breaks: 0, rss: 7061.689803830013, breakYears: [], segmentObservations: [43], bic: 156.15342082116493, modifiedBIC: 156.15342082116493),
    PathReference(dataset: "delong-1998", breaks: 1, rss: 977.158896332568, breakYears: [-4251.411757418875], segmentObservations: [3, 40], bic: 78.63083492624888, modifiedBIC: 79.65712655333738),
    PathReference(dataset: "delong-1998", breaks: 2, rss: 134.5516208969152, breakYears: [-4404.492237479217, 1721.5005837802387], segmentObservations: [3, 30, 10], bic: 0.8970770258570688, modifiedBIC: 3.938271673487816),
    ]

    static let modes: [ModesReference] = [
    ModesReference(dataset: "kremer-1993", modes: 2, rss: 184.91449812892063, rates: [-3.8279433359960984e-05, 0.000874589225694971], bic: 12.448005149071264),
    ModesReference(dataset: "kremer-1993", modes: 3, rss: 87.45532348392399, rates: [-6.469994272129146e-05, 0.0008281864231840455, 0.012151289717975038], bic: -3.8957500663357543),
    ModesReference(dataset: "delong-1998", modes: 2, rss: 900.3959949418271, rates: [3.170358597550971e-06, 0.0009582668799393913], bic: 75.1128064869667),
    ModesReference(dataset: "delong-1998", modes: 3, rss: 158.77057264002832, rates: [-4.440418410872926e-05, 0.0008600543721397076, 0.020888702351522858], bic: 8.014105792971488),
    ]

    /// The synthetic series of the reference script (unweighted), years 0 to 1400 by 100.
    static func synthetic() -> (years: [Double], logLevels: [Double]) {
        ((0..<15).map { Double($0) * 100 },
         [1.00, 1.13, 1.19, 1.35, 1.42, 1.61, 1.93, 2.31, 2.68, 3.12, 3.49, 4.61, 5.83, 7.02, 8.30])
    }

    /// The test's level sample of a curated dataset: 10,000 BCE to 1950, gap weights.
    static func curated(_ name: String) throws -> ModelSample {
        try ModelSample.level(
            try DatasetCatalog.dataset(named: name).load().series, window: YearWindow(from: -10000, to: 1950), weighting: .gap)
    }

    static func search(_ dataset: String, maxBreaks: Int) throws -> ContinuousGrowthPaths {
        if dataset == "synthetic" {
            let data = synthetic()
            return try ContinuousGrowthPathSearch.search(years: data.years, logLevels: data.logLevels, maxBreaks: maxBreaks)
        }
        return try ContinuousGrowthPathSearch.search(try curated(dataset), maxBreaks: maxBreaks)
    }

    @Test(arguments: paths)
    func continuousPathIsTheBruteForceMinimum(_ reference: PathReference) throws {
        let found = try Self.search(reference.dataset, maxBreaks: reference.breaks)
        let path = try #require(found.paths.first { $0.breakCount == reference.breaks })
        #expect(path.rss <= reference.rss * (1 + 1e-12), "\(path.rss) vs brute force \(reference.rss)")
        #expect(relativeDifference(path.rss, reference.rss) < 1e-9, "\(path.rss) vs \(reference.rss)")
        #expect(path.breakYears.count == reference.breakYears.count)
        for (year, expected) in zip(path.breakYears, reference.breakYears) {
            #expect(abs(year - expected) < 0.01, "\(year) vs \(expected)")
        }
        #expect(path.segmentObservations == reference.segmentObservations)
        #expect(path.criteria.k == 2 * reference.breaks + 3)
        #expect(abs(path.criteria.bic - reference.bic) < 1e-6)
        #expect(abs(path.modifiedBIC - reference.modifiedBIC) < 1e-6)
    }

    /// The break count is the one with the least mBIC among the reference's counts, and the cap
    /// sensitivity lists the choice under each cap.
    @Test(arguments: ["synthetic", "kremer-1993", "delong-1998"])
    func breakCountIsChosenByModifiedBIC(_ dataset: String) throws {
        let references = Self.paths.filter { $0.dataset == dataset }
        let cap = try #require(references.map(\.breaks).max())
        let found = try Self.search(dataset, maxBreaks: cap)
        for c in 0...cap {
            let expected = try #require(references.filter { $0.breaks <= c }.min { $0.modifiedBIC < $1.modifiedBIC })
            #expect(found.bestBreakCountByCap[c] == expected.breaks)
        }
        #expect(found.bestBreakCount == found.bestBreakCountByCap[cap])
    }

    @Test(arguments: modes)
    func exponentialModesAgreeWithScipy(_ reference: ModesReference) throws {
        let sample = try Self.curated(reference.dataset)
        let paths = try ContinuousGrowthPathSearch.search(sample, maxBreaks: 3)
        let fit = try #require(try ExponentialModesFit.fit(sample, modes: reference.modes, startPaths: paths.paths))
        #expect(fit.fit.converged)
        #expect(fit.fit.rss <= reference.rss * (1 + 1e-9), "\(fit.fit.rss) vs scipy \(reference.rss)")
        #expect(relativeDifference(fit.fit.rss, reference.rss) < 1e-7, "\(fit.fit.rss) vs \(reference.rss)")
        for (rate, expected) in zip(fit.rates, reference.rates) {
            #expect(relativeDifference(rate, expected) < 1e-4, "\(rate) vs \(expected)")
        }
        #expect(fit.fit.criteria.k == 2 * reference.modes + 1)
        #expect(abs(fit.fit.bic - reference.bic) < 1e-5)
    }

    /// The test names its rival and both parameter counts, and its ΔBIC is BIC(hyperbola) minus the
    /// chosen path's mBIC (the same numbers as the search on the test's sample).
    @Test func testUsesTheContinuousPathChosenByModifiedBIC() throws {
        var options = HypothesisTestOptions()
        options.bootstrapReplicates = 0
        let series = try DatasetCatalog.dataset(named: "kremer-1993").load().series
        let result = try HypothesisTest.run(dataset: "kremer-1993", series: series, options: options)
        let stable = try #require(result.stableVersusPhase)
        let paths = try ContinuousGrowthPathSearch.search(try Self.curated("kremer-1993"), maxBreaks: options.maxBreaks)
        #expect(stable.rival.kind == .continuousPath)
        #expect(stable.rival.criterionName == "mbic")
        #expect(stable.rival.parameterCount == 2 * paths.bestBreakCount + 3)
        #expect(stable.hyperbolicParameterCount == 4)
        #expect(stable.rival.breakYears == paths.best.breakYears)
        #expect(abs(stable.deltaBIC - (stable.hyperbolicBIC - paths.best.modifiedBIC)) < 1e-9)
        #expect(stable.capSensitivity.map(\.breakCount) == paths.bestBreakCountByCap)
        #expect(stable.rivals.map(\.kind).contains(.fixedTransitionPath))
        #expect(stable.notes.isEmpty)
        let verdict = try #require(result.verdicts.phase)
        #expect(verdict.rival == .continuousPath)
        #expect(verdict.rivalParameterCount == stable.rival.parameterCount)
    }

    /// A window that starts after 3000 BCE cannot hold the fixed-transition path: the test says so in
    /// its notes instead of dropping it silently.
    @Test func missingFixedTransitionPathIsNoted() throws {
        var options = HypothesisTestOptions()
        options.bootstrapReplicates = 0
        options.window = YearWindow(from: -1000, to: 1950)
        let series = try DatasetCatalog.dataset(named: "delong-1998").load().series
        let stable = try #require(try HypothesisTest.run(dataset: "delong-1998", series: series, options: options).stableVersusPhase)
        #expect(stable.transitionPath == nil)
        #expect(!stable.rivals.contains { $0.kind == .fixedTransitionPath })
        #expect(stable.notes.contains { $0.contains("transitions fixed at 3000 BCE and 1760 was not fitted") })
    }

    /// Five observations cannot hold two breaks with segments of at least 3: a typed error, not a trap.
    @Test func tooFewObservationsIsAnError() {
        #expect(throws: FittingError.self) {
            try ContinuousPiecewiseLinear.fit(x: [1, 2, 3, 4, 5], y: [1, 2, 3, 2, 1], knots: 2)
        }
    }
}

/// Step 1 of Vuong's procedure (ω² = 0) for the free hyperbola against the exponential in the level
/// form, as the test runs it, against reference/vuong_variance_reference.py (scipy fits, numpy
/// eigenvalues of W, Satterthwaite's tail; the script also prints Imhof's exact tail, within 0.03 of
/// it on these cases). Tolerances: n ω̂² relative 1e-6 and eigenvalues relative 1e-5 (the two
/// hyperbola fits agree to about 1e-9 in RSS, less in t*), p-value absolute 1e-6.
@Suite struct VuongVarianceTests {
    struct VarianceReference: Sendable, CustomTestStringConvertible {
        let dataset: String, era: Era.Role, statistic: Double, eigenvalues: [Double], pValue: Double
        var testDescription: String { "\(dataset) \(era)" }
    }

    static let references: [VarianceReference] = [
    VarianceReference(dataset: "kremer-1993", era: .preModern, statistic: 1.1691747292461045, eigenvalues: [0.9941247025129502, 0.48848191167912935, -0.3906635048647584, 0.23276064473089444, 0.08128932586062733, -0.03317919519962557, -0.005263743785521221], pValue: 0.442201946232609),
    VarianceReference(dataset: "kremer-1993", era: .wholeWindow, statistic: 3.7271619434887304, eigenvalues: [1.8832327589044264, 0.6418935779830334, -0.5448894091266483, 0.22210537743274536, -0.09466150206458024, 0.056893073275287025, -0.013944980737636012], pValue: 0.39071244549975737),
    VarianceReference(dataset: "delong-1998", era: .preModern, statistic: 4.998361846708885, eigenvalues: [1.843939345874335, -0.813052590400891, -0.564068741799094, 0.4818314880570971, 0.15403811976167925, 0.09008548555715859, -0.04908178605393877], pValue: 0.3350063456735507),
    VarianceReference(dataset: "delong-1998", era: .wholeWindow, statistic: 12.143850905745694, eigenvalues: [2.0180436365596783, -1.7886902600092764, -0.8812534127491336, 0.6800002375891382, 0.3922990736313598, -0.11889915318373143, 0.05940609994659555], pValue: 0.2432566188744755),
    ]

    @Test(arguments: references)
    func varianceTestAgreesWithReference(_ reference: VarianceReference) throws {
        var options = HypothesisTestOptions()
        options.bootstrapReplicates = 0
        let series = try DatasetCatalog.dataset(named: reference.dataset).load().series
        let result = try HypothesisTest.run(dataset: reference.dataset, series: series, options: options)
        let comparison = try #require(result.comparison(.level, in: reference.era))
        let vuong = try #require(comparison.vuongTests.first)
        let variance = try #require(vuong.varianceTest)
        #expect(relativeDifference(variance.statistic, reference.statistic) < 1e-6, "\(variance.statistic) vs \(reference.statistic)")
        #expect(variance.eigenvalues.count == reference.eigenvalues.count)
        for (value, expected) in zip(variance.eigenvalues, reference.eigenvalues) {
            #expect(relativeDifference(value, expected) < 1e-5, "\(value) vs \(expected)")
        }
        #expect(abs(variance.pValue - reference.pValue) < 1e-6)
        #expect(vuong.indistinguishable == (reference.pValue >= 0.05))
    }
}
