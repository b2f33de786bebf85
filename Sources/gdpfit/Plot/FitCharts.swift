import Foundation
import Fitting
import GrowthModels

/// The charts `gdpfit plot` draws.
enum PlotKind: String, CaseIterable, Sendable {
    /// The level against year on a log scale, with the fitted level curves.
    case series
    /// Interval growth rate against the level at the start of the interval, log-log, with the fitted
    /// growth laws.
    case growth
    /// Residuals of the fitted models against year.
    case residuals
    /// Every chart, one file each: series, growth, residuals and fan. The fan chart is included
    /// whenever the stochastic model can give one, because a researcher who asks for every chart of
    /// a series expects its most-cited model among them (Roodman 2020); when it cannot (`--weights
    /// gap`, which does not apply to transition densities; fewer than 6 observations; a fit that
    /// fails or does not converge), the other three are still written and one line on stderr says
    /// why the fan is missing, rather than failing the whole command or silently changing the weights.
    case all
    /// The stochastic hyperbolic model's fan chart of simulated paths from the last observation.
    case fan

    /// The charts a kind stands for, in the order they are written (the fan last, so the three
    /// least-squares charts keep their order).
    var charts: [PlotKind] { self == .all ? [.series, .growth, .residuals, .fan] : [self] }
}

/// How time runs along the series, residual and fan charts (`--xscale`).
enum TimeScale: String, CaseIterable, Sendable {
    /// Years before a reference year just after the data (and the singularity), log scale, reversed:
    /// every decade of "years ago" gets the same width (Kremer 1993, fig. I; Roodman 2020, fig. 2).
    case yearsBefore = "log-years-before"
    /// Calendar years, evenly spaced.
    case linear

    /// Also accepted on the command line: "years-before", the name `--time-scale` gives the first.
    init?(argument: String) {
        self.init(rawValue: argument == "years-before" ? Self.yearsBefore.rawValue : argument)
    }
}

/// Turns fitted models into `Chart` values: what to draw, never how (`SVGRenderer` draws). Fits that
/// did not converge are not drawn; a note on the chart says so, with their status.
enum FitCharts {
    /// The models drawn when none are named: exponential against hyperbolic on the level, and the
    /// growth laws of the hypothesis test on growth against level.
    static let defaultModels: [ModelForm: [GrowthModelID]] = [
        .level: [.exponential, .hyperbolic],
        .growth: [.constantGrowth, .linearGrowth, .powerGrowth],
    ]

    /// One colour per model, the same on every chart, so a model keeps its colour from the series to
    /// the residuals. The rivals share colours across forms: constant growth (exponential, constant
    /// growth) blue, hyperbolic growth (hyperbolic, power growth) vermillion. A model without a colour
    /// of its own, and a formula, are orange.
    static let colours: [GrowthModelID: ChartColour] = [
        .exponential: .blue, .constantGrowth: .blue, .hyperbolic: .vermillion, .powerGrowth: .vermillion,
        .linearGrowth: .bluishGreen, .powerGrowthDrift: .reddishPurple,
    ]

    static func colour(_ model: FittedModel) -> ChartColour {
        guard case let .builtIn(id) = model else { return .orange }
        return colours[id] ?? .orange
    }

    static let modesColour = ChartColour.orange

    // MARK: Series

    /// The level against year on a log y axis: the observations, each converged level fit as a curve
    /// (a hyperbola up to just before its singularity, with t* as a dashed vertical line), and the
    /// best growth-mode path when given (drawn segment by segment, broken between segments).
    static func seriesChart(series: Series, sample: ModelSample, fits: [GrowthModelFit], modes: GrowthModePath?,
                            timeScale: TimeScale) -> Chart {
        let time = timeAxis(timeScale, sample: sample, fits: fits)
        var chart = Chart(
            title: "\(series.name): level with fitted models",
            xAxis: time,
            yAxis: ChartAxis(label: quantityLabel(series), scale: .log10),
            markers: [ChartMarkers(name: "Observed (\(sample.count))", points: zip(sample.years, sample.levels).map { ChartPoint(x: $0, y: $1) })])
        guard let first = sample.years.first, let last = sample.years.last else { return chart }
        for fit in fits {
            guard fit.converged else {
                chart.notes.append(notDrawn(fit))
                continue
            }
            guard let model = fit.builtInModel, model.form == .level else { continue }
            let colour = colour(fit.model), θ = fit.fit.parameters, name = model.id.rawValue
            if let tStar = model.singularityYear(θ) {
                // Up to 1% of the way from the last observation to t* (or to the reference year of a
                // years-before axis, beyond which nothing can be placed): the rise is visible, the pole is not reached.
                var limit = tStar
                if case .yearsBefore(let reference) = time.scale { limit = min(limit, reference) }
                let end = limit - (limit - last) / 100
                chart.curves.append(.sampled(name: name, colour: colour, from: first, to: end, scale: time.scale) {
                    exp(model.curve(θ, at: $0))
                })
                chart.verticalLines.append(ReferenceLine(
                    label: "singularity year t* = \(NumberFormat.year(tStar.rounded())) (\(name))", value: tStar, colour: colour))
            } else {
                chart.curves.append(.sampled(name: name, colour: colour, from: first, to: last, scale: time.scale) {
                    exp(model.curve(θ, at: $0))
                })
            }
            chart.notes.append(parameterNote(fit))
        }
        if let modes {
            var points: [ChartPoint] = []
            for segment in modes.segments {
                if !points.isEmpty { points.append(ChartPoint(x: .nan, y: .nan)) }
                points += ChartCurve.sampled(name: "", from: segment.fromYear, to: segment.toYear, count: 40, scale: time.scale) {
                    exp(segment.intercept + segment.rate * $0)
                }.points
            }
            let breaks = modes.breakYears.map(NumberFormat.year).joined(separator: ", ")
            chart.curves.append(ChartCurve(
                name: "growth modes (\(modes.breakCount) break\(modes.breakCount == 1 ? "" : "s")\(breaks.isEmpty ? "" : ": " + breaks))",
                points: points, colour: modesColour, dash: .dotted))
        }
        chart.notes.append("Level fits are least squares on ln y, weights \(sample.weighting).")
        return chart
    }

    // MARK: Growth

    /// Interval growth rates against the level at the start of each interval, log-log, with each
    /// converged growth law sampled over the levels observed. Rates at or below zero, which the log
    /// axis cannot place (a fall, or a stagnant interval), are drawn at their level in the marked
    /// strip at the bottom edge, with a legend entry counting them (`ChartAxis.nonPositiveStrip`).
    static func growthChart(series: Series, sample: ModelSample, fits: [GrowthModelFit]) -> Chart {
        let rate = sample.rateKind == .discrete ? "discrete, (y1/y0)^(1/dt) - 1" : "continuous, ln(y1/y0)/dt"
        var chart = Chart(
            title: "\(series.name): growth rate against level",
            xAxis: ChartAxis(label: quantityLabel(series) + " at the start of each interval", scale: .log10),
            yAxis: ChartAxis(label: "Growth rate per year (\(rate))", scale: .log10, nonPositiveStrip: "growth rate ≤ 0, in the strip at the bottom"),
            markers: [ChartMarkers(name: "Interval growth (\(sample.count))", points: zip(sample.levels, sample.response).map { ChartPoint(x: $0, y: $1) })])
        guard let low = sample.levels.min(), let high = sample.levels.max() else { return chart }
        for fit in fits {
            guard fit.converged else {
                chart.notes.append(notDrawn(fit))
                continue
            }
            guard let model = fit.builtInModel, model.form == .growth else { continue }
            let θ = fit.fit.parameters
            chart.curves.append(.sampled(name: "\(fit.model): \(model.formula)", colour: colour(fit.model), from: low, to: high, scale: .log10) {
                model.curve(θ, at: $0)
            })
            chart.notes.append(parameterNote(fit))
        }
        chart.notes.append("Growth fits are least squares on the interval rates, weights \(sample.weighting).")
        return chart
    }

    // MARK: Residuals

    /// Residuals y_i - f_i (ln y for level fits, the rate for growth fits) against year (the start
    /// year of each interval for growth fits), one marker series per converged fit, with the zero line.
    static func residualChart(series: Series, fits: [GrowthModelFit], timeScale: TimeScale) -> Chart {
        let form = fits.first?.form ?? .level
        let sample = fits.first?.sample
        let time = sample.map { timeAxis(timeScale, sample: $0, fits: fits) } ?? ChartAxis(label: "Year", tickLabels: .years)
        var chart = Chart(
            title: "\(series.name): residuals",
            xAxis: time,
            yAxis: ChartAxis(label: form == .level ? "Residual of ln y (ln y minus fitted)" : "Residual growth rate per year (observed minus fitted)"),
            horizontalLines: [ReferenceLine(label: "", value: 0, colour: .black, dash: .solid)])
        for (index, fit) in fits.enumerated() {
            guard fit.converged else {
                chart.notes.append(notDrawn(fit))
                continue
            }
            chart.markers.append(ChartMarkers(
                name: fit.model.description, points: zip(fit.sample.years, fit.fit.residuals).map { ChartPoint(x: $0, y: $1) },
                colour: colour(fit.model), filled: index % 2 == 0))
        }
        return chart
    }

    // MARK: Labels and axes

    /// "Population (millions of people)", "GDP (billions of 1990 international dollars)".
    static func quantityLabel(_ series: Series) -> String {
        let quantity = switch series.measure {
        case .population: "Population"
        case .gdp: "GDP"
        case .other: series.name
        }
        return series.unit.isEmpty ? quantity : "\(quantity) (\(series.unit))"
    }

    /// The time axis. On a years-before axis the reference year is the first multiple of 10 after the
    /// last observation and after every converged hyperbolic fit's t*, so that the singularity line
    /// can be placed, unless the observations would then fill less than half the axis width (a t*
    /// far beyond the data pushes them into a corner): that t* is left out, and the renderer notes
    /// that its line lies outside the plotted range. A year less than 10⁻⁸ years below a multiple
    /// of 10 counts as that multiple: a t* fitted to 2030 within rounding (2029.999999999996 as
    /// often as 2030.000000000004) gets 2040, not a reference 4e-12 years after it.
    static func timeAxis(_ scale: TimeScale, sample: ModelSample, fits: [GrowthModelFit]) -> ChartAxis {
        switch scale {
        case .linear:
            return ChartAxis(label: "Year", scale: .linear, tickLabels: .years)
        case .yearsBefore:
            let first = sample.years.first ?? 0, last = sample.lastYear ?? 0
            func reference(after year: Double) -> Double { (year / 10 + 1e-9).rounded(.down) * 10 + 10 }
            func dataShare(_ tStar: Double) -> Double {
                let r = reference(after: tStar)
                return (log10(r - first) - log10(r - last)) / (log10(r - first) - log10(r - tStar))
            }
            let singularities = fits.filter(\.converged)
                .compactMap { fit in fit.builtInModel?.singularityYear(fit.fit.parameters) }
                .filter { $0.isFinite && $0 > last && dataShare($0) >= 0.5 }
            let chosen = reference(after: ([last] + singularities).max() ?? last)
            return ChartAxis(label: "Year (log scale of years before \(NumberFormat.year(chosen)))",
                             scale: .yearsBefore(reference: chosen), tickLabels: .years)
        }
    }

    /// "hyperbolic: ln_C = 12.3 (SE 0.4), k = 0.98 (SE 0.05), t_star = 2026 (SE 12); BIC -31.2".
    static func parameterNote(_ fit: GrowthModelFit) -> String {
        let parameters = zip(fit.fit.parameterNames, zip(fit.fit.parameters, fit.fit.standardErrors)).map { name, value in
            "\(name) = \(NumberFormat.significant(value.0, digits: 4)) (SE \(NumberFormat.significant(value.1, digits: 2)))"
        }.joined(separator: ", ")
        return "\(fit.model): \(parameters); n = \(fit.fit.n), BIC \(NumberFormat.significant(fit.fit.bic, digits: 6))"
    }

    static func notDrawn(_ fit: GrowthModelFit) -> String {
        "\(fit.model) did not converge (\(fit.fit.status.rawValue)): not drawn."
    }
}
