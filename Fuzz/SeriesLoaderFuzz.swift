// libFuzzer target: GrowthModels' CSV loader (SeriesLoader.load(data:source:spec:)) on arbitrary
// bytes, with the value column `value` and an extra column `sd` so that the seed corpus's header
// `year,value,sd` reaches the cell parsers. Built and run by scripts/fuzz.sh.
import Foundation
import GrowthModels

@_cdecl("LLVMFuzzerTestOneInput")
public func seriesLoaderFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = Data(UnsafeBufferPointer(start: start, count: count))
    do {
        let loaded = try SeriesLoader.load(
            data: data, source: "fuzz.csv", spec: SeriesSpec(valueColumn: "value", extraColumns: ["sd"]))
        let series = loaded.series
        precondition(series.years.count == series.values.count, "years and values differ in length")
        precondition(zip(series.years, series.years.dropFirst()).allSatisfy { $0 < $1 }, "years not increasing")
        precondition(series.values.allSatisfy { $0 > 0 && $0.isFinite }, "a value not positive and finite")
        for warning in loaded.warnings { _ = warning.description }
    } catch {
        _ = error.description
    }
    return 0
}
