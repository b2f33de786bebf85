import Foundation

/// One row of the benchmark's JSON output.
struct BenchmarkRecord: Encodable {
    /// e.g. "1-hyperbolic-kremer".
    var workload: String
    /// What exactly is timed within the workload, e.g. "lean refit, reused workspace".
    var variant: String
    /// Median and minimum over batches of the seconds one operation takes; nil in allocation runs.
    var secondsMedian: Double?
    var secondsMin: Double?
    /// The same for the CPU time of the whole process (all threads): on a machine shared with other
    /// work it is far less disturbed than the wall time, so single-threaded comparisons use it.
    var cpuSecondsMedian: Double?
    var cpuSecondsMin: Double?
    /// Operations per batch and batches timed.
    var repetitions: Int
    var batches: Int
    /// malloc/calloc/realloc/posix_memalign calls per operation (only under the counting preload).
    var allocationsPerOperation: Double?
    /// The parameters the operation produced (solver parametrisation unless the variant says otherwise).
    var parameterNames: [String]
    var parameters: [Double]
    /// Anything else worth checking (start values, iterations, speed-ups, break years).
    var extra: [String: Double]
}

/// Seconds of a clock: CLOCK_MONOTONIC (wall time, unaffected by clock adjustments) or
/// CLOCK_PROCESS_CPUTIME_ID (CPU time of all the process's threads).
func seconds(_ clock: clockid_t) -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

struct Timing {
    var median: Double, min: Double, cpuMedian: Double, cpuMin: Double
}

private func medianAndMin(_ values: [Double]) -> (Double, Double) {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return (sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2, sorted[0])
}

/// Times `operation`: one untimed warm-up, then `batches` batches of `repetitions` calls each; the
/// per-operation time of each batch, then their median and minimum. The minimum is the least
/// disturbed by other processes; the median says how typical it is.
func time(repetitions: Int, batches: Int, _ operation: () throws -> Void) rethrows -> Timing {
    try operation()
    var wall: [Double] = [], cpu: [Double] = []
    for _ in 0..<batches {
        let start = seconds(CLOCK_MONOTONIC), cpuStart = seconds(CLOCK_PROCESS_CPUTIME_ID)
        for _ in 0..<repetitions { try operation() }
        cpu.append((seconds(CLOCK_PROCESS_CPUTIME_ID) - cpuStart) / Double(repetitions))
        wall.append((seconds(CLOCK_MONOTONIC) - start) / Double(repetitions))
    }
    let (median, min) = medianAndMin(wall), (cpuMedian, cpuMin) = medianAndMin(cpu)
    return Timing(median: median, min: min, cpuMedian: cpuMedian, cpuMin: cpuMin)
}

/// Times two operations in interleaved batches (a, b, a, b, …, after one warm-up of each), so that
/// both meet the same machine: on a shared machine the load changes within seconds, and timing all
/// of a's batches before b's would compare them under different loads. Returns both timings and
/// the ratio a/b of each pair's wall times.
func timeInterleaved(
    batches: Int, _ a: () throws -> Void, _ b: () throws -> Void
) rethrows -> (a: Timing, b: Timing, ratios: [Double]) {
    try a()
    try b()
    var wall: ([Double], [Double]) = ([], []), cpu: ([Double], [Double]) = ([], [])
    func measure(_ operation: () throws -> Void) rethrows -> (Double, Double) {
        let start = seconds(CLOCK_MONOTONIC), cpuStart = seconds(CLOCK_PROCESS_CPUTIME_ID)
        try operation()
        return (seconds(CLOCK_MONOTONIC) - start, seconds(CLOCK_PROCESS_CPUTIME_ID) - cpuStart)
    }
    for _ in 0..<batches {
        let (wa, ca) = try measure(a), (wb, cb) = try measure(b)
        wall.0.append(wa); cpu.0.append(ca)
        wall.1.append(wb); cpu.1.append(cb)
    }
    func timing(_ w: [Double], _ c: [Double]) -> Timing {
        let (median, min) = medianAndMin(w), (cpuMedian, cpuMin) = medianAndMin(c)
        return Timing(median: median, min: min, cpuMedian: cpuMedian, cpuMin: cpuMin)
    }
    return (timing(wall.0, cpu.0), timing(wall.1, cpu.1), zip(wall.0, wall.1).map { $0 / $1 })
}

/// The median of `values` (the mean of the middle two for an even count).
func median(_ values: [Double]) -> Double { medianAndMin(values).0 }

/// Heap allocations counted by scripts/bench/malloc_counter.c when it is preloaded (LD_PRELOAD);
/// nil otherwise. The counter is found by name in the process, so the bench needs no link-time
/// dependency on it.
enum AllocationCounter {
    private typealias Counter = @convention(c) () -> UInt64
    private static let counter: Counter? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "gdpfit_bench_allocation_count") else {
            return nil
        }
        return unsafeBitCast(symbol, to: Counter.self)
    }()

    static var isAvailable: Bool { counter != nil }

    /// Allocations per call of `operation` over `repetitions` calls (after one warm-up call, so
    /// that one-time set-up such as a workspace's first scratch buffer is not counted).
    static func perOperation(repetitions: Int, _ operation: () throws -> Void) rethrows -> Double? {
        guard let counter else { return nil }
        try operation()
        let before = counter()
        for _ in 0..<repetitions { try operation() }
        return Double(counter() - before) / Double(repetitions)
    }
}
