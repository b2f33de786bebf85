import Foundation

/// Workload 8 (issue 12, items 4 and 7): `gdpfit test --data-uncertainty N` on every curated
/// dataset, the whole process on 2 threads, its wall time and peak memory (as workload 6 measures
/// them: VmHWM of the subprocess). Target: N = 1000 in under 60 s and 200 MB on 2 cores. The quick
/// mode runs N = 20. Beside it, the CPU time per dataset-draw (process CPU time over draws ×
/// datasets tested).
extension Workloads {
    func dataUncertainty(binary: String) throws -> [BenchmarkRecord] {
        guard !countAllocations else { return [] }
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchmarkError(description: "no gdpfit executable at \(binary) (build it, or pass --gdpfit PATH)")
        }
        let draws = scale.dataUncertaintyDraws
        let arguments = ["test", "--data-uncertainty", String(draws), "--threads", "2", "--quiet"]
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        let cpuBefore = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        let run = try Self.runMeasured(binary, arguments)
        guard run.status == 0 else {
            throw BenchmarkError(description: "gdpfit \(arguments.joined(separator: " ")) exited with \(run.status)")
        }
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6 - cpuBefore
        // The curated datasets with the test's 6 observations in its window (un-wpp-2019 starts in 1950).
        let datasets = 6.0
        return [BenchmarkRecord(
            workload: "8-data-uncertainty", variant: "gdpfit " + arguments.joined(separator: " ") + " (whole process, 2 threads)",
            secondsMedian: run.seconds, secondsMin: run.seconds, cpuSecondsMedian: cpu, cpuSecondsMin: cpu,
            repetitions: 1, batches: 1, allocationsPerOperation: nil, parameterNames: [], parameters: [],
            extra: ["draws": Double(draws), "peak_rss_mb": run.peakBytes / 1_048_576, "exit_status": Double(run.status),
                    "cpu_ms_per_dataset_draw": 1000 * cpu / (Double(draws) * datasets),
                    "target_seconds": draws == 1000 ? 60 : .nan, "target_mb": 200])]
    }
}
