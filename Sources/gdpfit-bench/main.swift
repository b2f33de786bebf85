// gdpfit-bench: times gdpfit's workloads of issue 5 and prints JSON records, one per variant.
// scripts/bench.sh runs it beside scripts/bench_python.py and prints the comparison table.
//
//   gdpfit-bench [--quick] [--count-allocations] [--only 1,2,3,4,5,6,7,8] [--gdpfit PATH]
//
// --quick              smoke mode: few repetitions, small bootstrap (what CI runs)
// --count-allocations  count heap allocations per operation instead of timing (needs the
//                      LD_PRELOAD counter scripts/bench/malloc_counter.c)
// --only               a comma-separated subset of the workloads
// --gdpfit             the gdpfit executable for workloads 5, 6 and 8 (default: beside this executable)
import Foundation

var quick = false, countAllocations = false
var only: Set<Int> = [1, 2, 3, 4, 5, 6, 7, 8]
var gdpfitBinary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("gdpfit").path
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--quick": quick = true
    case "--count-allocations": countAllocations = true
    case "--only":
        only = Set((arguments.next() ?? "").split(separator: ",").compactMap { Int($0) })
    case "--gdpfit":
        gdpfitBinary = arguments.next() ?? gdpfitBinary
    default:
        FileHandle.standardError.write(Data("gdpfit-bench: unknown argument \(argument)\n".utf8))
        exit(2)
    }
}
if countAllocations && !AllocationCounter.isAvailable {
    FileHandle.standardError.write(Data("gdpfit-bench: --count-allocations needs LD_PRELOAD of the malloc counter\n".utf8))
    exit(2)
}

let workloads = Workloads(scale: quick ? .quick : .full, countAllocations: countAllocations)
var records: [BenchmarkRecord] = []
do {
    if only.contains(1) { records += try workloads.hyperbolicFit() }
    if only.contains(2) { records += try workloads.powerGrowthFit() }
    if only.contains(3) { records += try workloads.bootstrap() }
    if only.contains(4) { records += try workloads.growthModes() }
    if only.contains(5) { records += try workloads.testCommand(binary: gdpfitBinary) }
    if only.contains(6) { records += try workloads.scaleWorkloads(binary: gdpfitBinary) }
    if only.contains(7) { records += try workloads.fanChart() }
    if only.contains(8) { records += try workloads.dataUncertainty(binary: gdpfitBinary) }
} catch {
    FileHandle.standardError.write(Data("gdpfit-bench: \(error)\n".utf8))
    exit(1)
}
let encoder = JSONEncoder()
encoder.keyEncodingStrategy = .convertToSnakeCase
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
print(String(decoding: try encoder.encode(records), as: UTF8.self))
