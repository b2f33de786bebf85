import Foundation
import GrowthModels
import Testing
@testable import gdpfit

/// `gdpfit plot` as a publication figure: the format follows --out's extension, with title, labels,
/// time scale and size from the command line.
///
/// Independent sources: the PNG signature and IHDR layout of the PNG specification (ISO/IEC 15948,
/// W3C PNG 2nd edition §5.2-5.3, §11.2.2: 8 signature bytes, then the IHDR chunk whose data start
/// with the width and height as 4-byte big-endian integers at bytes 16-23); the PDF header "%PDF-"
/// and the page's /MediaBox of ISO 32000-1 §7.5.2 and §7.7.3.3; CSS Values 3 §6.2 for the page
/// size (1px = 1/96 in, 1pt = 1/72 in, so a page is 0.75 pt per pixel). Expected counts of
/// non-positive growth rates are counted here from the generating formula or the dataset.
@Suite struct FigureFormatTests {
    /// The hyperbola of PlotCommandTests as a CSV file.
    static func csv() throws -> String { try PlotCommandTests.csvFile() }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Width and height from the IHDR chunk (big-endian), nil unless the file starts as a PNG does.
    static func pngSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count >= 24, Array(bytes.prefix(8)) == pngSignature, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (int(16), int(20))
    }

    /// The /MediaBox entries of the file's /Type /Page objects (not /Pages), as numbers.
    static func pdfPages(_ bytes: [UInt8]) -> [[Double]] {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.components(separatedBy: "/Type /Page").dropFirst().filter { !$0.hasPrefix("s") }.compactMap { object in
            guard let range = object.range(of: "/MediaBox [") else { return nil }
            let numbers = object[range.upperBound...].prefix { $0 != "]" }
            return numbers.split(separator: " ").compactMap { Double($0) }
        }
    }

    static func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test func pngHasTheSignatureAndTheRequestedPixelSize() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let csv = try Self.csv()
        let run = try GDPFitExecutable.run(["plot", csv, "--out", scratch.path("fig.png"), "--width", "1000", "--height", "700"])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
        let bytes = try Self.read(scratch.path("fig.png"))
        let size = try #require(Self.pngSize(bytes), "not a PNG: \(bytes.prefix(16))")
        #expect(size.width == 1000 && size.height == 700)
        #expect(!String(decoding: bytes.prefix(200), as: UTF8.self).contains("<svg"))
        // The same command gives the same bytes.
        let again = try GDPFitExecutable.run(["plot", csv, "--out", scratch.path("again.png"), "--width", "1000", "--height", "700"])
        #expect(again.status == 0)
        #expect(try Self.read(scratch.path("again.png")) == bytes)
    }

    @Test func pdfHasOnePageOfThreeQuartersOfAPointPerPixel() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let csv = try Self.csv()
        let run = try GDPFitExecutable.run(["plot", csv, "--kind", "growth", "--out", scratch.path("fig.pdf"), "--width", "1000", "--height", "700"])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
        let bytes = try Self.read(scratch.path("fig.pdf"))
        #expect(String(decoding: bytes.prefix(5), as: UTF8.self) == "%PDF-")
        #expect(String(decoding: bytes.suffix(8), as: UTF8.self).contains("%%EOF"))
        let pages = Self.pdfPages(bytes)
        #expect(pages.count == 1)
        let pointsPerPixel: Double = 72.0 / 96.0
        let page: [Double] = [0, 0, 1000 * pointsPerPixel, 700 * pointsPerPixel]
        #expect(pages.first == page)
        let again = try GDPFitExecutable.run(["plot", csv, "--kind", "growth", "--out", scratch.path("again.pdf"), "--width", "1000", "--height", "700"])
        #expect(again.status == 0)
        #expect(try Self.read(scratch.path("again.pdf")) == bytes, "a PDF with a creation date would differ")
    }

    @Test func kindAllWritesEveryChartInTheFormatOfTheExtension() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let run = try GDPFitExecutable.run(["plot", try Self.csv(), "--kind", "all", "--weights", "gap", "--out", scratch.path("fig.pdf"), "--quiet"])
        #expect(run.status == 0, "\(run)")
        for name in ["fig-series.pdf", "fig-growth.pdf", "fig-residuals.pdf"] {
            let bytes = try Self.read(scratch.path(name))
            #expect(String(decoding: bytes.prefix(5), as: UTF8.self) == "%PDF-", "\(name)")
            #expect(Self.pdfPages(bytes).first == [0, 0, 600, 390], "\(name): 800 × 520 px by default")
        }
        #expect(PlotCommand.path("fig.PNG", suffix: "fan") == "fig-fan.PNG")
        #expect(PlotCommand.path("out/fig.v2.svg", suffix: "growth") == "out/fig.v2-growth.svg")
    }

    @Test(arguments: [
        (["--out", "fig.jpg"], ".jpg"),
        (["--out", "fig"], "no extension"),
        (["--out", "fig.svg.txt"], ".txt"),
        (["--kind", "all", "--out", "fig.eps"], ".eps"),
    ])
    func otherExtensionsAreUsageErrorsNamingTheSupportedOnes(arguments: [String], named: String) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let run = try GDPFitExecutable.run(["plot", try Self.csv()] + arguments, in: scratch.url)
        #expect(run.status == 64 && !run.crashed, "\(run)")
        let first = run.errorLines.first ?? ""
        for text in [named, ".svg, .png or .pdf"] { #expect(first.contains(text), "\(text) not in: \(first)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty, "nothing is written")
    }

    @Test func renderFailuresAreOneLineMessages() {
        for svg in ["<svg", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"/>"] {
            for format in [FigureFormat.png, .pdf] {
                do {
                    _ = try FigureRendering.bytes(svg: svg, as: format)
                    Issue.record("\(format) of \(svg) rendered")
                } catch {
                    #expect(!error.description.isEmpty && !error.description.contains("\n"), "\(error)")
                }
            }
        }
    }

    @Test func titleLabelsAndTimeScaleComeFromTheCommandLine() throws {
        let chart = try #require(try PlotCommand.parse([
            try Self.csv(), "--title", "World population, 10,000 BCE to 1950", "--xlabel", "Calendar year", "--ylabel", "Millions",
            "--xscale", "linear", "--width", "640", "--height", "480", "--out", "fig.svg", "--quiet",
        ]).charts().first?.chart)
        let root = try SVGDocument(SVGRenderer.render(chart)).root
        #expect(root.all("title").first?.text == "World population, 10,000 BCE to 1950")
        #expect(root.all("text").first { $0["id"] == "x-axis-label" }?.text == "Calendar year")
        #expect(root.all("text").first { $0["id"] == "y-axis-label" }?.text == "Millions")
        #expect(root["width"] == "640.00" && root["height"] == "480.00")
        #expect(try PlotArea(root).xScale == "linear")
        for (option, scale) in [("log-years-before", "years-before"), ("years-before", "years-before")] {
            let chart = try #require(try PlotCommand.parse([try Self.csv(), "--time-scale", option, "--out", "f.svg", "--quiet"]).charts().first?.chart)
            #expect(try PlotArea(try SVGDocument(SVGRenderer.render(chart)).root).xScale == scale)
        }
    }

    @Test(arguments: [
        ["--kind", "all", "--title", "T"],
        ["--kind", "all", "--ylabel", "Y"],
        ["--kind", "growth", "--xscale", "linear"],
        ["--width", "100"],
        ["--height", "9000"],
        ["--xscale", "log"],
    ])
    func badFigureOptionsAreUsageErrors(arguments: [String]) throws {
        let run = try GDPFitExecutable.run(["plot", try Self.csv(), "--out", "x.svg"] + arguments)
        #expect(run.status == 64 && !run.crashed && run.errorLines.count >= 1, "\(run)")
    }

    /// A height too small for the legend and notes grows, and stderr says so (the PNG is the size the
    /// note gives).
    @Test func aHeightTooSmallGrowsWithANote() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let run = try GDPFitExecutable.run(["plot", try Self.csv(), "--out", scratch.path("fig.png"), "--height", "200"])
        #expect(run.status == 0, "\(run)")
        let size = try #require(Self.pngSize(try Self.read(scratch.path("fig.png"))))
        #expect(size.width == 800 && size.height > 200)
        #expect(run.errorLines == ["gdpfit: note: \(scratch.path("fig.png")) is 800 × \(size.height) px, not 800 × 200: its legend and notes need the room"])
    }

    // MARK: Ticks and the strip of non-positive rates

    /// A log axis over 1e3..1e9 labels every decade as a power of ten; one over 1..1e4 in plain
    /// numbers: never "1,000,000" beside "1e7".
    @Test func aLogAxisHasOneTickStyle() throws {
        var chart = SVGChartTests.historyChart(scale: .linear)
        chart.yAxis.range = 1e3...1e9
        let wide = try SVGDocument(SVGRenderer.render(chart)).root
        let labels = try SVGChartTests().tickLabels(wide, axis: "y-axis").map(\.text)
        let superscripts = ["³": 3, "⁴": 4, "⁵": 5, "⁶": 6, "⁷": 7, "⁸": 8, "⁹": 9]
        #expect(!labels.isEmpty)
        for label in labels {
            #expect(label.hasPrefix("10") && label.count == 3 && superscripts[String(label.last!)] != nil, "\(label)")
        }
        chart.yAxis.range = 1...1e4
        let narrow = try SVGChartTests().tickLabels(try SVGDocument(SVGRenderer.render(chart)).root, axis: "y-axis").map(\.text)
        #expect(narrow == ["1", "10", "100", "1000", "10,000"])
        #expect(AxisMapping.powerOfTenLabel(2.5e7) == "2.5×10⁷")
        #expect(AxisMapping.powerOfTenLabel(1e-5) == "10⁻⁵")
        #expect(AxisMapping.powerOfTenLabel(-3e12) == "-3×10¹²")
    }

    /// The growth chart of SVGChartTests (one fall, one zero rate, one NaN level) with the strip: the
    /// two rates at or below zero are drawn as triangles at their levels, counted in the legend; the
    /// NaN is still left out with its note.
    @Test func nonPositiveRatesAreDrawnInTheStrip() throws {
        var chart = SVGChartTests.growthChart()
        chart.yAxis.nonPositiveStrip = "rate ≤ 0"
        let root = try SVGDocument(SVGRenderer.render(chart)).root
        let area = try PlotArea(root)
        let expected = chart.markers[0].points.filter { $0.x.isFinite && $0.y.isFinite && $0.y <= 0 }
        #expect(expected.count == 2)
        let strip = root.all("path").filter { $0["class"] == "strip-marker" }
        #expect(strip.count == expected.count)
        for (marker, point) in zip(strip, expected) {
            #expect(marker["data-x"].flatMap(Double.init) == point.x && marker["data-y"].flatMap(Double.init) == point.y)
            // The triangle's apex (its third vertex) sits at the point's x.
            let numbers = try #require(marker["d"]).split(whereSeparator: { "MLZ, ".contains($0) }).compactMap { Double($0) }
            #expect(numbers.count == 6 && abs(numbers[4] - area.expectedX(point.x)) < 0.006)
        }
        let stripArea = try #require(root.all("rect").first { $0["id"] == "strip-area" })
        #expect(stripArea["y"].flatMap(Double.init).map { abs($0 - (area.top + area.height)) < 0.006 } == true)
        #expect(root.all("g").contains { $0["class"] == "legend-entry" && $0["data-series"] == "rate ≤ 0 (2)" })
        #expect(root.all("text").contains { $0["class"] == "tick-label strip-label" && $0.text == "≤ 0" })
        let notes = root.all("text").filter { $0["class"] == "note" }
        #expect(!notes.contains { $0["data-reason"] == "y-domain" })
        #expect(notes.contains { $0["data-reason"] == "non-finite" })
        // The positive rates stay circles where the data say.
        #expect(root.all("circle").filter { $0["class"] == "marker" }.count == chart.markers[0].points.count - 3)
    }

    /// kremer-1993's growth chart: every interval rate at or below zero, counted here from the
    /// dataset's own values, is in the strip.
    @Test func kremerGrowthChartShowsEveryFall() throws {
        let series = try DatasetCatalog.dataset(named: "kremer-1993").load().series
        let y = series.values, t = series.years
        var falls = 0
        for i in 0..<(y.count - 1) {
            let rate: Double = log(y[i + 1] / y[i]) / (t[i + 1] - t[i])
            if rate <= 0 { falls += 1 }
        }
        let chart = try #require(try PlotCommand.parse(["kremer-1993", "--kind", "growth", "--out", "g.svg", "--quiet"]).charts().first?.chart)
        let root = try SVGDocument(SVGRenderer.render(chart)).root
        #expect(falls > 0)
        #expect(root.all("path").filter { $0["class"] == "strip-marker" }.count == falls)
    }

    // MARK: The fan chart

    /// Bands in two different colours and opacities; the y axis fitted to the observations and the
    /// quantiles drawn: its top is no higher than the padding above the largest of them (or the cap of
    /// three decades above the data), and nothing drawn lies above it unless clamped to it.
    @Test func fanChartBandsDifferAndTheYRangeFitsWhatIsDrawn() throws {
        let chart = try #require(try PlotCommand.parse([
            "roodman-2020", "--sample", "main", "--weights", "roodman", "--kind", "fan", "--paths", "200", "--seed", "3",
            "--out", "fan.svg", "--quiet",
        ]).charts().first?.chart)
        #expect(chart.bands.count == 2)
        #expect(chart.bands[0].colour != chart.bands[1].colour && abs(chart.bands[0].opacity - chart.bands[1].opacity) >= 0.15)
        let range = try #require(chart.yAxis.range)
        let observed = chart.markers.flatMap(\.points).map(\.y)
        let drawn = chart.bands.flatMap(\.samples).flatMap { [$0.lower, $0.upper] } + chart.curves.flatMap(\.points).map(\.y)
        let largest = (observed + drawn).filter { $0.isFinite && $0 > 0 }.max() ?? 0
        let smallest = (observed + drawn).filter { $0.isFinite && $0 > 0 }.min() ?? 0
        // AxisMapping pads a log axis by 4% of its span in decades on each side.
        let span = log10(min(largest, range.upperBound)) - log10(smallest)
        #expect(log10(range.upperBound) <= log10(largest) + 0.04 * span + 1e-9)
        #expect(range.upperBound <= (observed.max() ?? 0) * 1000 * (1 + 1e-12))
        #expect(range.lowerBound <= smallest && range.lowerBound >= smallest / pow(10, 0.05 * span))
        #expect(observed.allSatisfy { $0 <= range.upperBound })
    }
}
