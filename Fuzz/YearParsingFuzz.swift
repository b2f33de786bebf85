// libFuzzer target: GrowthModels' year parser on arbitrary text. Built and run by scripts/fuzz.sh,
// not by `swift build` (SwiftPM cannot build with -sanitize=fuzzer).
import GrowthModels

@_cdecl("LLVMFuzzerTestOneInput")
public func yearParsingFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    do {
        let year = try YearParsing.year(from: text)
        precondition(year.isFinite, "YearParsing returned a non-finite year for \(text.debugDescription)")
    } catch {
        _ = error.description
    }
    return 0
}
