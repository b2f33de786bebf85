import Fitting
import Foundation
import GrowthModels

/// Workload 6 (issue 14, item 7): the largest inputs, timed and with their peak memory, outside the
/// unit tests: loading a 1,000,000-row CSV file, the growth-mode search on 100,000 points (refused
/// above `GrowthModeSearch.maximumObservations`) and at that limit, and a bootstrap of the command line's largest count (100,000 replicates).
/// Peak memory is the high-water mark of a `gdpfit` subprocess's resident set (VmHWM in
/// /proc/PID/status, sampled every 2 ms until it exits), so each figure is that of one command
/// alone. (Not `wait4`'s ru_maxrss: Linux carries the spawning process's high-water mark across
/// `exec` into the child's, so a child of a bench holding 100 MB reports at least 100 MB.)
extension Workloads {
    /// A series file of `rows` rows, `year,value`, years 1...rows and positive values, in `folder`.
    static func writeLargeSeries(rows: Int, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("series-\(rows).csv").path
        var text = "year,value\n"
        text.reserveCapacity(rows * 16)
        // Values with six decimals (1000.000000 to 100999.999999): 20-21 bytes a row, the 21 MB of
        // issue 14's file at 1,000,000 rows.
        var generator = SplitMix64(state: 14)
        for i in 1...rows {
            let micro = 1_000_000_000 + generator.next() % 100_000_000_000
            let fraction = String(micro % 1_000_000)
            text += "\(i),\(micro / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)\n"
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// Runs `binary` with `arguments`, output discarded, and returns its exit status, wall time and
    /// peak resident set size in bytes.
    static func runMeasured(_ binary: String, _ arguments: [String]) throws -> (status: Int32, seconds: Double, peakBytes: Double) {
        var pid = pid_t()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let start = seconds(CLOCK_MONOTONIC)
        let spawned = posix_spawn(&pid, binary, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchmarkError(description: "cannot start \(binary): error \(spawned)") }
        var status: Int32 = 0
        var peakKiB = 0
        while true {
            peakKiB = max(peakKiB, highWaterMarkKiB(of: pid) ?? 0)
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0, errno != EINTR { throw BenchmarkError(description: "waitpid failed: error \(errno)") }
            usleep(2000)
        }
        let elapsed = seconds(CLOCK_MONOTONIC) - start
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, elapsed, Double(peakKiB) * 1024)
    }

    /// VmHWM of a running process, in KiB; nil once it has exited.
    static func highWaterMarkKiB(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.dropFirst("VmHWM:".count).filter(\.isNumber))
    }

    func scaleWorkloads(binary: String) throws -> [BenchmarkRecord] {
        guard !countAllocations else { return [] }
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchmarkError(description: "no gdpfit executable at \(binary) (build it, or pass --gdpfit PATH)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gdpfit-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var records: [BenchmarkRecord] = []

        func processRecord(_ variant: String, _ arguments: [String], expectedStatus: Int32 = 0, extra: [String: Double] = [:]) throws {
            let run = try Self.runMeasured(binary, arguments)
            guard run.status == expectedStatus else {
                throw BenchmarkError(description: "gdpfit \(arguments.joined(separator: " ")) exited with \(run.status), expected \(expectedStatus)")
            }
            records.append(BenchmarkRecord(
                workload: "6-scale", variant: variant, secondsMedian: run.seconds, secondsMin: run.seconds,
                cpuSecondsMedian: nil, cpuSecondsMin: nil, repetitions: 1, batches: 1, allocationsPerOperation: nil,
                parameterNames: [], parameters: [],
                extra: extra.merging(["peak_rss_mb": run.peakBytes / 1_048_576, "exit_status": Double(run.status)]) { $1 }))
        }

        // Loading: in process (the loader alone), then the whole `fit` process with its peak memory.
        let rows = scale.largeFileRows
        let path = try Self.writeLargeSeries(rows: rows, in: folder)
        let bytes = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0)
        let spec = SeriesSpec(valueColumn: "value")
        let loaded = try SeriesLoader.load(path: path, spec: spec)
        records.append(try record(
            "6-scale", "SeriesLoader.load of a \(rows)-row CSV file (in process)", repetitions: 1, batches: 3,
            names: [], parameters: [], extra: ["rows": Double(loaded.series.count), "file_mb": bytes / 1_048_576]
        ) { _ = try SeriesLoader.load(path: path, spec: spec) })
        try processRecord(
            "gdpfit fit FILE(\(rows) rows) --model exponential (whole process)",
            ["fit", path, "--model", "exponential", "--quiet"], extra: ["rows": Double(rows)])

        // Breaks: 100,000 points are refused naming the limit; the limit itself is timed.
        let breakRows = 100_000
        let breakPath = try Self.writeLargeSeries(rows: breakRows, in: folder)
        try processRecord(
            "gdpfit breaks --discontinuous FILE(\(breakRows) rows): refused above \(GrowthModeSearch.maximumObservations)",
            ["breaks", breakPath, "--discontinuous", "--quiet"], expectedStatus: 64, extra: ["rows": Double(breakRows)])
        let limit = GrowthModeSearch.maximumObservations
        let (years, logLevels) = Self.syntheticSeries(count: limit)
        let modes = try GrowthModeSearch.search(years: years, logLevels: logLevels, maxBreaks: 3)
        records.append(try record(
            "6-scale", "growth-mode search, up to 3 breaks, n = \(limit) (the limit)", repetitions: 1, batches: 1,
            names: ["break_1", "break_2", "break_3"], parameters: modes.paths[3].breakYears, extra: ["n": Double(limit)]
        ) { _ = try GrowthModeSearch.search(years: years, logLevels: logLevels, maxBreaks: 3) })

        // A panel (issue 13): every entity of Maddison's 2010 panel fitted, the whole process; the
        // target is 2 s. The file is read from ../shared/reference-data (or $GDPFIT_SHARED), never
        // copied into the project; without it the row is left out with a note.
        let shared = ProcessInfo.processInfo.environment["GDPFIT_SHARED"] ?? "../shared"
        let panel = "\(shared)/reference-data/maddison-2010-panel.csv"
        if FileManager.default.fileExists(atPath: panel) {
            try processRecord(
                "gdpfit fit maddison-2010-panel.csv --group country (164 groups; target < 2 s)",
                ["fit", panel, "--group", "country", "--y", "gdp_million_1990_gk", "--model", "exponential", "--from", "1820",
                 "--to", "2008", "--quiet"],
                extra: ["groups": 164])
        } else {
            FileHandle.standardError.write(Data("note: \(panel) not found: the panel row is left out\n".utf8))
        }

        // The largest bootstrap the command line accepts (`--bootstrap` at most 100,000: CountLimits in
        // Sources/gdpfit/ArgumentTypes.swift; the library allows Bootstrap.maximumReplicates).
        let replicates = scale.largeBootstrap
        try processRecord(
            "gdpfit fit kremer-1993 --model exponential --bootstrap \(replicates) (whole process)",
            ["fit", "kremer-1993", "--model", "exponential", "--bootstrap", String(replicates), "--seed", "1", "--quiet"],
            extra: ["replicates": Double(replicates)])
        return records
    }
}
