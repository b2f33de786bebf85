import Foundation

/// Renders a `Chart` as a standalone SVG 1.1 document: no scripts, no external resources, text in the
/// generic sans-serif family, byte-identical output for the same chart.
///
/// The document is built for testing as much as for reading: the plot area is
/// `<rect id="plot-area">` carrying its scales and ranges (`data-x-scale`, `data-x-min`, ...), every
/// observation is a `<circle class="marker">` with its data values in `data-x`/`data-y`, every tick a
/// `<line class="tick">`/`<text class="tick-label">` with `data-value`, every note on points left out
/// a `<text class="note">` with `data-omitted`; a value at or below zero drawn in the strip under a log
/// y axis is a `<path class="strip-marker">` with `data-x`/`data-y`, in `<g id="non-positive-strip">`.
///
/// Text widths are estimated, not measured (no font metrics without a browser): 0.6 em per character,
/// which is wider than the average glyph of the common sans-serif fonts, so margins and tick spacing
/// err on the generous side.
enum SVGRenderer {
    /// The smallest plot area, in pixels, on either side; the picture grows rather than go below it.
    static let minimumPlotSize = 120.0

    static let tickFontSize = 11.0
    static let labelFontSize = 12.0
    static let titleFontSize = 14.0

    /// Estimated width of `text` in pixels at `fontSize`.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.6
    }

    static func render(_ chart: Chart) -> String {
        Layout(chart).svg()
    }

    /// The picture's size in pixels as `render` draws it: the chart's width, and its height or more
    /// when the labels, legend and notes need the room.
    static func size(of chart: Chart) -> (width: Double, height: Double) {
        let layout = Layout(chart)
        return (layout.width, layout.height)
    }
}

/// The positions of everything on the picture, computed once from the chart.
private struct Layout {
    let chart: Chart
    let x: AxisMapping
    let y: AxisMapping
    let xTicks: [AxisTick]
    let yTicks: [AxisTick]
    let legend: [(entry: LegendEntry, left: Double, baseline: Double)]
    /// Markers drawn in the strip of values at or below zero under a log y axis
    /// (`ChartAxis.nonPositiveStrip`), each with its series; empty when there is no strip.
    let stripPoints: [(series: ChartMarkers, point: ChartPoint)]
    /// The strip's height in pixels: 0 when there is none.
    let stripHeight: Double
    let notes: [Note]
    let notesTop: Double
    let width: Double
    let height: Double

    private static let pad = 10.0
    private static let tickLength = 5.0
    private static let legendRowHeight = 18.0
    private static let noteLineHeight = 15.0
    private static let nonPositiveStripHeight = 18.0

    init(_ chart: Chart) {
        self.chart = chart
        let ranges = Layout.ranges(chart)
        // Placeholder pixel spans: only the ranges matter for deciding what is left out.
        let unitX = AxisMapping(axis: chart.xAxis, lower: ranges.x.lower, upper: ranges.x.upper, start: 0, end: 1)
        let unitY = AxisMapping(axis: chart.yAxis, lower: ranges.y.lower, upper: ranges.y.upper, start: 0, end: 1)
        let stripPoints = Layout.nonPositivePoints(chart, x: unitX)
        self.stripPoints = stripPoints
        stripHeight = stripPoints.isEmpty ? 0 : Layout.nonPositiveStripHeight
        notes = Layout.notes(chart, x: unitX, y: unitY, strip: !stripPoints.isEmpty)
        let width = max(chart.width, SVGRenderer.minimumPlotSize + 2 * Layout.pad)
        self.width = width

        let top = Layout.pad + (chart.title.isEmpty ? 0 : SVGRenderer.titleFontSize + 8)
        let entries = Layout.legendEntries(chart, stripCount: stripPoints.count)
        let rows = Layout.legendRows(entries, width: width)
        let rowCount = Double(rows.last.map { $0.row + 1 } ?? 0)
        let axisLabelBelow = Layout.tickLength + 3 + SVGRenderer.tickFontSize + 8 + SVGRenderer.labelFontSize
        let bottom = stripHeight + axisLabelBelow + 10 + rowCount * Layout.legendRowHeight
            + Double(notes.count) * Layout.noteLineHeight + Layout.pad
        let plotHeight = max(chart.height - top - bottom, SVGRenderer.minimumPlotSize)
        height = top + plotHeight + bottom

        let yMapping = AxisMapping(axis: chart.yAxis, lower: ranges.y.lower, upper: ranges.y.upper,
                                   start: top + plotHeight, end: top)
        yTicks = yMapping.ticks { _ in SVGRenderer.tickFontSize }
        y = yMapping
        let widestYLabel = yTicks.compactMap(\.label).map { SVGRenderer.textWidth($0, fontSize: SVGRenderer.tickFontSize) }.max() ?? 0
        let left = Layout.pad + SVGRenderer.labelFontSize + 10 + widestYLabel + 3 + Layout.tickLength

        // The last x label is centred on its tick: if it would run off the right edge, narrow the plot.
        var right = width - 20
        var xMapping: AxisMapping
        var ticks: [AxisTick]
        repeat {
            xMapping = AxisMapping(axis: chart.xAxis, lower: ranges.x.lower, upper: ranges.x.upper,
                                   start: left, end: max(right, left + SVGRenderer.minimumPlotSize))
            let mapping = xMapping
            ticks = mapping.ticks { SVGRenderer.textWidth($0, fontSize: SVGRenderer.tickFontSize) }
            let overflow = ticks.compactMap { tick in
                tick.label.flatMap { label in
                    mapping.pixel(tick.value).map { $0 + SVGRenderer.textWidth(label, fontSize: SVGRenderer.tickFontSize) / 2 }
                }
            }.max().map { $0 - (width - 4) } ?? 0
            if overflow <= 0 || right - overflow < left + SVGRenderer.minimumPlotSize { break }
            right -= overflow
        } while true
        x = xMapping
        xTicks = ticks

        let legendTop = top + plotHeight + stripHeight + axisLabelBelow + 10
        legend = rows.map { ($0.entry, $0.left, legendTop + Double($0.row) * Layout.legendRowHeight + SVGRenderer.labelFontSize) }
        notesTop = legendTop + rowCount * Layout.legendRowHeight
    }

    // MARK: Ranges

    /// The ranges of both axes, from the points that both scales can place.
    private static func ranges(_ chart: Chart) -> (x: (lower: Double, upper: Double), y: (lower: Double, upper: Double)) {
        let xs = chart.xAxis.scale, ys = chart.yAxis.scale
        func placeable(_ p: ChartPoint) -> Bool { xs.position(p.x) != nil && ys.position(p.y) != nil }
        var xValues = chart.markers.flatMap(\.points).filter(placeable).map(\.x)
        var yValues = chart.markers.flatMap(\.points).filter(placeable).map(\.y)
        for sample in chart.bands.flatMap(\.samples)
        where xs.position(sample.x) != nil && ys.position(sample.lower) != nil && ys.position(sample.upper) != nil {
            xValues.append(sample.x)
            yValues += [sample.lower, sample.upper]
        }
        if xValues.isEmpty && yValues.isEmpty {
            let points = chart.curves.flatMap(\.points).filter(placeable)
            xValues = points.map(\.x)
            yValues = points.map(\.y)
        }
        xValues += chart.verticalLines.map(\.value)
        yValues += chart.horizontalLines.map(\.value)
        return (AxisMapping.range(for: chart.xAxis, values: xValues), AxisMapping.range(for: chart.yAxis, values: yValues))
    }

    /// The markers the strip of a log y axis shows: finite values at or below zero whose x lies in the
    /// range shown. Empty unless the chart asks for the strip (`ChartAxis.nonPositiveStrip`).
    private static func nonPositivePoints(_ chart: Chart, x: AxisMapping) -> [(series: ChartMarkers, point: ChartPoint)] {
        guard chart.yAxis.nonPositiveStrip != nil, chart.yAxis.scale == .log10 else { return [] }
        return chart.markers.flatMap { series in
            series.points.filter { $0.y.isFinite && $0.y <= 0 && x.contains($0.x) }.map { (series, $0) }
        }
    }

    // MARK: Notes

    struct Note {
        var text: String
        var series: String?
        var omitted: Int?
        var reason: String?
    }

    /// Notes on everything that could not be drawn, then the chart's own notes. Nothing is left out
    /// silently: every marker that is not drawn is counted here.
    private static func notes(_ chart: Chart, x: AxisMapping, y: AxisMapping, strip: Bool) -> [Note] {
        var notes: [Note] = []
        for series in chart.markers {
            var nonFinite = 0, notOnX = 0, notOnY = 0, outside = 0, inStrip = 0
            for point in series.points {
                if !point.x.isFinite || !point.y.isFinite { nonFinite += 1 }
                else if x.axis.scale.position(point.x) == nil { notOnX += 1 }
                else if strip && point.y <= 0 { if x.contains(point.x) { inStrip += 1 } else { outside += 1 } }
                else if y.axis.scale.position(point.y) == nil { notOnY += 1 }
                else if !x.contains(point.x) || !y.contains(point.y) { outside += 1 }
            }
            let total = series.points.count
            func add(_ count: Int, _ reason: String, _ why: String) {
                guard count > 0 else { return }
                let points = total == 1 ? "point" : "points"
                notes.append(Note(text: "\(count) of \(total) \(points) of “\(series.name)” not shown: \(why).",
                                  series: series.name, omitted: count, reason: reason))
            }
            add(nonFinite, "non-finite", "not a finite number")
            add(notOnX, "x-domain", "x axis: " + x.axis.scale.domainRestriction)
            add(notOnY, "y-domain", "y axis: " + y.axis.scale.domainRestriction)
            add(outside, "outside-range", "outside the plotted range")
            if inStrip > 0 {
                let points = series.points.count == 1 ? "point" : "points"
                notes.append(Note(text: "\(inStrip) of \(series.points.count) \(points) of “\(series.name)” are ≤ 0: drawn as ▼ in the strip at the bottom.",
                                  series: series.name, omitted: nil, reason: "non-positive-strip"))
            }
        }
        for curve in chart.curves where !curve.points.contains(where: { x.contains($0.x) && y.contains($0.y) }) {
            notes.append(Note(text: "Curve “\(curve.name)” has no point in the plotted range and is not drawn.", series: curve.name))
        }
        for band in chart.bands where !band.samples.contains(where: { x.contains($0.x) && y.contains($0.lower) && y.contains($0.upper) }) {
            notes.append(Note(text: "Band “\(band.name)” has no point in the plotted range and is not drawn.", series: band.name))
        }
        for (line, mapping) in chart.verticalLines.map({ ($0, x) }) + chart.horizontalLines.map({ ($0, y) })
        where !mapping.contains(line.value) {
            notes.append(Note(text: "Reference line “\(line.label)” lies outside the plotted range and is not drawn.", series: line.label))
        }
        return notes + chart.notes.map { Note(text: $0) }
    }

    // MARK: Legend

    enum LegendEntry {
        case marker(ChartMarkers)
        case curve(name: String, colour: ChartColour, dash: LineDash)
        case band(ChartBand)
        /// The strip of values at or below zero under a log y axis: its name, with the count.
        case nonPositiveStrip(name: String)

        var name: String {
            switch self {
            case .marker(let series): series.name
            case .curve(let name, _, _): name
            case .band(let band): band.name
            case .nonPositiveStrip(let name): name
            }
        }
    }

    private static let swatchWidth = 24.0

    private static func legendEntries(_ chart: Chart, stripCount: Int) -> [LegendEntry] {
        let strip: [LegendEntry] = stripCount > 0
            ? [.nonPositiveStrip(name: "\(chart.yAxis.nonPositiveStrip ?? "at or below zero") (\(stripCount))")] : []
        return (chart.markers.map(LegendEntry.marker) + strip
            + chart.curves.map { .curve(name: $0.name, colour: $0.colour, dash: $0.dash) }
            + chart.bands.map(LegendEntry.band)
            + (chart.verticalLines + chart.horizontalLines).map { .curve(name: $0.label, colour: $0.colour, dash: $0.dash) })
            .filter { !$0.name.isEmpty }
    }

    /// Entries flowed left to right into rows that fit the picture's width.
    private static func legendRows(_ entries: [LegendEntry], width: Double) -> [(entry: LegendEntry, left: Double, row: Int)] {
        var placed: [(entry: LegendEntry, left: Double, row: Int)] = []
        var left = pad, row = 0
        for entry in entries {
            let entryWidth = swatchWidth + 6 + SVGRenderer.textWidth(entry.name, fontSize: SVGRenderer.labelFontSize) + 18
            if left > pad, left + entryWidth > width - pad {
                row += 1
                left = pad
            }
            placed.append((entry, left, row))
            left += entryWidth
        }
        return placed
    }

    // MARK: Drawing

    func svg() -> String {
        let f = SVGMarkup.fixed
        var svg = SVGMarkup()
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        svg.open("svg", [
            "xmlns": "http://www.w3.org/2000/svg", "version": "1.1",
            "width": f(width), "height": f(height), "viewBox": "0 0 \(f(width)) \(f(height))",
            "font-family": "sans-serif", "font-size": f(SVGRenderer.labelFontSize),
        ])
        svg.element("title", [:], content: chart.title)
        svg.element("rect", ["id": "background", "x": "0", "y": "0", "width": f(width), "height": f(height), "fill": "#FFFFFF"])
        let plot = (left: x.start, right: x.end, top: y.end, bottom: y.start)
        svg.open("defs")
        svg.open("clipPath", ["id": "plot-clip"])
        svg.element("rect", ["x": f(plot.left), "y": f(plot.top), "width": f(plot.right - plot.left), "height": f(plot.bottom - plot.top)])
        svg.close("clipPath")
        svg.close("defs")
        if !chart.title.isEmpty {
            svg.element("text", ["id": "title", "x": f(width / 2), "y": f(10 + SVGRenderer.titleFontSize), "text-anchor": "middle",
                                 "font-size": f(SVGRenderer.titleFontSize), "font-weight": "bold"], content: chart.title)
        }
        drawGrid(&svg, plot: plot)
        drawBands(&svg, plot: plot)
        drawReferenceLines(&svg, plot: plot)
        drawCurves(&svg, plot: plot)
        drawMarkers(&svg)
        drawNonPositiveStrip(&svg, plot: plot)
        svg.element("rect", [
            "id": "plot-area", "x": f(plot.left), "y": f(plot.top), "width": f(plot.right - plot.left),
            "height": f(plot.bottom - plot.top), "fill": "none", "stroke": "#000000", "stroke-width": "1",
            "data-x-scale": Layout.scaleName(chart.xAxis.scale), "data-x-reference": Layout.scaleReference(chart.xAxis.scale),
            "data-x-min": SVGMarkup.exact(x.lower), "data-x-max": SVGMarkup.exact(x.upper),
            "data-y-scale": Layout.scaleName(chart.yAxis.scale), "data-y-reference": Layout.scaleReference(chart.yAxis.scale),
            "data-y-min": SVGMarkup.exact(y.lower), "data-y-max": SVGMarkup.exact(y.upper),
        ])
        drawAxes(&svg, plot: plot)
        drawLegend(&svg)
        drawNotes(&svg)
        svg.close("svg")
        return svg.text
    }

    typealias PlotRect = (left: Double, right: Double, top: Double, bottom: Double)

    private static func scaleName(_ scale: AxisScale) -> String {
        switch scale {
        case .linear: "linear"
        case .log10: "log10"
        case .yearsBefore: "years-before"
        }
    }

    private static func scaleReference(_ scale: AxisScale) -> String? {
        if case .yearsBefore(let reference) = scale { return SVGMarkup.exact(reference) }
        return nil
    }

    private func drawGrid(_ svg: inout SVGMarkup, plot: PlotRect) {
        let f = SVGMarkup.fixed
        svg.open("g", ["id": "grid", "stroke": "#DDDDDD", "stroke-width": "0.5"])
        for tick in xTicks where tick.label != nil {
            guard let px = x.pixel(tick.value) else { continue }
            svg.element("line", ["x1": f(px), "y1": f(plot.top), "x2": f(px), "y2": f(plot.bottom + stripHeight)])
        }
        for tick in yTicks where tick.label != nil {
            guard let py = y.pixel(tick.value) else { continue }
            svg.element("line", ["x1": f(plot.left), "y1": f(py), "x2": f(plot.right), "y2": f(py)])
        }
        svg.close("g")
    }

    /// Each run of placeable samples becomes one closed path: along the upper edge, back along the
    /// lower. Pixel coordinates are clamped to 1000 px beyond the plot area (the clip path hides them)
    /// so that a band reaching towards infinity still writes short numbers.
    private func drawBands(_ svg: inout SVGMarkup, plot: PlotRect) {
        let f = SVGMarkup.fixed
        func clamped(_ value: Double, _ a: Double, _ b: Double) -> Double { min(max(value, min(a, b) - 1000), max(a, b) + 1000) }
        svg.open("g", ["id": "bands", "clip-path": "url(#plot-clip)"])
        for band in chart.bands {
            var pieces: [[(x: Double, lower: Double, upper: Double)]] = [[]]
            for sample in band.samples {
                if let px = x.pixel(sample.x), let lo = y.pixel(sample.lower), let hi = y.pixel(sample.upper) {
                    pieces[pieces.count - 1].append((clamped(px, plot.left, plot.right), clamped(lo, plot.top, plot.bottom), clamped(hi, plot.top, plot.bottom)))
                } else if !(pieces.last?.isEmpty ?? true) {
                    pieces.append([])
                }
            }
            for piece in pieces where piece.count >= 2 {
                let upper = piece.map { "\(f($0.x)),\(f($0.upper))" }
                let lower = piece.reversed().map { "\(f($0.x)),\(f($0.lower))" }
                svg.element("path", ["class": "band", "data-series": band.name, "d": "M" + (upper + lower).joined(separator: " L") + " Z",
                                     "fill": band.colour.rawValue, "fill-opacity": f(band.opacity), "stroke": "none"])
            }
        }
        svg.close("g")
    }

    private func drawReferenceLines(_ svg: inout SVGMarkup, plot: PlotRect) {
        let f = SVGMarkup.fixed
        svg.open("g", ["id": "reference-lines"])
        for line in chart.verticalLines where x.contains(line.value) {
            guard let px = x.pixel(line.value) else { continue }
            svg.element("line", ["class": "reference-line", "data-series": line.label, "data-value": SVGMarkup.exact(line.value),
                                 "x1": f(px), "y1": f(plot.top), "x2": f(px), "y2": f(plot.bottom), "stroke": line.colour.rawValue,
                                 "stroke-width": "1.5", "stroke-dasharray": line.dash.dashArray])
        }
        for line in chart.horizontalLines where y.contains(line.value) {
            guard let py = y.pixel(line.value) else { continue }
            svg.element("line", ["class": "reference-line", "data-series": line.label, "data-value": SVGMarkup.exact(line.value),
                                 "x1": f(plot.left), "y1": f(py), "x2": f(plot.right), "y2": f(py), "stroke": line.colour.rawValue,
                                 "stroke-width": "1", "stroke-dasharray": line.dash.dashArray])
        }
        svg.close("g")
    }

    /// Curves are clipped to the plot area here, segment by segment (Liang & Barsky 1984), rather than
    /// only by the clip path: a hyperbola sampled near its singularity has pixel coordinates far beyond
    /// any screen, and the clipped path stays short and exact.
    private func drawCurves(_ svg: inout SVGMarkup, plot: PlotRect) {
        let f = SVGMarkup.fixed
        let box = (left: plot.left - 1, right: plot.right + 1, top: plot.top - 1, bottom: plot.bottom + 1)
        svg.open("g", ["id": "curves", "clip-path": "url(#plot-clip)"])
        for curve in chart.curves {
            let pixels = curve.points.map { point -> (Double, Double)? in
                guard let px = x.pixel(point.x), let py = y.pixel(point.y) else { return nil }
                return (px, py)
            }
            var path = ""
            var open = false
            for (a, b) in zip(pixels, pixels.dropFirst()) {
                guard let a, let b, let (t0, t1) = Layout.clip(from: a, to: b, box: box) else { open = false; continue }
                let start = (a.0 + t0 * (b.0 - a.0), a.1 + t0 * (b.1 - a.1))
                let end = (a.0 + t1 * (b.0 - a.0), a.1 + t1 * (b.1 - a.1))
                if !open || t0 > 0 { path += (path.isEmpty ? "" : " ") + "M\(f(start.0)),\(f(start.1))" }
                path += " L\(f(end.0)),\(f(end.1))"
                open = t1 == 1
            }
            guard !path.isEmpty else { continue }
            svg.element("path", ["class": "curve", "data-series": curve.name, "d": path, "fill": "none",
                                 "stroke": curve.colour.rawValue, "stroke-width": "1.8", "stroke-dasharray": curve.dash.dashArray,
                                 "stroke-linejoin": "round"])
        }
        svg.close("g")
    }

    /// Liang-Barsky: the parameters t0 <= t1 in [0, 1] of the part of the segment a-b inside `box`,
    /// nil when none of it is.
    private static func clip(from a: (Double, Double), to b: (Double, Double),
                             box: (left: Double, right: Double, top: Double, bottom: Double)) -> (Double, Double)? {
        let dx = b.0 - a.0, dy = b.1 - a.1
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, a.0 - box.left), (dx, box.right - a.0), (-dy, a.1 - box.top), (dy, box.bottom - a.1)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
                if t0 > t1 { return nil }
            }
        }
        return (t0, t1)
    }

    private func drawMarkers(_ svg: inout SVGMarkup) {
        let f = SVGMarkup.fixed
        svg.open("g", ["id": "markers"])
        for series in chart.markers {
            for point in series.points where x.contains(point.x) && y.contains(point.y) {
                guard let px = x.pixel(point.x), let py = y.pixel(point.y) else { continue }
                svg.element("circle", [
                    "class": "marker", "data-series": series.name,
                    "data-x": SVGMarkup.exact(point.x), "data-y": SVGMarkup.exact(point.y),
                    "cx": f(px), "cy": f(py), "r": "3",
                    "fill": series.filled ? series.colour.rawValue : "#FFFFFF",
                    "stroke": series.colour.rawValue, "stroke-width": series.filled ? "0.5" : "1.2",
                ])
            }
        }
        svg.close("g")
    }

    static let nonPositiveLabel = "≤ 0"
    static let stripFill = "#E8E8E8"
    static let stripMarkerColour = "#000000"

    /// A down-pointing triangle of 7 px centred on (x, y): a value below the scale's reach.
    static func triangle(x: Double, y: Double) -> String {
        let f = SVGMarkup.fixed
        return "M\(f(x - 3.5)),\(f(y - 3)) L\(f(x + 3.5)),\(f(y - 3)) L\(f(x)),\(f(y + 3)) Z"
    }

    /// The strip under the plot area for values at or below zero on a log y axis: shaded, framed,
    /// each value a triangle at its x (`data-x`, `data-y` carry the data) in its series' colour.
    private func drawNonPositiveStrip(_ svg: inout SVGMarkup, plot: PlotRect) {
        guard stripHeight > 0 else { return }
        let f = SVGMarkup.fixed
        svg.open("g", ["id": "non-positive-strip"])
        svg.element("rect", ["id": "strip-area", "x": f(plot.left), "y": f(plot.bottom), "width": f(plot.right - plot.left),
                             "height": f(stripHeight), "fill": Layout.stripFill, "stroke": "#000000", "stroke-width": "1"])
        let middle = plot.bottom + stripHeight / 2
        for (series, point) in stripPoints {
            guard let px = x.pixel(point.x) else { continue }
            svg.element("path", ["class": "strip-marker", "data-series": series.name, "data-x": SVGMarkup.exact(point.x),
                                 "data-y": SVGMarkup.exact(point.y), "d": Layout.triangle(x: px, y: middle),
                                 "fill": series.colour.rawValue])
        }
        svg.close("g")
    }

    private func drawAxes(_ svg: inout SVGMarkup, plot: PlotRect) {
        let f = SVGMarkup.fixed
        let tickFont = f(SVGRenderer.tickFontSize)
        let axisY = plot.bottom + stripHeight
        svg.open("g", ["id": "x-axis"])
        for tick in xTicks {
            guard let px = x.pixel(tick.value) else { continue }
            let length = tick.label == nil ? Layout.tickLength / 2 : Layout.tickLength
            svg.element("line", ["class": tick.label == nil ? "tick minor" : "tick major", "data-value": SVGMarkup.exact(tick.value),
                                 "x1": f(px), "y1": f(axisY), "x2": f(px), "y2": f(axisY + length), "stroke": "#000000"])
            if let label = tick.label {
                svg.element("text", ["class": "tick-label", "data-value": SVGMarkup.exact(tick.value), "x": f(px),
                                     "y": f(axisY + Layout.tickLength + 3 + SVGRenderer.tickFontSize),
                                     "text-anchor": "middle", "font-size": tickFont], content: label)
            }
        }
        svg.element("text", ["id": "x-axis-label", "x": f((plot.left + plot.right) / 2),
                             "y": f(axisY + Layout.tickLength + 3 + SVGRenderer.tickFontSize + 8 + SVGRenderer.labelFontSize),
                             "text-anchor": "middle"], content: chart.xAxis.label)
        svg.close("g")

        svg.open("g", ["id": "y-axis"])
        for tick in yTicks {
            guard let py = y.pixel(tick.value) else { continue }
            let length = tick.label == nil ? Layout.tickLength / 2 : Layout.tickLength
            svg.element("line", ["class": tick.label == nil ? "tick minor" : "tick major", "data-value": SVGMarkup.exact(tick.value),
                                 "x1": f(plot.left - length), "y1": f(py), "x2": f(plot.left), "y2": f(py), "stroke": "#000000"])
            if let label = tick.label {
                svg.element("text", ["class": "tick-label", "data-value": SVGMarkup.exact(tick.value),
                                     "x": f(plot.left - Layout.tickLength - 3), "y": f(py + SVGRenderer.tickFontSize * 0.35),
                                     "text-anchor": "end", "font-size": tickFont], content: label)
            }
        }
        if stripHeight > 0 {
            let middle = plot.bottom + stripHeight / 2
            svg.element("text", ["class": "tick-label strip-label", "x": f(plot.left - Layout.tickLength - 3),
                                 "y": f(middle + SVGRenderer.tickFontSize * 0.35), "text-anchor": "end", "font-size": tickFont],
                        content: Layout.nonPositiveLabel)
        }
        let labelX = Layout.pad + SVGRenderer.labelFontSize, labelY = (plot.top + plot.bottom) / 2
        svg.element("text", ["id": "y-axis-label", "x": f(labelX), "y": f(labelY), "text-anchor": "middle",
                             "transform": "rotate(-90 \(f(labelX)) \(f(labelY)))"], content: chart.yAxis.label)
        svg.close("g")
    }

    private func drawLegend(_ svg: inout SVGMarkup) {
        let f = SVGMarkup.fixed
        svg.open("g", ["id": "legend"])
        for (entry, left, baseline) in legend {
            svg.open("g", ["class": "legend-entry", "data-series": entry.name])
            let middle = baseline - SVGRenderer.labelFontSize * 0.35
            switch entry {
            case .marker(let series):
                svg.element("circle", ["cx": f(left + Layout.swatchWidth / 2), "cy": f(middle), "r": "3",
                                       "fill": series.filled ? series.colour.rawValue : "#FFFFFF", "stroke": series.colour.rawValue])
            case .curve(_, let colour, let dash):
                svg.element("line", ["x1": f(left), "y1": f(middle), "x2": f(left + Layout.swatchWidth), "y2": f(middle),
                                     "stroke": colour.rawValue, "stroke-width": "1.8", "stroke-dasharray": dash.dashArray])
            case .band(let band):
                svg.element("rect", ["x": f(left), "y": f(middle - 5), "width": f(Layout.swatchWidth), "height": "10",
                                     "fill": band.colour.rawValue, "fill-opacity": f(band.opacity)])
            case .nonPositiveStrip:
                svg.element("rect", ["x": f(left), "y": f(middle - 6), "width": f(Layout.swatchWidth), "height": "12",
                                     "fill": Layout.stripFill, "stroke": "#000000", "stroke-width": "0.5"])
                svg.element("path", ["d": Layout.triangle(x: left + Layout.swatchWidth / 2, y: middle), "fill": Layout.stripMarkerColour])
            }
            svg.element("text", ["x": f(left + Layout.swatchWidth + 6), "y": f(baseline)], content: entry.name)
            svg.close("g")
        }
        svg.close("g")
    }

    private func drawNotes(_ svg: inout SVGMarkup) {
        let f = SVGMarkup.fixed
        svg.open("g", ["id": "notes", "font-size": f(SVGRenderer.tickFontSize)])
        for (index, note) in notes.enumerated() {
            svg.element("text", ["class": "note", "data-series": note.series, "data-omitted": note.omitted.map { "\($0)" },
                                 "data-reason": note.reason, "x": f(Layout.pad),
                                 "y": f(notesTop + Double(index + 1) * Layout.noteLineHeight - 3)], content: note.text)
        }
        svg.close("g")
    }
}
