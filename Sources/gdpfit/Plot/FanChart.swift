import Fitting
import Foundation
import GrowthModels

/// The fan chart of Roodman's stochastic hyperbolic model: the observations it was fitted to, and
/// from the last one forward the quantiles across exactly simulated paths under the estimate
/// (`StochasticHyperbolicModel.simulatePaths`, seeded): the 10–90% and 25–75% bands and the median,
/// on a log scale. This is the model's own randomness at the estimate, not parameter uncertainty.
///
/// A path that takes off (Y reaches infinity) stays infinite, so an upper quantile becomes infinite
/// once more than that share of paths has taken off: a band is then drawn up to the top edge of the
/// plot (its value there is the edge, `yTop`), and the median line stops where it is infinite. The
/// vertical line marks the median take-off year from the closed form, where it lies on the chart.
enum FanChart {
    /// The quantile bands, outer first, and their opacities (nested, so the centre is darker).
    static let bands: [(lower: Double, upper: Double, opacity: Double)] = [(0.10, 0.90, 0.25), (0.25, 0.75, 0.35)]

    /// Simulation times: the last observation and `steps` evenly spaced years up to `horizon` after it.
    static let steps = 100

    /// How far above the largest observation the y axis reaches, as a factor: three decades, enough
    /// to show the fan rising without squashing the history.
    static let headroom = 1000.0

    /// Years to simulate when not given: up to 10% beyond the take-off year's 97.5% point at the
    /// estimate (past it the fan has left the chart), at most 100; 100 when take-off is unlikely.
    static func defaultHorizon(_ fit: StochasticHyperbolicFit) -> Double {
        guard let upper = fit.takeoff.upperYear else { return 100 }
        return min(100, max(((upper - fit.lastYear) * 1.1).rounded(.up), 10))
    }

    static func chart(
        series: Series, data: StochasticData, fit: StochasticHyperbolicFit, paths: Int, horizon: Double, seed: UInt64,
        timeScale: TimeScale
    ) -> Chart {
        let last = fit.lastYear
        let future = (1...steps).map { last + horizon * Double($0) / Double(steps) }
        let simulated = StochasticHyperbolicModel.simulatePaths(
            from: last, value: fit.lastValue, parameters: fit.parameters, years: future, count: paths, seed: seed)
        let years = [last] + future
        // sorted[j]: the values of every path at years[j], ascending (+∞ for paths that have taken off).
        let sorted = [[Double](repeating: fit.lastValue, count: paths)]
            + future.indices.map { j in simulated.map { $0[j] }.sorted() }
        let yBottom = (data.values.min() ?? 1) / 2, yTop = (data.values.max() ?? 1) * headroom

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
            yAxis: ChartAxis(label: FitCharts.quantityLabel(series), scale: .log10, range: yBottom...yTop),
            markers: [ChartMarkers(name: "Observed (\(data.values.count))",
                                   points: zip(data.years, data.values).map { ChartPoint(x: $0, y: $1) })])
        for band in bands {
            chart.bands.append(ChartBand(
                name: "\(percent(band.lower))–\(percent(band.upper)) of simulated paths",
                samples: years.indices.map { j in
                    ChartBand.Sample(x: years[j], lower: min(typeSevenQuantile(sorted: sorted[j], band.lower), yTop),
                                     upper: min(typeSevenQuantile(sorted: sorted[j], band.upper), yTop))
                },
                colour: .skyBlue, opacity: band.opacity))
        }
        chart.curves.append(ChartCurve(
            name: "median of simulated paths",
            points: years.indices.map { j in
                let median = typeSevenQuantile(sorted: sorted[j], 0.5)
                return ChartPoint(x: years[j], y: median.isFinite ? median : .nan)
            },
            colour: .blue))
        if let median = fit.takeoff.medianYear, median <= end {
            chart.verticalLines.append(ReferenceLine(
                label: "median take-off year \(NumberFormat.year(median.rounded())) (closed form)", value: median, colour: .vermillion))
        }
        let takenOff = sorted[sorted.count - 1].filter(\.isInfinite).count
        let θ = fit.parameters
        chart.notes.append("Maximum likelihood on the observations shown, weights \(data.weighting):")
        chart.notes.append("B = \(NumberFormat.significant(θ.b, digits: 4)), s = \(NumberFormat.significant(θ.s, digits: 4)), "
            + "d = \(NumberFormat.significant(θ.d, digits: 4)), sigma = \(NumberFormat.significant(θ.sigma, digits: 4)).")
        chart.notes.append("\(paths) exact simulations from \(NumberFormat.year(last)) at the estimate (no parameter uncertainty), seed \(seed);")
        chart.notes.append("\(takenOff) have taken off (reached infinity) by \(NumberFormat.year(end.rounded())); a band whose upper quantile")
        chart.notes.append("is infinite is drawn to the top edge.")
        return chart
    }
}
