import Dispatch
import Foundation
import Synchronization

/// Runs independent replicates (bootstrap refits) on several threads with results that do not
/// depend on the thread count.
///
/// `threads` workers run under `DispatchQueue.concurrentPerform`. Each worker calls `makeWorker`
/// once, on its own thread (so it can own a solver workspace), then repeatedly claims the next
/// chunk of replicate indices from a shared atomic counter and stores each result at its index.
/// A replicate's value must depend only on its index (each replicate draws from its own random
/// stream), so which worker ran it, and in what order, cannot change the output.
enum ParallelReplicates {
    /// Replicate indices claimed per visit to the shared counter.
    static let chunkSize = 8

    /// The number of threads to use: the caller's choice, else every active core; never more than
    /// there are replicates.
    static func threadCount(requested: Int?, replicates: Int) throws(FittingError) -> Int {
        if let requested, requested < 1 { throw .invalidArgument("thread count must be at least 1, got \(requested)") }
        return max(1, min(requested ?? ProcessInfo.processInfo.activeProcessorCount, replicates))
    }

    /// Results by replicate index, `nil` where the worker returned nil (a failed replicate).
    /// A worker set-up error (from `makeWorker`) is rethrown after all workers stop (that of the
    /// lowest-numbered failing worker).
    static func run<Value: Sendable>(
        count: Int, threads: Int, makeWorker: @Sendable () throws -> (Int) -> Value?
    ) throws(FittingError) -> [Value?] {
        var results = [Value?](repeating: nil, count: count)
        var setupErrors = [(any Error)?](repeating: nil, count: threads)
        let next = Atomic<Int>(0)
        results.withUnsafeMutableBufferPointer { resultBuffer in
            setupErrors.withUnsafeMutableBufferPointer { errorBuffer in
                let resultSlots = DisjointSlots(resultBuffer), errorSlots = DisjointSlots(errorBuffer)
                DispatchQueue.concurrentPerform(iterations: threads) { worker in
                    let replicate: (Int) -> Value?
                    do { replicate = try makeWorker() } catch {
                        errorSlots[worker] = error
                        return
                    }
                    while true {
                        let start = next.wrappingAdd(chunkSize, ordering: .relaxed).oldValue
                        if start >= count { break }
                        for index in start..<min(start + chunkSize, count) {
                            resultSlots[index] = replicate(index)
                        }
                    }
                }
            }
        }
        if let error = setupErrors.lazy.compactMap({ $0 }).first {
            if let error = error as? FittingError { throw error }
            throw .invalidArgument("could not set up a refit worker: \(error)")
        }
        return results
    }
}

/// Write access to a buffer from several threads, sound only because each slot is written by
/// exactly one worker (indices are claimed atomically) and read only after
/// `concurrentPerform` has returned, which orders every worker's writes before the reads.
private struct DisjointSlots<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>

    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }

    subscript(index: Int) -> Element {
        get { buffer[index] }
        nonmutating set { buffer[index] = newValue }
    }
}
