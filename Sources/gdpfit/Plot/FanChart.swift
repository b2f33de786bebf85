import Fitting
import Foundation
import GrowthModels

/// The fan chart of Roodman's stochastic hyperbolic model drawn: the observations it was fitted to,
/// and from the last one forward the quantiles across exactly simulated paths under the estimate
/// (`FanChartQuantiles`, computed in GrowthModels): the 10–90% and 25–75% bands and the median, on a
/// log scale. This is the model's own randomness at the estimate, not parameter uncertainty.
///
/// The y axis is fitted to what is drawn: the observations and the finite values of the quantiles
/// shown, padded as the renderer pads any axis, but reaching at most `headroom` times the largest
/// observation, so that a fan exploding towards take-off does not squash the history.
///
/// A path that takes off (Y reaches infinity) stays infinite, so an upper quantile becomes infinite
/// once more than that share of paths has taken off: a band is then drawn up to the top edge of the
/// plot (as is a quantile above the axis), and the median line stops where it is infinite. The
/// vertical line marks the median take-off year from the closed form, where it lies on the chart.
enum FanChart {
    /// The quantile bands, outer first: two clearly different colours of the Okabe-Ito palette and
    /// opacities, the inner drawn over the outer, so that each band is told apart on screen, in print
    /// and in greyscale (light sky blue against dark blue).
    static let bands: [(lower: Double, upper: Double, colour: ChartColour, opacity: Double)] = [
        (0.10, 0.90, .skyBlue, 0.35), (0.25, 0.75, .blue, 0.55),
    ]

    /// The quantiles drawn: the bands' ends and the median.
    static let probabilities: [Double] = bands.flatMap { [$0.lower, $0.upper] } + [0.5]

    /// The most the y axis reaches above the largest observation, as a factor: three decades, enough
    /// to show the fan rising without squashing the history.
    static let headroom = 1000.0

    /// The y range: the observations and the finite positive values of the quantiles drawn, padded
    /// as `AxisMapping.range` pads any log axis, the top at most `headroom` times the largest observation.
    static func yRange(observations: [Double], quantiles: [[Double]]) -> ClosedRange<Double> {
        let largest = observations.filter { $0 > 0 && $0.isFinite }.max() ?? 1
        let cap = largest * headroom
        let shown = (observations + quantiles.joined()).filter { $0 > 0 && $0.isFinite && $0 <= cap }
        let fitted = AxisMapping.range(for: ChartAxis(label: "", scale: .log10), values: shown)
        return fitted.lower...min(fitted.upper, cap)
    }

    static func chart(
        series: Series, data: StochasticHyperbolicSample, fit: StochasticHyperbolicFit, quantiles: FanChartQuantiles,
        timeScale: TimeScale
    ) -> Chart {
        let last = fit.lastYear
        let years = quantiles.years
        let paths = quantiles.paths, seed = quantiles.seed
        // A probability missing from `quantiles` draws nothing (NaN), rather than trapping.
        let quantile = { (p: Double) in quantiles.quantile(p) ?? years.map { _ in Double.nan } }
        let range = yRange(observations: data.values, quantiles: probabilities.map(quantile))
        let yTop = range.upperBound

        let end = years[years.count - 1]
        let xAxis: ChartAxis
        switch timeScale {
        case .linear:
            xAxis = ChartAxis(label: "Year", scale: .linear, tickLabels: .years)
        case .yearsBefore:
            let reference = (end / 10).rounded(.down) * 10 + 10
            xAxis = ChartAxis(label: "Year (log scale of years before \(NumberFormat.year(reference)))",
                              scale: .yearsBefore(reference: reference), tickLabels: .years)
        }
        let percent = { (u: Double) in NumberFormat.significant(u * 100, digits: 3) + "%" }
        var chart = Chart(
            title: "\(series.name): stochastic hyperbolic fan chart",
            xAxis: xAxis,
            yAxis: ChartAxis(label: FitCharts.quantityLabel(series), scale: .log10, range: range),
            markers: [ChartMarkers(name: "Observed (\(data.values.count))",
                                   points: zip(data.years, data.values).map { ChartPoint(x: $0, y: $1) })])
        for band in bands {
            let lower = quantile(band.lower), upper = quantile(band.upper)
            chart.bands.append(ChartBand(
                name: "\(percent(band.lower))–\(percent(band.upper)) of simulated paths",
                samples: years.indices.map { j in
                    ChartBand.Sample(x: years[j], lower: min(lower[j], yTop), upper: min(upper[j], yTop))
                },
                colour: band.colour, opacity: band.opacity))
        }
        chart.curves.append(ChartCurve(
            name: "median of simulated paths",
            points: zip(years, quantile(0.5)).map { year, median in
                ChartPoint(x: year, y: median.isFinite ? median : .nan)
            },
            colour: .black))
        if let median = fit.takeoff.medianYear, median <= end {
            chart.verticalLines.append(ReferenceLine(
                label: "median take-off year \(NumberFormat.year(median.rounded())) (closed form)", value: median, colour: .vermillion))
        }
        let takenOff = quantiles.takenOff
        let θ = fit.parameters
        chart.notes.append("Maximum likelihood on the observations shown, weights \(stochasticWeightingText(data)):")
        chart.notes.append("B = \(NumberFormat.significant(θ.b, digits: 4)), s = \(NumberFormat.significant(θ.s, digits: 4)), "
            + "d = \(NumberFormat.significant(θ.d, digits: 4)), sigma = \(NumberFormat.significant(θ.sigma, digits: 4)).")
        chart.notes.append("\(paths) exact simulations from \(NumberFormat.year(last)) at the estimate (no parameter uncertainty), seed \(seed);")
        chart.notes.append("\(takenOff) have taken off (reached infinity) by \(NumberFormat.year(end.rounded())); a band whose upper quantile")
        chart.notes.append("is infinite is drawn to the top edge.")
        return chart
    }
}
