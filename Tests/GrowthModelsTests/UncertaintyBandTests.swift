import Foundation
import Testing
import TestSupport
@testable import GrowthModels

/// Uncertainty bands as data (issue 12, items 3 and 5). Every expected number is printed by
/// Tests/GrowthModelsTests/reference/band_reference.py (numpy, reading datasets/*.csv directly); its
/// output lines are quoted beside each test.
@Suite struct UncertaintyBandTests {
    static let preModern = YearWindow(from: -10000, to: 1700)

    /// The exponential level fit (ln y = a + r t, unweighted unless said) of `series` over 10,000 BCE to 1700.
    static func exponential(_ series: Series, weighting: Weighting = .none) throws -> GrowthModelFit {
        try GrowthModelFitter.fit(.exponential, to: ModelSample.level(series, window: preModern, weighting: weighting))
    }

    static func expectLine(_ fit: GrowthModelFit, n: Int, a: Double, r: Double, rss: Double) {
        #expect(fit.converged)
        #expect(fit.fit.n == n)
        #expect(relativeDifference(fit.parameter("a") ?? .nan, a) < 1e-9, "a \(fit.parameter("a") ?? .nan)")
        #expect(relativeDifference(fit.parameter("r") ?? .nan, r) < 1e-9, "r \(fit.parameter("r") ?? .nan)")
        #expect(relativeDifference(fit.fit.rss, rss) < 1e-9, "RSS \(fit.fit.rss)")
    }

    /// uscb midpoints (first three): ['3.1622776601683795', '5.0', '7.0710678118654755'] count 39
    /// 1. uscb midpoint, exponential, 10000 BCE to 1700: n=30 a=5.13838408146863 r=0.0005029109543318346 rss=6.230688165502451
    @Test func censusDefaultIsTheGeometricMidpoint() throws {
        let loaded = try DatasetCatalog.dataset(named: "uscb-summary").load()
        let series = loaded.series
        #expect(loaded.warnings.isEmpty)
        #expect(series.count == 39)
        #expect(series.name == "uscb-summary:midpoint(population_lower_millions,population_upper_millions)")
        #expect(series.measure == .population && series.unit == "millions of people")
        #expect(series.band == BandColumns(lower: "population_lower_millions", upper: "population_upper_millions"))
        #expect(relativeDifference(series.values[0], 3.1622776601683795) < 1e-15)
        #expect(series.values[1] == 5 && relativeDifference(series.values[2], 7.0710678118654755) < 1e-15)
        Self.expectLine(try Self.exponential(series), n: 30, a: 5.13838408146863, r: 0.0005029109543318346, rss: 6.230688165502451)
        // Asking for the midpoint by name gives the same series.
        #expect(try DatasetCatalog.dataset(named: "uscb-summary").load(bound: .midpoint).series == series)
    }

    /// 2. hyde lower, exponential, 10000 BCE to 1700: n=27 a=4.423710114334468 r=0.0007136567094049795 rss=1.815442881389802
    /// 2. hyde upper, exponential, 10000 BCE to 1700: n=28 a=5.820975876368981 r=0.0004007460146258803 rss=0.5601146904379036
    @Test func hydeBoundsLoadAsSeries() throws {
        let hyde = try DatasetCatalog.dataset(named: "hyde-3.2.1")
        let lower = try hyde.load(bound: .lower)
        #expect(lower.series.name == "hyde-3.2.1:population_lower_millions")
        #expect(lower.series.years.first == -9000)
        #expect(lower.warnings.map(\.description) == [
            "datasets/hyde-3.2.1.csv:2: column 'population_lower_millions' is 0 on line 2: a lower bound of 0 cannot be logged; "
                + "row left out of the lower bound",
        ])
        Self.expectLine(
            try Self.exponential(lower.series), n: 27, a: 4.423710114334468, r: 0.0007136567094049795, rss: 1.815442881389802)
        let upper = try hyde.load(bound: .upper)
        #expect(upper.warnings.isEmpty && upper.series.years.first == -10000)
        Self.expectLine(
            try Self.exponential(upper.series), n: 28, a: 5.820975876368981, r: 0.0004007460146258803, rss: 0.5601146904379036)
        // The central series carries its band; a dataset without one refuses a bound.
        #expect(try hyde.load().series.band == BandColumns(lower: "population_lower_millions", upper: "population_upper_millions"))
        #expect(throws: SeriesError.noBand(dataset: "kremer-1993")) {
            try DatasetCatalog.dataset(named: "kremer-1993").load(bound: .upper)
        }
    }

    /// 3. hyde inverse-variance weights (first three, last): ['1.0', '0.6284837832735463', '0.8940168411190751'] 45.98702993787998
    /// 3. hyde central, exponential, inverse-variance, 10000 BCE to 1700: n=28 a=5.448146560883251 r=0.0004773412921103791 rss=3.994837555688238
    @Test func inverseVarianceWeightsFromTheBand() throws {
        let series = try DatasetCatalog.dataset(named: "hyde-3.2.1").load().series
        let sample = try ModelSample.level(series, window: Self.preModern, weighting: .inverseVariance)
        let weights = try #require(sample.weights)
        for (computed, expected) in zip(weights.prefix(3) + [weights[weights.count - 1]], [1.0, 0.6284837832735463, 0.8940168411190751, 45.98702993787998]) {
            #expect(relativeDifference(computed, expected) < 1e-12, "weight \(computed) vs \(expected)")
        }
        Self.expectLine(
            try Self.exponential(series, weighting: .inverseVariance), n: 28, a: 5.448146560883251, r: 0.0004773412921103791,
            rss: 3.994837555688238)
    }

    /// 4. uscb midpoint growth inverse-variance weights (first three): ['2975450.285079214', '2387148.229904827', '11239392.497430282']
    /// 4. uscb midpoint constant growth, inverse-variance: 0.0004913695678163458 intervals 29
    @Test func inverseVarianceGrowthWeights() throws {
        let series = try DatasetCatalog.dataset(named: "uscb-summary").load().series
        let sample = try ModelSample.growth(series, window: Self.preModern, weighting: .inverseVariance)
        let weights = try #require(sample.weights)
        for (computed, expected) in zip(weights.prefix(3), [2975450.285079214, 2387148.229904827, 11239392.497430282]) {
            #expect(relativeDifference(computed, expected) < 1e-12, "weight \(computed) vs \(expected)")
        }
        let fit = try GrowthModelFitter.fit(.constantGrowth, to: sample)
        #expect(fit.fit.n == 29)
        #expect(relativeDifference(fit.parameter("c") ?? .nan, 0.0004913695678163458) < 1e-9)
    }

    // MARK: a user's CSV file with bound columns

    private static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gdpfit-band-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Values written in the CSV text; √(4·9) = 6 and √(16·25) = 20 exactly.
    @Test func csvBoundColumns() throws {
        let path = try Self.file("year,lo,hi,mid\n1,0,4,2\n2,4,9,5\n3,16,25,21\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let band = BandColumns(lower: "lo", upper: "hi")
        let midpoint = try DataSource.load(path, band: band)
        #expect(midpoint.series.years == [2, 3] && midpoint.series.values == [6, 20])
        #expect(midpoint.series.name == "\(path):midpoint(lo,hi)")
        #expect(midpoint.warnings.map(\.message) == [
            "column 'lo' is 0 on line 2: a lower bound of 0 cannot be logged; row left out of the band's midpoint",
        ])
        let central = try DataSource.load(path, column: "mid", band: band)
        #expect(central.series.values == [2, 5, 21] && central.series.band == band && central.warnings.isEmpty)
        #expect(try DataSource.load(path, column: "mid", band: band, bound: .upper).series.values == [4, 9, 25])
        #expect(throws: SeriesError.noBand(dataset: path)) { try DataSource.load(path, column: "mid", bound: .lower) }
    }

    @Test(arguments: [
        ("year,lo,hi\n1,5,3\n", "data.csv:2: lower bound 5 (column 'lo') is above upper bound 3 (column 'hi')"),
        ("year,lo,hi\n1,1,2\n2,-1,3\n", "data.csv:3: column 'lo': bound -1 is negative"),
        ("year,lo,hi\n1,1,0\n", "data.csv:2: column 'hi': value 0 is not positive"),
    ])
    func badBands(text: String, message: String) throws {
        let path = try Self.file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: SeriesError.self) { try DataSource.load(path, band: BandColumns(lower: "lo", upper: "hi")) }
        #expect(error?.description.replacingOccurrences(of: path, with: "data.csv") == message)
    }

    /// The standard deviation on ln y: a uniform band's (ln u − ln l)/√12, else Roodman's spline
    /// (a band of zero width, or a lower bound of 0). ln(10)/√12 and the knot 1.00 at 10,000 BCE.
    @Test func logSDFallsBackToTheSpline() throws {
        let series = try DatasetCatalog.dataset(named: "uscb-summary").load().series
        #expect(relativeDifference(UncertaintyBand.logSD(of: series, at: 0), log(10) / 12.0.squareRoot()) < 1e-15)
        #expect(UncertaintyBand.logSD(of: series, at: 1) == RoodmanUncertainty.relativeSD(atYear: -8000))  // 5/5
        let hyde = try DatasetCatalog.dataset(named: "hyde-3.2.1").load().series
        #expect(UncertaintyBand.logSD(of: hyde, at: 0) == 1)  // lower bound 0 at 10,000 BCE
    }
}
