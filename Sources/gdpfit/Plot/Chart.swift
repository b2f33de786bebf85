/// A chart as a plain value: what to draw, never how. `gdpfit plot` builds one from fit results and
/// `SVGRenderer` turns it into SVG; the renderer never recomputes anything about the data.
///
/// One value covers the charts gdpfit draws:
/// - a series against year on a log y axis, with fitted curves, observation markers and the
///   singularity year as a dashed vertical reference line (`xAxis.scale` `.linear` or
///   `.yearsBefore(reference:)` for long-run history);
/// - interval growth rate against level on log-log axes, with fitted growth laws as curves
///   (zero or negative rates, which a log axis cannot place, drawn in a strip at the bottom edge:
///   `ChartAxis.nonPositiveStrip`);
/// - residuals against year on a linear y axis with a zero line (`horizontalLines`);
/// - fan charts: quantile bands between two curves (`bands`).
///
/// Drawing order, back to front: bands, reference lines, curves, markers. The axis ranges, when not
/// given, come from the markers, bands and reference lines (curves are clipped to them, so that a
/// hyperbola rising towards its singularity does not squash the data); from the curves only when
/// nothing else is drawn.
struct Chart: Sendable {
    var title: String
    var xAxis: ChartAxis
    var yAxis: ChartAxis
    var markers: [ChartMarkers] = []
    var curves: [ChartCurve] = []
    var bands: [ChartBand] = []
    /// Vertical lines at x values (e.g. the singularity year t*).
    var verticalLines: [ReferenceLine] = []
    /// Horizontal lines at y values (e.g. zero on a residual plot).
    var horizontalLines: [ReferenceLine] = []
    /// Caption lines printed under the legend, after the renderer's own notes about points left out.
    var notes: [String] = []
    /// Size of the whole picture in SVG user units (pixels). The height grows if the labels, legend
    /// and notes would otherwise leave the plot area smaller than `SVGRenderer.minimumPlotSize`.
    var width: Double = Chart.defaultWidth
    var height: Double = Chart.defaultHeight

    static let defaultWidth = 800.0
    static let defaultHeight = 520.0
}

/// One axis: its label (with units), its scale, how its ticks are labelled, and optionally a fixed range.
struct ChartAxis: Sendable {
    enum TickLabels: Sendable {
        /// Plain numbers: "0.05", "100", "10,000".
        case numbers
        /// Calendar years: "10,000 BCE", "1 CE", "1500" (see `YearTicks`).
        case years
    }

    var label: String
    var scale: AxisScale = .linear
    var tickLabels: TickLabels = .numbers
    /// The data range shown, in data units (years for a `.yearsBefore` axis). Nil: fitted to the data.
    var range: ClosedRange<Double>? = nil
    /// On a `.log10` y axis: markers at or below zero, which a log scale cannot place, are drawn as
    /// down-pointing triangles in a shaded strip along the bottom edge of the plot (tick label "≤ 0"),
    /// under a legend entry with this name and their count, instead of being left out. Nil: they are
    /// left out and counted in a note. (A growth rate of zero or less is an observation, not an error:
    /// a chart of growth against level should show how many there are and where.)
    var nonPositiveStrip: String? = nil
}

/// A point in data units.
struct ChartPoint: Equatable, Sendable {
    var x: Double
    var y: Double
}

/// Observations drawn as circles, one per point. Points that cannot be placed (non-finite, not on the
/// scale's domain, outside a fixed range) are left out and counted in a note on the chart.
struct ChartMarkers: Sendable {
    var name: String
    var points: [ChartPoint]
    var colour: ChartColour = .black
    /// Open circles print distinguishably from filled ones in greyscale.
    var filled: Bool = true
}

/// A fitted curve drawn as a polyline through sample points. A sample that cannot be placed (for
/// example beyond the singularity of a hyperbola) breaks the line there.
struct ChartCurve: Sendable {
    var name: String
    var points: [ChartPoint]
    var colour: ChartColour = .blue
    var dash: LineDash = .solid

    /// `function` sampled at `count` points spaced evenly on `scale` between `from` and `to`: evenly in
    /// log10(t_ref - t) on a `.yearsBefore` axis, so the curve is as smooth in the last century as in
    /// the first hundred thousand years. Empty when either end cannot be placed on `scale`.
    static func sampled(
        name: String, colour: ChartColour = .blue, dash: LineDash = .solid,
        from start: Double, to end: Double, count: Int = 200, scale: AxisScale,
        _ function: (Double) -> Double
    ) -> ChartCurve {
        var curve = ChartCurve(name: name, points: [], colour: colour, dash: dash)
        guard let a = scale.position(start), let b = scale.position(end) else { return curve }
        let n = max(count, 2)
        curve.points = (0..<n).map { index in
            let x = scale.value(atPosition: a + (b - a) * Double(index) / Double(n - 1))
            return ChartPoint(x: x, y: function(x))
        }
        return curve
    }
}

/// A shaded band between a lower and an upper curve sampled at the same x values (a fan chart's
/// quantile band). Samples that cannot be placed split the band into separate pieces.
struct ChartBand: Sendable {
    struct Sample: Equatable, Sendable {
        var x: Double
        var lower: Double
        var upper: Double
    }

    var name: String
    var samples: [Sample]
    var colour: ChartColour = .skyBlue
    /// Fill opacity (the bands of a fan chart overlap: the inner one is drawn over the outer).
    var opacity: Double = 0.3
}

/// A labelled straight line across the plot area at one data value.
struct ReferenceLine: Sendable {
    /// Shown in the legend; an empty label (a residual plot's zero line) has no legend entry.
    var label: String
    var value: Double
    var colour: ChartColour = .black
    var dash: LineDash = .dashed
}

enum LineDash: Sendable {
    case solid, dashed, dotted

    /// The SVG `stroke-dasharray`, nil for a solid line.
    var dashArray: String? {
        switch self {
        case .solid: nil
        case .dashed: "6 4"
        case .dotted: "2 3"
        }
    }
}

/// The Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), distinguishable with the
/// common colour-vision deficiencies and in print. Yellow is last in `cycle`: it is faint on white.
enum ChartColour: String, Sendable, CaseIterable {
    case black = "#000000"
    case orange = "#E69F00"
    case skyBlue = "#56B4E9"
    case bluishGreen = "#009E73"
    case yellow = "#F0E442"
    case blue = "#0072B2"
    case vermillion = "#D55E00"
    case reddishPurple = "#CC79A7"
}
