import Foundation
import GrowthModels

/// The data-quality notebook (issue 12): what the verdicts rest on. Garfinkel's (2020) point is that
/// the pre-modern figures are too poor to carry the Hyperbolic Growth Hypothesis; each section puts
/// one form of that point to the data: start years and window ends, single observations, published
/// bounds, uncertainty weights, and forecasts of data the models were not fitted to.
extension ExportedNotebooks {
    /// `robustness`: the grid of the hypothesis-test notebook (`gdpfit test --bootstrap 0`), whose
    /// window sweep the start-year table is read from, so the grid is computed once per export.
    static func dataQuality(robustness: [RobustnessRow], progress: @escaping ([String]) -> Void = { _ in }) throws -> NotebookRecorder {
        let window = ["--from", window.from, "--to", window.to]
        var r = NotebookRecorder(progress: progress)
        r.markdown("""
            # What rests on which data: start years, influence, bounds, data uncertainty, weights and forecasts

            \(rerunning)

            Garfinkel (2020) argues that the figures before the modern era are too poor to carry the \
            Hyperbolic Growth Hypothesis: the oldest observations are guesses, often reconstructed from \
            the very growth models under test, and their error is of the order of the level itself. \
            This notebook asks, with gdpfit's own commands, how much each verdict of `gdpfit test` \
            depends on those figures. Each section says what is computed and how to read it; the \
            numbers are in the stored outputs only.

            - Garfinkel, B. (2020), "Does Economic History Point Toward a Singularity?", Effective Altruism Forum.
            - Roodman, D. (2020), "Modeling the Human Trajectory", Open Philanthropy (his uncertainty spline: \
            a relative standard deviation of 1.00 at 10,000 BCE, 0.75 at 1 CE, 0.25 at 1700, 0.05 at 1900, 0.01 from 2000).
            """)
        r.markdown("""
            ## Start year and window end

            The window sweep of the hypothesis test's robustness grid drops the oldest observations \
            (start years 10,000, 8000, 5000, 3000 and 1000 BCE and 1 CE) and moves the end of the window \
            (1820, 1870, 1913, 1950; 2019 for GDP series reaching it), at the 1700 split, compared by BIC \
            without the bootstrap. The table below is that sweep's pre-modern cells with gap weights and \
            the window ending in 1950, one row per dataset and start year (a start year that holds the \
            same observations as a later one adds no row; the 10,000 BCE row is the test's own window): B of power growth and its reading at 5%, the \
            level-form model preferred by BIC with its margin over the next, and BIC(hyperbola) minus the \
            modified BIC of the best continuous path over the window (positive: phase transition). \
            It was computed by `gdpfit export` from the grid of `gdpfit test --bootstrap 0 --format csv` \
            (the hypothesis-test notebook), where every cell of every sweep is listed.
            """)
        r.markdown(startYearTable(robustness))
        r.markdown("""
            ## Single observations

            For each era's verdict, the test refits with each observation left out in turn and flags a \
            verdict that one observation flips, naming it (`--no-influence` turns this off; JSON has every \
            left-out fit). The sentences after each dataset's verdicts say which observations matter.
            """)
        try r.command(["test", "--no-robustness", "--no-forecast", "--bootstrap", "0", "--datasets", "kremer-1993,delong-1998,roodman-2020"])
        r.markdown("""
            ## Published bounds

            HYDE 3.2.1 publishes lower and upper estimates beside its central series, and the U.S. Census \
            Bureau's summary table gives only lower and upper estimates (its series is their geometric \
            midpoint). `--bound lower|upper` fits a bound as the series. The level form per era on each \
            HYDE curve: if the verdict changes between the bounds, the data cannot decide it.
            """)
        for bound in ["lower", "upper"] {
            try r.command(["compare", "hyde-3.2.1", "--bound", bound, "--split", "1700", "--form", "level", "--bootstrap", "0"] + window)
        }
        try r.command(["compare", "uscb-summary", "--split", "1700", "--form", "level", "--bootstrap", "0"] + window)
        r.markdown("""
            ## Every observation redrawn within its uncertainty

            The data-uncertainty Monte Carlo redraws every observation of every series 200 times \
            (seeded): uniformly on ln y between the bounds where the source publishes a band, otherwise \
            normally on ln y with Roodman's spline as the standard deviation, and recomputes every verdict \
            of the test on each draw (without the bootstrap). The shares say how often each verdict \
            survives the data's own uncertainty; with 200 draws a share carries a Monte Carlo standard \
            error of at most 3.5 percentage points (`gdpfit test --data-uncertainty 1000` for finer shares). \
            The quantiles of B and of each ΔBIC are over the draws whose era could be graded.
            """)
        try r.dataUncertainty(["test", "--data-uncertainty", "200", "--seed", seed], figure: "data-uncertainty.svg")
        r.markdown("""
            ## Weights that follow reliability

            In the level form, gap weights make each observation count for the time it stands for, so \
            the sparse oldest figures (millennia apart) get the largest weights, the reverse of their \
            reliability (docs/statistics.md). Inverse-variance weights 1/σ² use σ of ln y from a series' \
            band where it has one and Roodman's spline elsewhere; Roodman's own weights are 1/(1 + 2 sd²). \
            The test with each:
            """)
        for weights in ["inverse-variance", "roodman"] {
            try r.command(["test", "--no-robustness", "--no-influence", "--no-forecast", "--bootstrap", "0", "--weights", weights,
                           "--datasets", "kremer-1993,hyde-3.2.1,roodman-2020"])
        }
        r.markdown("""
            ## Forecasts of data the models were not fitted to

            Each model is fitted, unweighted on ln y, from 10,000 BCE through a cut-off and scored by the \
            root-mean-square error of ln y on the observations after it, up to 1950; Roodman's stochastic \
            model also by the log predictive density and the CRPS of 1000 simulated paths (seeded). A \
            model whose singularity (or median take-off) comes before the last held-out year is not scored. \
            These scores do not depend on the weights or on comparing likelihoods across model families. \
            The figure shows each scored forecast from its cut-off against the data.
            """)
        try r.forecast(["forecast", "kremer-1993", "--cutoffs", "1700,1820,1913", "--seed", seed] + window, figure: "kremer-1993-forecast.svg")
        try r.command(["forecast", "roodman-2020", "--cutoffs", "1700,1820,1913", "--seed", seed] + window)
        return r
    }

    /// The window sweep's pre-modern cells (gap weights, window ending in 1950), as a Markdown table.
    static func startYearTable(_ robustness: [RobustnessRow]) -> String {
        var table = TextTable(header: [
            .text("dataset"), TableColumn("start", key: "start"), "obs", "B", .text("growth reading"), .text("level: preferred (ΔBIC)"),
            TableColumn("hyperbola − path ΔBIC", key: "delta_bic_hyperbola_path"),
        ])
        // The test's own window (10,000 BCE to 1950) is the split sweep's cell at 1700; the window
        // sweep leaves it out rather than repeat it.
        let testWindow = YearWindow(from: Double(window.from), to: Double(window.to))
        let cells = robustness.filter { row in
            row.weighting == .gap && row.split == 1700
                && (row.sweep == .window ? row.window.to == 1950 : row.window == testWindow)
        }
        for row in cells.sorted(by: { ($0.dataset, $0.window.from ?? 0) < ($1.dataset, $1.window.from ?? 0) }) {
            let growth = row.growthPreModern, level = row.levelPreModern
            let reading = growth.map { $0.tooFewToGrade ? "too few to grade" : $0.proportionality.map { DebateWording.ReadingWords($0).cell } ?? "" } ?? ""
            let preferred = level.map { winner in
                winner.tooFewToGrade ? "too few to grade"
                    : "\(winner.model.rawValue) (\(winner.deltaBIC.map { NumberFormat.fixed($0, decimals: 1) } ?? "-"))"
            } ?? ""
            table.add([
                TableCell(row.dataset), .year(row.window.from), .count(level?.observations),
                growth?.tooFewToGrade == false ? .number(growth?.exponent, digits: 3) : .empty, TableCell(reading), TableCell(preferred),
                .fixed(row.stableVersusPhaseDeltaBIC, decimals: 1),
            ])
        }
        return TableRendering.render(table, format: .markdown)
    }
}
