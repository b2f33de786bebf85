import Foundation
import Fitting
import Testing
import GrowthModels
import TestSupport

/// The hypothesis test's bookkeeping: which observations fall in which era, that the models compared
/// in an era see the same sample, seeded bootstraps, and the messages for requests that cannot be
/// answered. Expected eras and counts are worked out by hand below from the conventions of issue #3
/// and ModelSample's documentation (growth intervals belong to the era of their start year and need
/// both ends inside the window; levels belong to the era of their year; windows include both ends;
/// the modern era starts at the split year); expected messages are the wording of AnalysisError.
@Suite struct GrowthHypothesisTestTests {
    static func options(bootstrap: Int = 0, threads: Int? = nil, seed: UInt64 = 1) -> HypothesisTestOptions {
        var options = HypothesisTestOptions()
        options.bootstrapReplicates = bootstrap
        options.threads = threads
        options.seed = seed
        return options
    }

    static func series(
        years: [Double], values: [Double]? = nil, name: String = "toy", extraColumns: [String: [Double?]] = [:]
    ) throws -> Series {
        try Series(
            name: name, measure: .population, unit: "millions", years: years,
            values: values ?? years.indices.map { 4 * exp(0.3 * Double($0)) * (1 + 0.02 * sin(Double($0))) },
            provenance: Provenance(publication: "HypothesisTestTests"), extraColumns: extraColumns)
    }

    static func dataset(_ name: String) throws -> Series { try DatasetCatalog.dataset(named: name).load().series }

    // MARK: eras

    /// Observations outside the default window (-12000, 2000) and on its edges (-10000, 1950), and one
    /// exactly at the split year 1700.
    static let toyYears: [Double] = [-12000, -10000, 1000, 1500, 1600, 1650, 1700, 1750, 1800, 1850, 1900, 1950, 2000]

    @Test func erasAssignIntervalsByStartYearAndLevelsByYear() throws {
        let result = try HypothesisTest.run(dataset: "toy", series: Self.series(years: Self.toyYears), options: Self.options())
        #expect(result.growth.map(\.era.name) == ["pre-modern", "modern", "whole window"])
        #expect(result.level.map(\.era.name) == ["pre-modern", "modern", "whole window"])

        // Growth: the interval 1650-1700 starts before the split, so it is pre-modern; -12000 to
        // -10000 and 1950 to 2000 have an end outside the window and are left out.
        let growthStarts: [[Double]] = [[-10000, 1000, 1500, 1600, 1650], [1700, 1750, 1800, 1850, 1900],
                                        [-10000, 1000, 1500, 1600, 1650, 1700, 1750, 1800, 1850, 1900]]
        let growthEnds: [[Double]] = [[1000, 1500, 1600, 1650, 1700], [1750, 1800, 1850, 1900, 1950],
                                      [1000, 1500, 1600, 1650, 1700, 1750, 1800, 1850, 1900, 1950]]
        for (comparison, (starts, ends)) in zip(result.growth, zip(growthStarts, growthEnds)) {
            #expect(comparison.observations == starts.count, "\(comparison.era.name)")
            #expect(comparison.fits.count == HypothesisTest.testedModels[.growth]?.count, "\(comparison.era.name): \(comparison.notes)")
            for fit in comparison.fits {
                #expect(fit.sample.years == starts, "\(comparison.era.name) \(fit.model)")
                #expect(fit.sample.endYears == ends, "\(comparison.era.name) \(fit.model)")
            }
        }
        // Levels: the window's ends -10000 and 1950 are inside it; 1700 is modern.
        let levelYears: [[Double]] = [[-10000, 1000, 1500, 1600, 1650], [1700, 1750, 1800, 1850, 1900, 1950],
                                      Array(Self.toyYears.dropFirst().dropLast())]
        for (comparison, years) in zip(result.level, levelYears) {
            #expect(comparison.observations == years.count, "\(comparison.era.name)")
            #expect(comparison.fits.count == HypothesisTest.testedModels[.level]?.count, "\(comparison.era.name): \(comparison.notes)")
            for fit in comparison.fits { #expect(fit.sample.years == years, "\(comparison.era.name) \(fit.model)") }
        }
        #expect(result.growth[0].era.range == "before 1700")
        #expect(result.growth[1].era.range == "1700 to 1950")
        #expect(result.growth[2].era.range == "10000 BCE to 1950")
    }

    /// Era comparisons with several split years: the same rules (start year for intervals, half-open
    /// eras [split_k, split_k+1)), and a split year outside the window is refused with its message.
    @Test func eraComparisonSplitsAtEachYear() throws {
        let series = try Self.series(years: Self.toyYears)
        let window = YearWindow(from: -10000, to: 1950)
        let growth = try EraComparison.run(
            dataset: "toy", series: series, form: .growth, window: window, splits: [1700, 1500], weighting: .gap)
        #expect(growth.map(\.era.range) == ["before 1500", "1500 to before 1700", "from 1700", "10000 BCE to 1950"])
        #expect(growth.map(\.observations) == [2, 3, 5, 10])
        let level = try EraComparison.run(
            dataset: "toy", series: series, form: .level, window: window, splits: [1500, 1700], weighting: .none)
        #expect(level.map(\.observations) == [2, 3, 6, 11])
        #expect(throws: AnalysisError.invalidRequest("split year 2000 is outside the window 10000 BCE to 1950")) {
            try EraComparison.run(dataset: "toy", series: series, form: .level, window: window, splits: [2000], weighting: .none)
        }
    }

    /// Each level-form era carries Vuong's test of hyperbolic against exponential, raw and
    /// BIC-corrected, computed on that era's two fits (the statistic itself is checked against numpy
    /// in FittingTests/ComparisonTestsTests).
    @Test func levelErasCarryVuongTests() throws {
        let kremer = try DatasetCatalog.dataset(named: "kremer-1993").load().series
        let result = try HypothesisTest.run(dataset: "kremer-1993", series: kremer, options: Self.options())
        for era in result.level {
            let hyperbolic = try #require(era.fits.first { $0.isModel(.hyperbolic) })
            let exponential = try #require(era.fits.first { $0.isModel(.exponential) })
            #expect(era.vuongTests.map(\.correction) == [.none, .bic])
            let expected = try VuongTest(hyperbolic.fit, exponential.fit, correction: .none)
            #expect(era.vuongTests.first?.test == expected.test)
            // The variance pre-test rides along (checked against numpy in VuongVarianceTests).
            let variance = try #require(era.vuongTests.first?.varianceTest)
            #expect(era.vuongTests.first?.indistinguishable == !variance.distinguishable)
        }
        #expect(result.growth.allSatisfy { $0.vuongTests.isEmpty })
    }

    @Test func modelsInAnEraShareOneSample() throws {
        let series = try Self.dataset("kremer-1993")
        let result = try HypothesisTest.run(dataset: "kremer-1993", series: series, options: Self.options())
        for comparison in result.growth + result.level {
            let first = try #require(comparison.fits.first)
            #expect(comparison.fits.count == HypothesisTest.testedModels[comparison.form]?.count)
            for fit in comparison.fits {
                #expect(fit.sample == first.sample, "\(comparison.era.name) \(fit.model)")
                #expect(fit.fit.n == comparison.observations)
                #expect(fit.fit.weights == first.fit.weights)
                let response = zip(fit.fit.fitted, fit.fit.residuals).map(+)
                for (a, b) in zip(response, first.sample.response) { #expect(abs(a - b) <= 1e-12 * max(abs(b), 1e-3)) }
            }
            #expect(comparison.comparison?.observations == comparison.observations)
        }
        // kremer-1993 has 31 observations from 10,000 BCE to 1950, 21 of them before 1700.
        #expect(result.level.map(\.observations) == [21, 10, 31])
        #expect(result.growth.map(\.observations) == [21, 9, 30])
    }

    // MARK: bootstrap

    static func bootstrapFingerprint(_ result: HypothesisTestResult) -> [[Double?]] {
        result.level.map { comparison in
            guard let b = comparison.bootstrap else { return [] }
            return [b.statistic, b.pValue, Double(b.succeeded), Double(b.failed)] + b.replicateStatistics
        }
    }

    @Test func seededBootstrapIsTheSameOnOneAndTwoThreads() throws {
        let series = try Self.dataset("kremer-1993")
        let one = try HypothesisTest.run(dataset: "kremer-1993", series: series, options: Self.options(bootstrap: 19, threads: 1, seed: 7))
        let two = try HypothesisTest.run(dataset: "kremer-1993", series: series, options: Self.options(bootstrap: 19, threads: 2, seed: 7))
        let other = try HypothesisTest.run(dataset: "kremer-1993", series: series, options: Self.options(bootstrap: 19, threads: 2, seed: 8))
        #expect(one.level.allSatisfy { $0.bootstrap?.replicatesRequested == 19 })
        #expect(Self.bootstrapFingerprint(one).allSatisfy { $0.count == 4 + 19 })
        #expect(Self.bootstrapFingerprint(one) == Self.bootstrapFingerprint(two))
        #expect(one.verdicts == two.verdicts)
        // Not vacuous: another seed gives other replicates.
        #expect(Self.bootstrapFingerprint(one) != Self.bootstrapFingerprint(other))
    }

    // MARK: requests that cannot be answered

    /// un-wpp-2019 starts in 1950, so the default window (10,000 BCE to 1950) holds one observation
    /// and no growth interval: every era says why there is no comparison, and nothing traps.
    @Test func seriesOutsideTheWindowGivesNoComparisonNotes() throws {
        let series = try Self.dataset("un-wpp-2019")
        let result = try HypothesisTest.run(dataset: "un-wpp-2019", series: series, options: Self.options(bootstrap: 19))
        #expect(result.growth.map(\.observations) == [0, 0, 0])
        #expect(result.level.map(\.observations) == [0, 1, 1])
        for comparison in result.growth + result.level {
            #expect(comparison.comparison == nil)
            #expect(comparison.fits.isEmpty)
            #expect(comparison.nestedTests.isEmpty)
            #expect(comparison.bootstrap == nil)
            #expect(comparison.notes.count == HypothesisTest.testedModels[comparison.form]?.count)
        }
        #expect(result.growth[0].notes.first
            == "un-wpp-2019 pre-modern (before 1700): 0 observations are too few for constant-growth (needs at least 2)")
        #expect(result.level[1].notes.last
            == "un-wpp-2019 modern (1700 to 1950): 1 observations are too few for hyperbolic (needs at least 4)")
        #expect(result.stableVersusPhase == nil)
        #expect(result.verdicts.growth.count == 3 && result.verdicts.level.count == 3)
        #expect(result.verdicts.phase == nil)
        #expect(result.verdicts.growth[0].preferred == nil)
        #expect(result.verdicts.growth[0].reasonUnavailable
            == "un-wpp-2019 pre-modern (before 1700): 0 observations are too few for constant-growth (needs at least 2)")
    }

    @Test func tooFewObservationsNameTheSampleAndTheModel() throws {
        let series = try Self.series(years: [1800, 1850, 1900])
        let growth = try ModelSample.growth(series)
        #expect(growth.count == 2)
        _ = try GrowthModelFitter.fit(.constantGrowth, to: growth)
        #expect(throws: AnalysisError.tooFewObservations(sample: "toy", model: "linear-growth", observations: 2, needed: 3)) {
            try GrowthModelFitter.fit(.linearGrowth, to: growth)
        }
        do {
            _ = try GrowthModelFitter.fit(.powerGrowthDrift, to: growth)
            Issue.record("power-growth-drift on 2 intervals did not throw")
        } catch {
            #expect(error.description == "toy: 2 observations are too few for power-growth-drift (needs at least 4)")
        }
        let level = try ModelSample.level(series)
        do {
            _ = try GrowthModelFitter.fit(.hyperbolic, to: level)
            Issue.record("hyperbolic on 3 observations did not throw")
        } catch {
            #expect(error.description == "toy: 3 observations are too few for hyperbolic (needs at least 4)")
        }
        do {
            _ = try GrowthModelFitter.fit(formula: "a + b*t + c*t^2", start: [("a", 1), ("b", 0.01), ("c", 0)], to: level)
            Issue.record("a 3-parameter formula on 3 observations did not throw")
        } catch {
            #expect(error.description == "toy: 3 observations are too few for the formula (needs at least 4)")
        }
        #expect(throws: AnalysisError.self) { try GrowthModeSearch.search(ModelSample.level(Self.series(years: [1, 2])), maxBreaks: 1) }
    }

    @Test func weightsFromAColumnAreCheckedWithClearMessages() throws {
        let years: [Double] = [1500, 1600, 1700, 1800, 1900]
        let bare = try Self.series(years: years)
        #expect(throws: AnalysisError.weights("no column 'sd' in toy (weights are gap, none, roodman)")) {
            try ModelSample.level(bare, weighting: .column("sd"))
        }
        let withColumns = try Self.series(
            years: years, extraColumns: ["w": [1, 2, 0, 1, 1], "lower": [1, 1, 1, 1, 1], "v": [1, 2, 3, 4, nil]])
        #expect(throws: AnalysisError.weights(
            "no column 'sd' in toy (weights are gap, none, roodman, or one of: lower, v, w)")) {
            try ModelSample.growth(withColumns, weighting: .column("sd"))
        }
        #expect(throws: AnalysisError.weights(
            "column 'w' of toy at year 1700 is 0.0; weights must be positive numbers")) {
            try ModelSample.level(withColumns, weighting: .column("w"))
        }
        do {
            _ = try ModelSample.level(withColumns, weighting: Weighting("v"))
            Issue.record("a missing weight was accepted")
        } catch {
            #expect(error.description == "weights: column 'v' of toy at year 1900 is missing; weights must be positive numbers")
        }
        // A growth interval takes the weight of its start year, so the last year's cell is never used.
        let growth = try ModelSample.growth(withColumns, weighting: .column("v"))
        #expect(growth.weights == [1, 2, 3, 4])
        // The test itself weights by gap, none, roodman or inverse-variance, never by a column.
        var options = Self.options()
        options.weighting = .column("w")
        #expect(throws: AnalysisError.invalidRequest(
            "the hypothesis test weights by gap, none, roodman or inverse-variance, not a column ('w')")) {
            try HypothesisTest.run(dataset: "toy", series: withColumns, options: options)
        }
    }
}

/// The level bootstrap's observed statistic LR = n ln(RSS_exp / min(RSS_hyp, RSS_exp)), with RSS_hyp
/// the minimum over t* from t_last + 1e-6 S to t_last + 1e6 S (LevelBootstrap's definition), against
/// an independent computation: Tests/GrowthModelsTests/reference/level_bootstrap_reference.py (numpy
/// lstsq on a grid of 20,001 values of τ, refined by scipy's bounded Brent), whose printed LR values
/// are pasted below. Two interior minima and one at the near end of the interval, where the profile
/// falls all the way towards t* → t_last.
@Suite struct LevelBootstrapTests {
    static func statistic(_ series: Series, window: YearWindow) throws -> Double {
        let sample = try ModelSample.level(series, window: window, weighting: .none)
        let exponential = try GrowthModelFitter.fit(.exponential, to: sample)
        return try LevelBootstrap.exponentialAgainstHyperbolic(
            exponential: exponential, replicates: 19, seed: 1, threads: 1
        ).statistic
    }

    @Test(arguments: [
        ("kremer-1993", 45.76823533140998),
        ("maddison-2010", 11.478350877180196),
    ])
    func observedStatisticOnCuratedSeries(dataset: String, expected: Double) throws {
        let series = try DatasetCatalog.dataset(named: dataset).load(column: "population_millions").series
        let lr = try Self.statistic(series, window: YearWindow(to: 1699))
        #expect(relativeDifference(lr, expected) < 1e-6, "LR \(lr), reference \(expected)")
    }

    @Test func observedStatisticAtTheNearEndOfTheInterval() throws {
        let series = try Series(
            name: "spike", measure: .population, unit: "millions", years: [1, 1000, 1500, 1600],
            values: [100, 110, 105, 300], provenance: Provenance(publication: "LevelBootstrapTests"))
        let lr = try Self.statistic(series, window: YearWindow())
        #expect(relativeDifference(lr, 12.749986801930204) < 1e-6, "LR \(lr)")
    }

    /// maddison-2010 has 4 observations before 1700: the hyperbola (p = 3) keeps one residual degree
    /// of freedom, so the era is reported but not graded; kremer-1993's 21 intervals and 22 levels are.
    @Test func erasWithUnderThreeResidualDegreesOfFreedomAreNotGraded() throws {
        let maddison = try HypothesisTest.run(
            dataset: "maddison-2010", series: try GrowthHypothesisTestTests.dataset("maddison-2010"), options: GrowthHypothesisTestTests.options(bootstrap: 0))
        let level = try #require(maddison.verdicts.level.first { $0.era.role == .preModern })
        #expect(level.observations == 4)
        #expect(level.tooFewToGrade)
        #expect(level.preferred != nil)
        let kremer = try HypothesisTest.run(
            dataset: "kremer-1993", series: try GrowthHypothesisTestTests.dataset("kremer-1993"), options: GrowthHypothesisTestTests.options(bootstrap: 0))
        #expect(kremer.verdicts.growth.allSatisfy { !$0.tooFewToGrade })
        #expect(kremer.verdicts.level.allSatisfy { !$0.tooFewToGrade })
    }
}
