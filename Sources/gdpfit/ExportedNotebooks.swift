import Foundation
import GrowthModels

/// The notebooks `gdpfit export` writes: what each explains and which command lines fill it.
/// The Markdown explains methods and how to read the numbers; it never states a result, which only
/// the stored command outputs do, so the prose cannot go stale when the data or the models change.
enum ExportedNotebooks {
    /// The bootstrap settings of every notebook: fixed, so the outputs are reproducible.
    static let bootstrap = "999"
    static let seed = "1"
    /// The hypothesis test's default window, used throughout so the notebooks agree with `gdpfit test`.
    static let window = (from: "-10000", to: "1950")

    /// Roodman's main specification of the stochastic hyperbolic model, in the roodman-2020 notebook.
    static let stochasticMainSpecification = ["roodman-2020", "--model", "stochastic-hyperbolic", "--sample", "main", "--weights", "roodman"]

    /// The datasets with a notebook of their own.
    static let datasetNotebooks = ["kremer-1993", "roodman-2020"]

    /// Every file, by name, in a fixed order: notebooks, then the figures their plot cells write.
    /// Two cells writing the same name would leave one figure on disk and another in the notebook,
    /// so that is an error.
    /// `progress` is told which notebook and command are being run.
    static func files(progress: Progress = Progress(enabled: false)) throws -> [(name: String, text: String)] {
        let count = 2 + datasetNotebooks.count
        let (test, robustness) = try hypothesisTest(progress: Self.reporter(progress, "hypothesis-test.ipynb", 1, of: count))
        var files = [("hypothesis-test.ipynb", test.json())]
        let quality = try dataQuality(robustness: robustness, progress: Self.reporter(progress, "data-quality.ipynb", 2, of: count))
        files.append(("data-quality.ipynb", quality.notebook.json()))
        files += quality.files
        for (index, dataset) in datasetNotebooks.enumerated() {
            let recorder = try datasetNotebook(dataset, progress: Self.reporter(progress, "\(dataset).ipynb", index + 3, of: count))
            files.append(("\(dataset).ipynb", recorder.notebook.json()))
            files += recorder.files
        }
        var names = Set<String>()
        for (name, _) in files where !names.insert(name).inserted {
            throw CommandFailure("export: two notebook cells write \(name)", ExitStatus.software)
        }
        return files
    }

    /// Reports "export: kremer-1993.ipynb (2 of 3): gdpfit plot kremer-1993 …" for each command run.
    private static func reporter(_ progress: Progress, _ name: String, _ index: Int, of count: Int) -> (([String]) -> Void) {
        { arguments in progress.report("export: \(name) (\(index) of \(count)): gdpfit \(arguments.prefix(2).joined(separator: " "))…") }
    }

    static let rerunning = """
        Written by `gdpfit export`. Each code cell holds the exact gdpfit command line that produced the \
        output stored under it; nothing was run in Jupyter. To rerun a cell, build gdpfit \
        (`swift build -c release`), put it on the path (`export PATH=$PWD/.build/release:$PATH`) and run \
        the cell in a Python kernel. `gdpfit export` rewrites this notebook byte for byte.
        """

    // MARK: The hypothesis test

    /// The notebook and the robustness grid its last cell computed (the data-quality notebook reads
    /// its window sweep).
    static func hypothesisTest(progress: @escaping ([String]) -> Void = { _ in }) throws -> (Notebook, [RobustnessRow]) {
        var r = NotebookRecorder(progress: progress)
        r.markdown("""
            # Is long-run growth hyperbolic? The hypothesis test on every curated dataset

            \(rerunning)

            ## The debate

            Kremer (1993) observed that over most of human history world population grew at a rate \
            that rose with its level, g = s·y^B with B near 1, which makes the level hyperbolic, \
            y = C (t* − t)^(−k), with a finite-time singularity at t*; he read it as evidence that people \
            produce the ideas that raise growth. Roodman (2020) found a (stochastic) hyperbolic model a \
            good description of gross world product since 10,000 BCE, with a singularity in this century \
            that only a change of regime can avert. Garfinkel (2020) answered that the same series are as \
            well described by growth that is roughly constant within eras and jumps between them (the \
            Neolithic and Industrial revolutions): a *phase transition* rather than *stable dynamics*.

            - Kremer, M. (1993), "Population Growth and Technological Change: One Million B.C. to 1990", \
            Quarterly Journal of Economics 108(3): 681–716.
            - Roodman, D. (2020), "Modeling the Human Trajectory", Open Philanthropy.
            - Garfinkel, B. (2020), "Does Economic History Point Toward a Singularity?", Effective Altruism Forum.

            ## The curated datasets

            Each comes from one publication with its units, year coding and caveats \
            (`gdpfit datasets show NAME` prints them).
            """)
        try r.command(["datasets"])
        r.markdown("""
            ## The test

            For each dataset's main series, in the window 10,000 BCE to 1950, with the modern era \
            starting in 1700:

            1. **Growth form.** Interval growth rates g_i = ln(y_{i+1}/y_i)/(t_{i+1} − t_i), attached to the \
            level at the start of the interval and weighted by the interval's length (Kremer 1993), are \
            fitted by constant growth g = c, power growth g = s·y^B and linear growth g = a + b·y in each \
            era. Constant growth is nested in both (B = 0, b = 0), so likelihood-ratio and F tests are valid.
            2. **Level form.** ln y is fitted by the exponential ln y = a + r·t and the hyperbola \
            ln y = ln C − k·ln(t* − t). Exponential growth is only a limit of the hyperbola, so the \
            chi-square likelihood-ratio test is invalid; a parametric bootstrap of the LR statistic \
            (999 replicates, seed 1) gives the p-value.
            3. **Stable dynamics or phase transition.** Over the whole window, the hyperbola's BIC is compared \
            with the modified BIC (Zhang & Siegmund 2007) of the continuous piecewise-exponential path of up to \
            3 breaks, break years found exactly; beside it, the path with transitions fixed at 3000 BCE and \
            1760, Hanson's (2000) sums of 2 and 3 exponential modes and his discontinuous growth modes.
            4. **Verdicts** in plain words, each with the numbers behind it.
            5. **Out-of-sample forecasts.** Every model fitted, unweighted on ln y, through 1700, 1820 and \
            1913, and scored by the root-mean-square error of ln y on the later observations to 1950; the \
            table names the best forecaster per cut-off (data-quality.ipynb shows the full scores and a figure).

            Models are ranked within one form and one era only, where they are fitted to the same \
            observations. ΔBIC reads as Kass & Raftery (1995): 0–2 not worth more than a bare mention, \
            2–6 positive, 6–10 strong, above 10 very strong.
            """)
        _ = try r.test(["test", "--no-robustness", "--bootstrap", bootstrap, "--seed", seed])
        r.markdown("""
            ## Robustness

            6. The same comparisons over a grid: for every dataset, split years 1, 1000, 1500, 1600, 1700 and \
            1800 over the test's window (sweep `split`), and start years 10,000, 8000, 5000, 3000 and 1000 BCE \
            and 1 CE × window ends 1820, 1870, 1913 and 1950 (and 2019 for a GDP series reaching it) at the \
            1700 split (sweep `window`), each with weights `gap` and `none`. Each cell names the model \
            preferred by BIC and its ΔBIC to the next model; the last column is BIC(hyperbolic) − mBIC(best \
            continuous path), positive when the phase transition fits better. The grid compares by BIC only \
            (`--bootstrap 0`), which keeps it to seconds; the bootstrap p-values of the default split are in \
            the verdicts above. The CSV is a long table, one number per row (dataset, sweep, window, split, \
            weights, era, form, model, statistic, value, with B's reading and a status in words), ending with \
            the stochastic model's numbers from the section above; `pandas.read_csv` loads it as it is.
            """)
        let robustness = try r.test(["test", "--bootstrap", "0", "--no-influence", "--no-forecast", "--format", "csv"]).robustness ?? []
        r.markdown("How often each verdict holds across each dataset's cells:\n\n"
            + TableRendering.render(TestRendering.robustnessSummaryTable(RobustnessSummary.of(robustness)), format: .markdown))
        return (r.notebook, robustness)
    }

    // MARK: Roodman's stochastic model

    /// Roodman's main specification: the fit, then its fan chart.
    static func stochasticSection(_ r: inout NotebookRecorder) throws {
        let specification = Array(stochasticMainSpecification.dropFirst())
        let dataset = stochasticMainSpecification[0]
        r.markdown("""
            ## Roodman's stochastic hyperbolic model (main specification)

            Roodman (2020) fits a stochastic model rather than a curve: \
            dY = (s·Y^(1+B) + d·Y) dt + σ·Y^(1+B/2) dW, whose expected growth rate s·Y^B + d rises with the \
            level when B > 0. X = Y^(−B) is then a Feller (square-root) diffusion, so the likelihood of each \
            observation given the previous one is exact over its own time gap, and Y can reach infinity in \
            finite time ("take-off"). His main specification uses the series' flagged main sample (10,000 BCE \
            onward, decennial after 1950, plus 2019) with his uncertainty weights rescaled to mean 1, over the \
            whole sample rather than the window above.

            The fit reports B, s, d and σ with standard errors from the observed information; the median \
            take-off year with two intervals: the take-off distribution at the estimate (the model's own \
            randomness) and percentile points over parameter draws from the estimates' normal approximation \
            (parameter uncertainty); the probability of never taking off; and tests of each observation's \
            quantile given the previous one (uniform and independent if the model is right): \
            Kolmogorov–Smirnov for uniformity, Ljung–Box for serial correlation. Its likelihood is of the \
            transition densities of y, a different response from the least-squares fits above, so its AIC \
            is not comparable with theirs.
            """)
        try r.command(["fit", dataset] + specification)
        r.markdown("""
            The fan chart: 1000 paths simulated exactly from the last observation under the estimate \
            (seeded), their 10–90% and 25–75% bands and median over the observations, with the median \
            take-off year as a dashed line.
            """)
        try r.plot(["plot", dataset] + specification + ["--kind", "fan", "--seed", seed, "--out", "\(dataset)-main-fan.svg"])
    }

    // MARK: One dataset

    static func datasetNotebook(_ dataset: String, progress: @escaping ([String]) -> Void = { _ in }) throws -> NotebookRecorder {
        let metadata = try DatasetCatalog.dataset(named: dataset).metadata
        let window = ["--from", window.from, "--to", window.to]
        var r = NotebookRecorder(progress: progress)
        r.markdown("""
            # \(metadata.title)

            \(rerunning)

            Source: \(metadata.citation)

            The fits below use the window of the hypothesis test, 10,000 BCE to 1950.
            """)
        try r.command(["datasets", "show", dataset])
        r.markdown("""
            ## Exponential or hyperbolic level?

            The exponential ln y = a + r·t grows at a constant rate; the hyperbola \
            ln y = ln C − k·ln(t* − t) grows ever faster and reaches infinity at the singularity year t*. \
            Both are fitted to ln y by least squares; the derived quantities (growth rate, doubling time, \
            t* and its distance from the data) carry delta-method standard errors.
            """)
        try r.command(["fit", dataset, "--model", "exponential"] + window)
        try r.command(["fit", dataset, "--model", "hyperbolic"] + window)
        r.markdown("""
            The same fit as data: `--format json` carries every number at full precision, and each \
            observation with its fitted value and residual (as R's `broom::augment`). Notes go to \
            standard error, so standard output is JSON alone. This cell loads it with pandas; it has no \
            stored output, since gdpfit does not run Python (run it to see the table).
            """)
        r.pandas(["fit", dataset, "--model", "hyperbolic"] + window, key: "observations",
                 columns: ["year", "level", "response", "fitted", "residual", "weight"])
        r.markdown("""
            The level on a log scale of years before the end of the data (each decade of "years ago" \
            gets the same width), with both fits, the singularity year as a dashed line and the best \
            growth-mode path with up to 3 breaks; then the interval growth rates against the level with \
            the three growth laws; then the residuals of the level fits; then the fan chart of Roodman's \
            (2020) stochastic hyperbolic model fitted to the same observations, unweighted: 1000 paths \
            simulated exactly from the last observation (seeded), their 10–90% and 25–75% bands and median.
            """)
        try r.plot(["plot", dataset, "--kind", "all", "--breaks", "3", "--out", "\(dataset).svg"] + window)
        r.markdown("""
            ## Growth against level, per era

            Does growth rise with the level? Every growth law (constant, power, linear, and power with a \
            drift, Roodman 2020's form) fitted to the interval growth rates before 1700, from 1700, and over \
            the whole window, ranked by BIC, with the nested LR and F tests of constant growth (B = 0, b = 0).
            """)
        try r.command(["compare", dataset, "--split", "1700", "--form", "growth"] + window)
        r.markdown("""
            ## The level, per era

            Exponential against hyperbolic in each era, with the parametric bootstrap of the likelihood \
            ratio (the chi-square reference is invalid for this pair).
            """)
        try r.command(["compare", dataset, "--split", "1700", "--form", "level", "--bootstrap", bootstrap, "--seed", seed] + window)
        r.markdown("""
            ## Phase transitions

            The phase-transition reading: ln y continuous and piecewise linear with up to three breaks, the \
            break years found exactly and their number chosen by the modified BIC.
            """)
        try r.command(["breaks", dataset, "--max-breaks", "3"] + window)
        if dataset == stochasticMainSpecification[0] { try stochasticSection(&r) }
        return r
    }
}
