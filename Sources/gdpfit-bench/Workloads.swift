import Fitting
import Foundation
import GrowthModels

/// How much work each workload does: the full run, or the smoke run CI uses (`--quick`).
struct Scale {
    var fitRepetitions: Int
    var fitBatches: Int
    var bootstrapReplicates: Int
    var bootstrapBatches: Int
    var breakSizes: [Int]
    var breakBatches: Int
    var testBootstrap: Int
    var testRuns: Int
    /// Workload 6: rows of the large CSV file and replicates of the large bootstrap.
    var largeFileRows: Int
    var largeBootstrap: Int
    /// Workload 8: draws of `test --data-uncertainty`.
    var dataUncertaintyDraws: Int

    static let full = Scale(
        fitRepetitions: 2000, fitBatches: 7, bootstrapReplicates: 10_000, bootstrapBatches: 9,
        breakSizes: [500, 1000, 2000, 4000], breakBatches: 5, testBootstrap: 999, testRuns: 1,
        largeFileRows: 1_000_000, largeBootstrap: 100_000, dataUncertaintyDraws: 1000)
    static let quick = Scale(
        fitRepetitions: 100, fitBatches: 3, bootstrapReplicates: 500, bootstrapBatches: 1,
        breakSizes: [500, 2000], breakBatches: 1, testBootstrap: 20, testRuns: 1,
        largeFileRows: 100_000, largeBootstrap: 10_000, dataUncertaintyDraws: 20)
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
}

/// The benchmark's workloads (issue 5). Each returns its records; `countAllocations` replaces the
/// timing by an allocation count (run under scripts/bench/malloc_counter.c).
struct Workloads {
    let scale: Scale
    let countAllocations: Bool

    /// Times `operation`, or counts its allocations, and makes the record.
    func record(
        _ workload: String, _ variant: String, repetitions: Int, batches: Int,
        names: [String], parameters: [Double], extra: [String: Double] = [:], _ operation: () throws -> Void
    ) throws -> BenchmarkRecord {
        var record = BenchmarkRecord(
            workload: workload, variant: variant, secondsMedian: nil, secondsMin: nil, cpuSecondsMedian: nil,
            cpuSecondsMin: nil, repetitions: repetitions,
            batches: batches, allocationsPerOperation: nil, parameterNames: names, parameters: parameters, extra: extra)
        if countAllocations {
            record.allocationsPerOperation = try AllocationCounter.perOperation(repetitions: repetitions, operation)
            record.batches = 1
        } else {
            let timing = try time(repetitions: repetitions, batches: batches, operation)
            record.secondsMedian = timing.median
            record.secondsMin = timing.min
            record.cpuSecondsMedian = timing.cpuMedian
            record.cpuSecondsMin = timing.cpuMin
        }
        return record
    }

    // MARK: 1 and 2: one nonlinear fit

    /// kremer-1993 population, 1 to 1950, level form, unweighted (`gdpfit fit kremer-1993 --model
    /// hyperbolic --window 1:1950`).
    static func kremerSample() throws -> ModelSample {
        let series = try DatasetCatalog.dataset(named: "kremer-1993").load().series
        return try ModelSample.level(series, window: YearWindow(from: 1, to: 1950))
    }

    /// roodman-2020 GWP, main sample, growth form, gap weights, continuous rates (`gdpfit fit
    /// roodman-2020 --sample main --model power-growth --weights gap`).
    static func roodmanSample() throws -> ModelSample {
        let series = try DatasetCatalog.dataset(named: "roodman-2020").load(sample: "main").series
        return try ModelSample.growth(series, weighting: .gap)
    }

    /// Four variants of one fit: the library's whole fit (the coarse-grid search, variable projection,
    /// the covariance from the exact Jacobian, derived quantities); one GSL engine fit from the automatic start
    /// with a fresh workspace and a complete `FitResult` (what `curve_fit` does); the lean GSL refit
    /// through a reused workspace; and the variable-projection refit through a reused workspace (what
    /// the bootstrap loops use), from the same start.
    func nonlinearFit(
        _ workload: String, kind: GrowthModelID, sample: ModelSample, model: some SeparableRegressionModel,
        start: [Double]
    ) throws -> [BenchmarkRecord] {
        let reps = scale.fitRepetitions, batches = scale.fitBatches
        let response = sample.response, weights = sample.weights
        var startExtra: [String: Double] = ["observations": Double(sample.count)]
        for (name, value) in zip(model.parameterNames, start) { startExtra["start_" + name] = value }

        let whole = try GrowthModelFitter.fit(kind, to: sample)
        let wholeRecord = try record(
            workload, "whole fit: GrowthModelFitter.fit (start search, fit, covariance, derived; reported parameters)",
            repetitions: reps, batches: batches, names: whole.fit.parameterNames, parameters: whole.fit.parameters,
            extra: ["iterations": Double(whole.fit.iterations)]
        ) { _ = try GrowthModelFitter.fit(kind, to: sample) }

        let engine = try fitNonlinear(model, response: response, weights: weights, start: start)
        let engineRecord = try record(
            workload, "engine fit from the start: fitNonlinear (fresh workspace, FitResult with covariance)",
            repetitions: reps, batches: batches, names: model.parameterNames, parameters: engine.parameters,
            extra: startExtra.merging([
                "iterations": Double(engine.iterations), "function_evaluations": Double(engine.functionEvaluations),
                "jacobian_evaluations": Double(engine.jacobianEvaluations), "rss": engine.rss,
            ]) { $1 }
        ) { _ = try fitNonlinear(model, response: response, weights: weights, start: start) }

        let solver = try NonlinearLeastSquares(observations: sample.count, parameters: model.parameterCount)
        var θ = [Double](repeating: 0, count: model.parameterCount)
        var summary = try θ.withUnsafeMutableBufferPointer {
            try solver.fitParameters(model, response: response, weights: weights, start: start, parameters: $0)
        }
        let leanParameters = θ
        let leanRecord = try θ.withUnsafeMutableBufferPointer { buffer in
            try record(
                workload, "lean refit from the start: fitParameters through a reused workspace",
                repetitions: reps, batches: batches, names: model.parameterNames, parameters: leanParameters,
                extra: ["iterations": Double(summary.iterations), "rss": summary.rss]
            ) {
                summary = try solver.fitParameters(model, response: response, weights: weights, start: start, parameters: buffer)
            }
        }

        let projection = try SeparableLeastSquares(observations: sample.count, parameters: model.parameterCount)
        var projected = try θ.withUnsafeMutableBufferPointer {
            try projection.fitParameters(model, response: response, weights: weights, start: start, parameters: $0)
        }
        guard projected.status == .converged else {
            throw BenchmarkError(description: "\(workload): variable projection ended \(projected.status.rawValue)")
        }
        let projectedParameters = θ
        let projectionRecord = try θ.withUnsafeMutableBufferPointer { buffer in
            try record(
                workload, "variable projection from the start: SeparableLeastSquares, reused workspace",
                repetitions: reps, batches: batches, names: model.parameterNames, parameters: projectedParameters,
                extra: startExtra.merging([
                    "profile_evaluations": Double(projected.profileEvaluations), "rss": projected.rss,
                ]) { $1 }
            ) {
                projected = try projection.fitParameters(
                    model, response: response, weights: weights, start: start, parameters: buffer)
            }
        }
        return [wholeRecord, engineRecord, leanRecord, projectionRecord]
    }

    func hyperbolicFit() throws -> [BenchmarkRecord] {
        let sample = try Self.kremerSample()
        let model = HyperbolicLevelRegression(years: sample.years)
        let start = StartValues.hyperbolic(model, logLevels: sample.response, weights: sample.weights)
        return try nonlinearFit("1-hyperbolic-kremer", kind: .hyperbolic, sample: sample, model: model, start: start)
    }

    func powerGrowthFit() throws -> [BenchmarkRecord] {
        let sample = try Self.roodmanSample()
        let model = PowerGrowthRegression(levels: sample.levels, drift: false)
        let start = StartValues.powerGrowth(model, growth: sample.response, weights: sample.weights)
        return try nonlinearFit("2-power-growth-roodman", kind: .powerGrowth, sample: sample, model: model, start: start)
    }

    // MARK: 3: parametric bootstrap

    /// B-replicate parametric bootstrap of the kremer hyperbolic fit on 1 and on 2 threads, same seed;
    /// the replicates must agree bit for bit.
    func bootstrap() throws -> [BenchmarkRecord] {
        let fit = try GrowthModelFitter.fit(.hyperbolic, to: try Self.kremerSample())
        let replicates = scale.bootstrapReplicates
        func run(threads: Int) throws -> BootstrapResult {
            try GrowthModelUncertainty.bootstrap(fit, replicates: replicates, seed: 1, scheme: .parametric, threads: threads)
        }
        let one = try run(threads: 1), two = try run(threads: 2)
        guard one.replicateParameters == two.replicateParameters else {
            throw BenchmarkError(description: "bootstrap on 1 and 2 threads gave different replicates for the same seed")
        }
        let names = one.parameters.map { "se_" + $0.name }
        let errors = one.parameters.map { $0.standardError ?? .nan }
        let extra = ["replicates": Double(replicates), "succeeded": Double(one.succeeded), "identical_across_threads": 1]
        func emptyRecord(threads: Int) -> BenchmarkRecord {
            BenchmarkRecord(
                workload: "3-bootstrap-hyperbolic", variant: "parametric bootstrap, \(threads) thread\(threads == 1 ? "" : "s")",
                secondsMedian: nil, secondsMin: nil, cpuSecondsMedian: nil, cpuSecondsMin: nil, repetitions: 1,
                batches: scale.bootstrapBatches, allocationsPerOperation: nil, parameterNames: names,
                parameters: errors, extra: extra)
        }
        var records = [emptyRecord(threads: 1), emptyRecord(threads: 2)]
        if countAllocations {
            for (k, threads) in [1, 2].enumerated() {
                records[k].allocationsPerOperation = try AllocationCounter.perOperation(repetitions: 1) {
                    _ = try run(threads: threads)
                }
                records[k].batches = 1
            }
            return records
        }
        // 1 and 2 threads in interleaved batches: the speed-up is the median of the batches' ratios.
        let timed = try timeInterleaved(batches: scale.bootstrapBatches, { _ = try run(threads: 1) }, { _ = try run(threads: 2) })
        for (k, timing) in [timed.a, timed.b].enumerated() {
            records[k].secondsMedian = timing.median
            records[k].secondsMin = timing.min
            records[k].cpuSecondsMedian = timing.cpuMedian
            records[k].cpuSecondsMin = timing.cpuMin
        }
        records[1].extra["speedup_min"] = timed.a.min / timed.b.min
        records[1].extra["speedup_median"] = median(timed.ratios)
        // CPU time on 1 thread over CPU time on 2 (all threads): 1 means the parallel run does no
        // extra work, so its wall-time speed-up is bounded only by the cores it actually gets.
        records[1].extra["cpu_work_ratio"] = timed.a.cpuMin / timed.b.cpuMin
        return records
    }

    // MARK: 4: growth modes

    /// A deterministic annual series of n points: ln y piecewise linear with breaks at n/4, n/2 and
    /// 3n/4 (rates 0.0005, 0.002, 0.006, 0.02 per year) plus uniform noise of width 0.05 from
    /// SplitMix64 (seed 2024). scripts/bench_python.py builds the same numbers bit for bit.
    static func syntheticSeries(count n: Int) -> (years: [Double], logLevels: [Double]) {
        var generator = SplitMix64(state: 2024)
        let rates = [0.0005, 0.002, 0.006, 0.02]
        var years: [Double] = [], logLevels: [Double] = []
        var trend = 0.0
        for i in 0..<n {
            trend += rates[min(4 * i / n, 3)]
            let noise = 0.05 * (Double(generator.next() >> 11) * 0x1p-53 - 0.5)
            years.append(Double(1 + i))
            logLevels.append(trend + noise)
        }
        return (years, logLevels)
    }

    func growthModes() throws -> [BenchmarkRecord] {
        try scale.breakSizes.map { n in
            let (years, logLevels) = Self.syntheticSeries(count: n)
            let modes = try GrowthModeSearch.search(years: years, logLevels: logLevels, maxBreaks: 3)
            let path = modes.paths[3]
            return try record(
                "4-breaks-synthetic", "growth-mode search, up to 3 breaks, n = \(n)", repetitions: 1,
                batches: scale.breakBatches, names: ["break_1", "break_2", "break_3"], parameters: path.breakYears,
                extra: ["n": Double(n), "rss_3_breaks": path.rss, "best_break_count": Double(modes.bestBreakCount)]
            ) { _ = try GrowthModeSearch.search(years: years, logLevels: logLevels, maxBreaks: 3) }
        }
    }

    // MARK: 7: the stochastic model's fan chart

    /// `gdpfit plot roodman-2020 --kind fan` in its parts: the stochastic fit as plot makes it (no
    /// profile of B, no diagnostics), the diagnostics alone (which `fit` reports and the fan chart
    /// does not compute), and the fan's 1,000 exact paths × 100 steps with their quantiles
    /// (`FanChartQuantiles`), so the benchmark shows where the fan chart's time goes; then the
    /// whole fan chart (fit and 1,000 paths) on 40-point series (issue 13: under 1 s).
    func fanChart() throws -> [BenchmarkRecord] {
        try roodmanFanChart() + fortyPointFanCharts()
    }

    /// The issue's target for the whole fan chart of a 40-point series, in seconds (of CPU).
    static let fanChartTarget = 1.0

    /// The fan chart of `plot --kind fan` (fit without diagnostics, then 1,000 paths × 100 steps and
    /// their quantiles) on series of about 40 observations: kremer-1993 (38, from 1,000,000 BCE) and
    /// the last 40 years of un-wpp-2019 (a near-noiseless series: its transitions have λ in the
    /// millions); and on the whole of un-wpp-2019 (71 years), `gdpfit plot un-wpp-2019 --kind fan`.
    /// Each record's `target_seconds` is the issue's target, which report.py checks.
    func fortyPointFanCharts() throws -> [BenchmarkRecord] {
        let cases: [(name: String, window: YearWindow)] = [
            ("kremer-1993", YearWindow()), ("un-wpp-2019", YearWindow(from: 1981, to: 2020)), ("un-wpp-2019", YearWindow()),
        ]
        return try cases.map { name, window in
            let series = try DatasetCatalog.dataset(named: name).load().series
            let sample = try StochasticHyperbolicSample(ModelSample.level(series, window: window), weighting: .none)
            let fit = try sample.fit(diagnosing: false)
            let θ = fit.parameters
            let horizon = FanChartQuantiles.defaultHorizon(fit)
            return try record(
                "7-fan-chart", "whole fan chart, \(name), \(sample.values.count) points: fit + 1000 paths x 100 steps",
                repetitions: 1, batches: scale.fitBatches, names: StochasticHyperbolicModel.parameterNames,
                parameters: [θ.b, θ.s, θ.d, θ.sigma],
                extra: ["observations": Double(sample.values.count), "paths": 1000, "horizon": horizon,
                        "target_seconds": Self.fanChartTarget]
            ) {
                let fit = try sample.fit(diagnosing: false)
                _ = try FanChartQuantiles(
                    fit, probabilities: [0.1, 0.9, 0.25, 0.75, 0.5], paths: 1000, horizon: FanChartQuantiles.defaultHorizon(fit), seed: 1)
            }
        }
    }

    private func roodmanFanChart() throws -> [BenchmarkRecord] {
        let series = try DatasetCatalog.dataset(named: "roodman-2020").load().series
        let sample = try StochasticHyperbolicSample(ModelSample.level(series, window: YearWindow()), weighting: .none)
        let fit = try sample.fit(diagnosing: false)
        let θ = fit.parameters
        let names = StochasticHyperbolicModel.parameterNames, parameters = [θ.b, θ.s, θ.d, θ.sigma]
        let horizon = FanChartQuantiles.defaultHorizon(fit)
        let extra = ["observations": Double(sample.values.count), "paths": 1000, "horizon": horizon]
        return [
            try record("7-fan-chart", "stochastic fit as plot makes it (BFGS, observed information, take-off)",
                       repetitions: 1, batches: scale.fitBatches, names: names, parameters: parameters, extra: extra) {
                _ = try sample.fit(diagnosing: false)
            },
            try record("7-fan-chart", "diagnostics alone (PIT of each transition; fit reports them)",
                       repetitions: 1, batches: scale.fitBatches, names: names, parameters: parameters, extra: extra) {
                _ = try StochasticDiagnostics(years: sample.years, values: sample.values, parameters: θ)
            },
            try record("7-fan-chart", "FanChartQuantiles: 1000 exact paths x 100 steps, quantiles",
                       repetitions: 1, batches: scale.fitBatches, names: names, parameters: parameters, extra: extra) {
                _ = try FanChartQuantiles(fit, probabilities: [0.1, 0.9, 0.25, 0.75, 0.5], paths: 1000, horizon: horizon, seed: 1)
            },
        ]
    }

    // MARK: 5: the whole test command

    /// `gdpfit test --bootstrap B --quiet` as a subprocess, from start to exit.
    func testCommand(binary: String) throws -> [BenchmarkRecord] {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchmarkError(description: "no gdpfit executable at \(binary) (build it, or pass --gdpfit PATH)")
        }
        let arguments = ["test", "--bootstrap", String(scale.testBootstrap), "--quiet"]
        func run() throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw BenchmarkError(description: "gdpfit \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
            }
        }
        // Allocation counts of a subprocess would need the preload in the child: not measured here.
        guard !countAllocations else { return [] }
        return [try record(
            "5-gdpfit-test", "gdpfit " + arguments.joined(separator: " ") + " (whole process)",
            repetitions: 1, batches: scale.testRuns, names: [], parameters: [],
            extra: ["bootstrap_replicates": Double(scale.testBootstrap)], run)]
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny generator that Python reproduces exactly.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
