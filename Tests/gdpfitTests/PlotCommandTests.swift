import Foundation
import Testing
@testable import gdpfit

/// `gdpfit plot` on a series generated exactly from a hyperbola, y = 2e5 / (2030 - t) millions, so
/// that the independent source of every expected value is the generating formula: the observations
/// (constants of this test), the interval growth rates g_i = ln(y_{i+1}/y_i)/(t_{i+1} - t_i)
/// (docs/statistics.md, written out below), and the singularity year t* = 2030 that the hyperbolic fit must
/// recover. Pixel positions come from `PlotArea`'s own scale formulas (SVGChartTests.swift), never
/// from the renderer.
@Suite struct PlotCommandTests {
    static let years: [Double] = [-10000, -8000, -5000, -3000, -1000, -500, 1, 500, 1000, 1300, 1500, 1700, 1800, 1900, 1950]
    static let singularity = 2030.0
    static func level(_ t: Double) -> Double { 2e5 / (singularity - t) }

    /// The series as a CSV file in a fresh temporary directory, with one year before the window.
    static func csvFile() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gdpfit-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let rows = ([-20000.0] + years).map { "\(Int($0)),\(level($0))" }
        let path = directory.appendingPathComponent("hyperbola.csv").path
        try (["year,population"] + rows).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func charts(_ extra: [String]) throws -> [(path: String, chart: Chart)] {
        let command = try PlotCommand.parse([try csvFile(), "--from", "-10000", "--to", "1950", "--quiet"] + extra)
        return try command.charts()
    }

    static func svg(_ extra: [String]) throws -> SVGElement {
        let charts = try charts(extra)
        #expect(charts.count == 1)
        return try SVGDocument(SVGRenderer.render(try #require(charts.first).chart)).root
    }

    @Test func seriesMarkersLandWhereTheDataSay() throws {
        let root = try Self.svg(["--out", "series.svg"])
        let area = try PlotArea(root)
        #expect(area.xScale == "years-before" && area.yScale == "log10")
        let markers = root.all("circle").filter { $0["class"] == "marker" }
        #expect(markers.count == Self.years.count)  // the year before the window is left out
        for (marker, year) in zip(markers, Self.years) {
            let x = try #require(marker["data-x"].flatMap(Double.init)), y = try #require(marker["data-y"].flatMap(Double.init))
            #expect(x == year)
            #expect(abs(y - Self.level(year)) <= 1e-12 * y)
            #expect(abs(try #require(marker["cx"].flatMap(Double.init)) - area.expectedX(x)) < 0.006)
            #expect(abs(try #require(marker["cy"].flatMap(Double.init)) - area.expectedY(y)) < 0.006)
        }
    }

    @Test func seriesDrawsEachModelAndTheSingularityLineAtTStar() throws {
        let root = try Self.svg(["--out", "series.svg", "--breaks", "2"])
        let area = try PlotArea(root)
        let curves = root.all("path").filter { $0["class"] == "curve" }.compactMap { $0["data-series"] }
        #expect(curves.contains("exponential") && curves.contains("hyperbolic"))
        #expect(curves.contains { $0.hasPrefix("growth modes") })
        let line = try #require(root.all("line").first { $0["class"] == "reference-line" })
        let tStar = try #require(line["data-value"].flatMap(Double.init))
        #expect(abs(tStar - Self.singularity) < 0.01, "the fit recovers the generating t*")
        #expect(abs(try #require(line["x1"].flatMap(Double.init)) - area.expectedX(tStar)) < 0.006)
        #expect(line["stroke-dasharray"] != nil)
        // The reference year of the axis is the first multiple of 10 after t* (see FitCharts.timeAxis).
        #expect(area.xReference == 2040)
    }

    @Test func growthChartPlacesIntervalRatesAtTheirStartingLevels() throws {
        let root = try Self.svg(["--kind", "growth", "--out", "growth.svg"])
        let area = try PlotArea(root)
        #expect(area.xScale == "log10" && area.yScale == "log10")
        let markers = root.all("circle").filter { $0["class"] == "marker" }
        #expect(markers.count == Self.years.count - 1)
        for (i, marker) in markers.enumerated() {
            let y0 = Self.level(Self.years[i]), y1 = Self.level(Self.years[i + 1])
            let g = log(y1 / y0) / (Self.years[i + 1] - Self.years[i])
            let x = try #require(marker["data-x"].flatMap(Double.init)), y = try #require(marker["data-y"].flatMap(Double.init))
            #expect(abs(x - y0) <= 1e-12 * y0 && abs(y - g) <= 1e-9 * g)
            #expect(abs(try #require(marker["cx"].flatMap(Double.init)) - area.expectedX(x)) < 0.006)
            #expect(abs(try #require(marker["cy"].flatMap(Double.init)) - area.expectedY(y)) < 0.006)
        }
        let curves = Set(root.all("path").filter { $0["class"] == "curve" }.compactMap { $0["data-series"] })
        #expect(curves == ["constant-growth: g = c", "linear-growth: g = a + b y", "power-growth: g = s y^B"])
    }

    @Test func residualsOfAnExactHyperbolaAreZero() throws {
        let root = try Self.svg(["--kind", "residuals", "--out", "residuals.svg"])
        let markers = root.all("circle").filter { $0["class"] == "marker" }
        let hyperbolic = markers.filter { $0["data-series"] == "hyperbolic" }
        #expect(hyperbolic.count == Self.years.count)
        #expect(markers.filter { $0["data-series"] == "exponential" }.count == Self.years.count)
        for marker in hyperbolic {
            #expect(abs(try #require(marker["data-y"].flatMap(Double.init))) < 1e-6)
        }
        #expect(root.all("line").contains { $0["class"] == "reference-line" && $0["data-value"] == "0.0" })
    }

    /// Gap weights leave the fan chart out (StochasticCommandTests has `all` with its fan).
    @Test func kindAllNamesEachChartBySuffix() throws {
        let charts = try Self.charts(["--kind", "all", "--weights", "gap", "--out", "figure.svg"])
        #expect(charts.map(\.path) == ["figure-series.svg", "figure-growth.svg", "figure-residuals.svg"])
        #expect(PlotCommand.path("plot", suffix: "growth") == "plot-growth.svg")
        #expect(PlotKind.all.charts == [.series, .growth, .residuals, .fan])
    }

    @Test func curatedSeriesAxesCarryTheUnits() throws {
        let chart = try #require(try PlotCommand.parse(["kremer-1993", "--out", "k.svg", "--quiet"]).charts().first?.chart)
        #expect(chart.yAxis.label == "Population (millions of people)")
    }

    @Test(arguments: [
        ["--kind", "growth", "--model", "exponential"],
        ["--kind", "series", "--model", "power-growth"],
        ["--kind", "residuals", "--model", "hyperbolic", "--model", "power-growth"],
        ["--kind", "growth", "--breaks", "2"],
        ["--breaks", "11"],
    ])
    func badCombinationsAreUsageErrors(arguments: [String]) {
        #expect(throws: (any Error).self) { try PlotCommand.parse(["kremer-1993", "--out", "x.svg"] + arguments) }
    }
}
