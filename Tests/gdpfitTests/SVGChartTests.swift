import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import gdpfit

/// The SVG charts of `gdpfit plot`: well-formed XML, markers where the data put them, legible ticks.
///
/// Independent source of every expected pixel position: the scale formulas written out again in
/// `PlotArea.position` below (linear: v; log10: log10(v); years before t_ref: -log10(t_ref - t); then a
/// linear map of that onto the plot-area rectangle read from the SVG), never the renderer's own
/// `AxisScale`/`AxisMapping`. Expected tick labels follow the year convention stated in
/// `YearParsing` (BCE negative, 1 CE = 1, no year 0) and the label format documented in `YearTicks`.
@Suite struct SVGChartTests {
    // MARK: Charts like the ones `gdpfit plot` draws (values of the order of Kremer 1993, Table I)

    static let years: [Double] = [-1_000_000, -300_000, -25_000, -10_000, -5000, -1000, -500, -200, 1, 200, 1000, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 1950, 2000]
    static let population: [Double] = [0.125, 1, 3.34, 4, 5, 50, 100, 150, 170, 190, 265, 360, 350, 425, 545, 610, 900, 1625, 2516, 6070]

    static func historyChart(scale: AxisScale) -> Chart {
        let points = zip(years, population).map { ChartPoint(x: $0, y: $1) }
        let singularity = 2026.0
        // On a years-before-2020 axis nothing at or after 2020 can be placed: sample up to 2019 there.
        let lastSampled = scale == .linear ? singularity - 0.1 : 2019
        return Chart(
            title: "World population",
            xAxis: ChartAxis(label: "Year", scale: scale, tickLabels: .years),
            yAxis: ChartAxis(label: "World population (millions of people)", scale: .log10),
            markers: [ChartMarkers(name: "Kremer (1993)", points: points)],
            curves: [
                .sampled(name: "Hyperbolic fit", from: -1_000_000, to: lastSampled, scale: scale) { 2e5 / (singularity - $0) },
                .sampled(name: "Exponential fit", colour: .vermillion, dash: .dashed, from: -1_000_000, to: 2000, scale: scale) {
                    6070 * exp(0.0005 * ($0 - 2000))
                },
            ],
            verticalLines: [ReferenceLine(label: "Singularity year t* = 2026", value: singularity)]
        )
    }

    /// Growth between observations, g_i = ln(y_{i+1}/y_i)/(t_{i+1} - t_i), against the level y_i: the fall
    /// of 1300-1400 gives one negative rate.
    static func growthChart() -> Chart {
        let points = (0..<(years.count - 1)).map { i in
            ChartPoint(x: population[i], y: log(population[i + 1] / population[i]) / (years[i + 1] - years[i]))
        } + [ChartPoint(x: 100, y: 0), ChartPoint(x: .nan, y: 0.01)]
        return Chart(
            title: "Growth rate against level",
            xAxis: ChartAxis(label: "World population (millions of people)", scale: .log10),
            yAxis: ChartAxis(label: "Growth rate (per year)", scale: .log10),
            markers: [ChartMarkers(name: "Interval growth", points: points)],
            curves: [.sampled(name: "g = s y^B", from: 0.1, to: 10_000, scale: .log10) { 3e-6 * $0 }]
        )
    }

    static func residualChart() -> Chart {
        let residuals: [Double] = [0.3, -0.2, 0.05, -0.4, 0.1, 0.25, -0.1, 0.0, 0.15, -0.3]
        let points = zip(years.suffix(10), residuals).map { ChartPoint(x: $0, y: $1) }
        return Chart(
            title: "Residuals",
            xAxis: ChartAxis(label: "Year", tickLabels: .years),
            yAxis: ChartAxis(label: "Residual (ln millions of people)"),
            markers: [
                ChartMarkers(name: "Hyperbolic", points: points),
                ChartMarkers(name: "Exponential", points: points.map { ChartPoint(x: $0.x, y: -$0.y / 2) }, colour: .vermillion, filled: false),
            ],
            horizontalLines: [ReferenceLine(label: "", value: 0, colour: .black, dash: .solid)]
        )
    }

    static func fanChart() -> Chart {
        let xs = stride(from: 2000.0, through: 2100, by: 10).map { $0 }
        return Chart(
            title: "Simulated paths",
            xAxis: ChartAxis(label: "Year", tickLabels: .years),
            yAxis: ChartAxis(label: "GDP (billions of 1990 dollars)", scale: .log10),
            curves: [ChartCurve(name: "Median", points: xs.map { ChartPoint(x: $0, y: 100 * exp(0.02 * ($0 - 2000))) })],
            bands: [
                ChartBand(name: "5-95%", samples: xs.map { ChartBand.Sample(x: $0, lower: 100 * exp(0.01 * ($0 - 2000)), upper: 100 * exp(0.03 * ($0 - 2000))) }),
                ChartBand(name: "25-75%", samples: xs.map { ChartBand.Sample(x: $0, lower: 100 * exp(0.015 * ($0 - 2000)), upper: 100 * exp(0.025 * ($0 - 2000))) }),
            ]
        )
    }

    static let allCharts: [(String, Chart)] = [
        ("history, years before 2020", historyChart(scale: .yearsBefore(reference: 2020))),
        ("history, linear years", historyChart(scale: .linear)),
        ("growth against level", growthChart()),
        ("residuals", residualChart()),
        ("fan", fanChart()),
    ]

    // MARK: Tests

    @Test(arguments: allCharts.map(\.0))
    func svgParsesAsXMLAndIsSelfContained(name: String) throws {
        let chart = try #require(Self.allCharts.first { $0.0 == name }?.1)
        let svg = SVGRenderer.render(chart)
        let root = try SVGDocument(svg).root
        #expect(root.name == "svg")
        #expect(root["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root["version"] == "1.1")
        #expect(root["font-family"] == "sans-serif")
        let width = try #require(root["width"]), height = try #require(root["height"])
        #expect(root["viewBox"] == "0 0 \(width) \(height)")
        #expect(root.all("script").isEmpty)
        #expect(!svg.contains("href"))
        #expect(root.all("text").contains { $0.text == chart.xAxis.label })
        #expect(root.all("text").contains { $0.text == chart.yAxis.label })
    }

    @Test(arguments: allCharts.map(\.0))
    func markersLandWhereTheDataSay(name: String) throws {
        let chart = try #require(Self.allCharts.first { $0.0 == name }?.1)
        let root = try SVGDocument(SVGRenderer.render(chart)).root
        let area = try PlotArea(root)
        let markers = root.all("circle").filter { $0["class"] == "marker" }
        let drawable = chart.markers.flatMap(\.points).filter { area.canPlace($0) }
        #expect(markers.count == drawable.count)
        #expect(!markers.isEmpty || chart.markers.isEmpty)
        for (marker, point) in zip(markers, drawable) {
            let x = try #require(marker["data-x"].flatMap(Double.init)), y = try #require(marker["data-y"].flatMap(Double.init))
            #expect(x == point.x && y == point.y)
            let cx = try #require(marker["cx"].flatMap(Double.init)), cy = try #require(marker["cy"].flatMap(Double.init))
            #expect(abs(cx - area.expectedX(x)) < 0.006, "\(name): x = \(x)")
            #expect(abs(cy - area.expectedY(y)) < 0.006, "\(name): y = \(y)")
        }
    }

    /// With the ranges fixed by the caller, the expected positions use only constants of this test.
    @Test func fixedRangesAreHonoured() throws {
        var chart = Self.historyChart(scale: .yearsBefore(reference: 2020))
        chart.xAxis.range = -1_000_000...2010
        chart.yAxis.range = 0.1...10_000
        let root = try SVGDocument(SVGRenderer.render(chart)).root
        let rect = try #require(root.all("rect").first { $0["id"] == "plot-area" })
        let left = try #require(rect["x"].flatMap(Double.init)), top = try #require(rect["y"].flatMap(Double.init))
        let width = try #require(rect["width"].flatMap(Double.init)), height = try #require(rect["height"].flatMap(Double.init))
        let marker = try #require(root.all("circle").first { $0["data-x"] == "-10000.0" })
        // t = 10,000 BCE is 12,020 years before 2020; the axis runs from 1,002,020 to 10 years before.
        let expectedX = left + (-log10(12_020.0) + log10(1_002_020.0)) / (-log10(10.0) + log10(1_002_020.0)) * width
        // y = 4 million on a log axis from 0.1 to 10,000 million: 1.60206 of 5 decades up from the bottom.
        let expectedY = top + height - (log10(4.0) - log10(0.1)) / (log10(10_000.0) - log10(0.1)) * height
        #expect(abs(try #require(marker["cx"].flatMap(Double.init)) - expectedX) < 0.006)
        #expect(abs(try #require(marker["cy"].flatMap(Double.init)) - expectedY) < 0.006)
    }

    @Test func linearYearAxisHasLegibleBCELabels() throws {
        var chart = Self.residualChart()
        chart.xAxis.range = -10_000...2000
        let root = try SVGDocument(SVGRenderer.render(chart)).root
        let labels = try tickLabels(root, axis: "x-axis")
        #expect(labels.contains { $0.text == "10,000 BCE" })
        #expect(labels.contains { $0.text == "1 CE" })
        #expect(!labels.contains { $0.text == "0" || $0.value == 0 })
        for label in labels { #expect(label.text == expectedYearLabel(label.value)) }
        try expectNoOverlap(labels)
    }

    @Test func yearsBeforeAxisTicksAreCalendarYearsAtLogPositions() throws {
        let root = try SVGDocument(SVGRenderer.render(Self.historyChart(scale: .yearsBefore(reference: 2020)))).root
        let area = try PlotArea(root)
        let labels = try tickLabels(root, axis: "x-axis")
        #expect(labels.count >= 5)
        #expect(labels.contains { $0.text == "1 CE" })
        #expect(labels.contains { $0.text == "1,000,000 BCE" })
        #expect(labels.contains { $0.text == "10,000 BCE" })
        for label in labels {
            #expect(label.text == expectedYearLabel(label.value))
            #expect(abs(label.position - area.expectedX(label.value)) < 0.006, "tick \(label.text)")
        }
        try expectNoOverlap(labels)
    }

    @Test func logAxisTicksAreDecadesAtTheirPositions() throws {
        var chart = Self.historyChart(scale: .linear)
        chart.yAxis.range = 1...10_000
        let root = try SVGDocument(SVGRenderer.render(chart)).root
        let rect = try #require(root.all("rect").first { $0["id"] == "plot-area" })
        let top = try #require(rect["y"].flatMap(Double.init)), height = try #require(rect["height"].flatMap(Double.init))
        let labels = try tickLabels(root, axis: "y-axis")
        #expect(labels.map(\.text) == ["1", "10", "100", "1000", "10,000"])
        let yAxis = try #require(root.all("g").first { $0["id"] == "y-axis" })
        for tick in yAxis.all("line") where tick["class"] == "tick major" {
            let value = try #require(tick["data-value"].flatMap(Double.init))
            let y = try #require(tick["y1"].flatMap(Double.init))
            // Four decades over the plot height: 10^k sits k/4 of the way up.
            #expect(abs(y - (top + height - log10(value) / 4 * height)) < 0.006, "tick \(value)")
        }
        // Minor ticks at 2, 3, ..., 9 times each of the four decades 1, 10, 100, 1000.
        #expect(yAxis.all("line").filter { $0["class"] == "tick minor" }.count == 4 * 8)
    }

    @Test func pointsThatCannotBePlacedAreCountedInACaption() throws {
        let chart = Self.growthChart()
        let root = try SVGDocument(SVGRenderer.render(chart)).root
        let points = chart.markers[0].points
        // Counted here from the data: rates <= 0 (the 1300-1400 fall and the added zero), and the NaN level.
        let nonPositive = points.filter { $0.x.isFinite && $0.y.isFinite && $0.y <= 0 }.count
        let nonFinite = points.filter { !$0.x.isFinite || !$0.y.isFinite }.count
        #expect(nonPositive == 2 && nonFinite == 1)
        let notes = root.all("text").filter { $0["class"] == "note" }
        let omittedOnY = try #require(notes.first { $0["data-reason"] == "y-domain" })
        #expect(omittedOnY["data-omitted"] == "\(nonPositive)")
        #expect(omittedOnY.text.hasPrefix("\(nonPositive) of \(points.count) points of “Interval growth” not shown"))
        #expect(omittedOnY.text.contains("zero or negative values cannot be placed on a log scale"))
        let omittedNaN = try #require(notes.first { $0["data-reason"] == "non-finite" })
        #expect(omittedNaN["data-omitted"] == "\(nonFinite)")
        #expect(root.all("circle").filter { $0["class"] == "marker" }.count == points.count - nonPositive - nonFinite)
    }

    @Test func renderingIsDeterministic() {
        for (_, chart) in Self.allCharts {
            #expect(SVGRenderer.render(chart) == SVGRenderer.render(chart))
        }
        #expect(SVGRenderer.render(Self.growthChart()) == SVGRenderer.render(Self.growthChart()))
    }

    @Test func textIsEscaped() throws {
        var chart = Self.residualChart()
        chart.title = "GDP & <population> \"per\" 'head'"
        chart.markers[0].name = "A & B < C"
        let root = try SVGDocument(SVGRenderer.render(chart)).root
        #expect(root.all("title").first?.text == chart.title)
        #expect(root.all("text").contains { $0.text == "A & B < C" })
    }

    @Test func referenceLinesSitAtTheirValues() throws {
        let history = try SVGDocument(SVGRenderer.render(Self.historyChart(scale: .linear))).root
        let area = try PlotArea(history)
        let singularity = try #require(history.all("line").first { $0["class"] == "reference-line" })
        #expect(abs(try #require(singularity["x1"].flatMap(Double.init)) - area.expectedX(2026)) < 0.006)
        #expect(singularity["stroke-dasharray"] != nil)

        let residuals = try SVGDocument(SVGRenderer.render(Self.residualChart())).root
        let residualArea = try PlotArea(residuals)
        let zero = try #require(residuals.all("line").first { $0["class"] == "reference-line" })
        #expect(abs(try #require(zero["y1"].flatMap(Double.init)) - residualArea.expectedY(0)) < 0.006)

        // On a years-before-2020 axis the singularity year 2026 cannot be placed: a note says so.
        let reversed = try SVGDocument(SVGRenderer.render(Self.historyChart(scale: .yearsBefore(reference: 2020)))).root
        #expect(reversed.all("line").filter { $0["class"] == "reference-line" }.isEmpty)
        #expect(reversed.all("text").contains { $0["class"] == "note" && $0.text.contains("Singularity year t* = 2026") })
    }

    /// The hyperbola is sampled up to 0.1 year before its singularity (y ~ 2e6 million on a log axis):
    /// its path must stay inside the plot area, clipped, with no huge coordinates.
    @Test func curvesAreClippedToThePlotArea() throws {
        let root = try SVGDocument(SVGRenderer.render(Self.historyChart(scale: .linear))).root
        let area = try PlotArea(root)
        let curves = root.all("path").filter { $0["class"] == "curve" }
        #expect(curves.count == 2)
        for curve in curves {
            let numbers = try #require(curve["d"]).split(whereSeparator: { "ML, ".contains($0) }).compactMap { Double($0) }
            for (x, y) in stride(from: 0, to: numbers.count - 1, by: 2).map({ (numbers[$0], numbers[$0 + 1]) }) {
                #expect(x >= area.left - 1.01 && x <= area.left + area.width + 1.01)
                #expect(y >= area.top - 1.01 && y <= area.top + area.height + 1.01)
            }
        }
    }

    @Test func fanChartDrawsClosedBandsBehindTheMedian() throws {
        let root = try SVGDocument(SVGRenderer.render(Self.fanChart())).root
        let bands = root.all("path").filter { $0["class"] == "band" }
        #expect(bands.map { $0["data-series"] } == ["5-95%", "25-75%"])
        // Eleven samples: eleven points along the upper edge, eleven back along the lower, closed.
        for band in bands {
            let d = try #require(band["d"])
            #expect(d.hasSuffix("Z") && d.filter { $0 == "," }.count == 22)
        }
        #expect(root.all("g").first { $0["id"] == "legend" }?.all("g").count == 3)
    }

    // MARK: Helpers

    /// Year labels as `YearParsing` reads them back: "N BCE" for negative years, "1 CE", plain digits,
    /// with comma separators from 10,000 up.
    func expectedYearLabel(_ year: Double) -> String {
        let plain = String(Int(abs(year)))
        var digits = plain
        if plain.count > 4 {
            for offset in stride(from: plain.count - 3, to: 0, by: -3) {
                digits.insert(",", at: digits.index(digits.startIndex, offsetBy: offset))
            }
        }
        if year < 0 { return digits + " BCE" }
        return year == 1 ? "1 CE" : digits
    }

    struct TickLabel {
        var text: String
        var value: Double
        var position: Double
    }

    func tickLabels(_ root: SVGElement, axis: String) throws -> [TickLabel] {
        let group = try #require(root.all("g").first { $0["id"] == axis })
        return try group.all("text").filter { $0["class"] == "tick-label" }.map { text in
            TickLabel(text: text.text, value: try #require(text["data-value"].flatMap(Double.init)),
                      position: try #require(text[axis == "x-axis" ? "x" : "y"].flatMap(Double.init)))
        }
    }

    /// Centred labels overlap when their centres are closer than half their widths, at 0.6 em per
    /// character for 11-px text (an upper bound on the mean glyph width of the usual sans-serif fonts).
    func expectNoOverlap(_ labels: [TickLabel]) throws {
        let sorted = labels.sorted { $0.position < $1.position }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            let halfWidths = (Double(a.text.count) + Double(b.text.count)) * 11 * 0.6 / 2
            #expect(b.position - a.position > halfWidths, "\(a.text) and \(b.text) overlap")
        }
    }
}

/// The plot-area rectangle and scales as the SVG states them, with the test's own scale formulas.
struct PlotArea {
    var left, top, width, height: Double
    var xScale, yScale: String
    var xReference, yReference: Double?
    var xMin, xMax, yMin, yMax: Double

    init(_ root: SVGElement) throws {
        let rect = try #require(root.all("rect").first { $0["id"] == "plot-area" })
        func number(_ key: String) throws -> Double { try #require(rect[key].flatMap(Double.init), "\(key)") }
        left = try number("x"); top = try number("y"); width = try number("width"); height = try number("height")
        xMin = try number("data-x-min"); xMax = try number("data-x-max")
        yMin = try number("data-y-min"); yMax = try number("data-y-max")
        xScale = try #require(rect["data-x-scale"]); yScale = try #require(rect["data-y-scale"])
        xReference = rect["data-x-reference"].flatMap(Double.init); yReference = rect["data-y-reference"].flatMap(Double.init)
        // Values grow rightwards and upwards (on a years-before axis too: time runs left to right).
        #expect(xMin < xMax && yMin < yMax)
    }

    /// linear: v; log10: log10(v); years before t_ref (reversed): -log10(t_ref - v). Nil off the domain.
    static func position(_ v: Double, scale: String, reference: Double?) -> Double? {
        guard v.isFinite else { return nil }
        switch scale {
        case "linear": return v
        case "log10": return v > 0 ? log10(v) : nil
        case "years-before": return reference.flatMap { v < $0 ? -log10($0 - v) : nil }
        default: return nil
        }
    }

    func canPlace(_ point: ChartPoint) -> Bool {
        PlotArea.position(point.x, scale: xScale, reference: xReference) != nil
            && PlotArea.position(point.y, scale: yScale, reference: yReference) != nil
    }

    func expectedX(_ v: Double) -> Double {
        let p = { PlotArea.position($0, scale: xScale, reference: xReference) ?? .nan }
        return left + (p(v) - p(xMin)) / (p(xMax) - p(xMin)) * width
    }

    func expectedY(_ v: Double) -> Double {
        let p = { PlotArea.position($0, scale: yScale, reference: yReference) ?? .nan }
        return top + height - (p(v) - p(yMin)) / (p(yMax) - p(yMin)) * height
    }
}

/// A parsed XML element: enough of a DOM to query an SVG in tests.
final class SVGElement {
    let name: String
    let attributes: [String: String]
    var children: [SVGElement] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    subscript(key: String) -> String? { attributes[key] }

    /// Every descendant named `name`, in document order.
    func all(_ name: String) -> [SVGElement] {
        children.flatMap { ($0.name == name ? [$0] : []) + $0.all(name) }
    }
}

/// Parses SVG text with Foundation's XMLParser; throws if it is not well-formed XML.
struct SVGDocument {
    struct NotWellFormed: Error { var description: String }

    let root: SVGElement

    init(_ text: String) throws {
        let parser = XMLParser(data: Data(text.utf8))
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.document.children.first else {
            throw NotWellFormed(description: parser.parserError.map { "\($0)" } ?? "no root element")
        }
        self.root = root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        let document = SVGElement(name: "#document", attributes: [:])
        lazy var stack: [SVGElement] = [document]

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let element = SVGElement(name: name, attributes: attributes)
            stack.last?.children.append(element)
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}
