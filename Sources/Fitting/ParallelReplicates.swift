import Dispatch
import Foundation
import Synchronization

/// Runs independent replicates (bootstrap refits) on several threads with results that do not
/// depend on the thread count.
///
/// `threads` workers run on their own threads: the calling thread and `threads - 1` POSIX threads
/// started here and joined before returning. (Not `DispatchQueue.concurrentPerform`: on Linux, libdispatch
/// adds a pool thread only when it judges the machine idle, so on a busy machine every iteration
/// ran on the calling thread and two "threads" took as long as one.) Each worker calls `makeWorker`
/// once, on its own thread (so it can own a solver workspace), then repeatedly claims the next
/// chunk of replicate indices from a shared atomic counter and stores each result at its index.
/// A replicate's value must depend only on its index (each replicate draws from its own random
/// stream), so which worker ran it, and in what order, cannot change the output.
public enum ParallelReplicates {
    /// Replicate indices claimed per visit to the shared counter: enough that two workers rarely
    /// write results into the same cache line, few enough to keep the workers evenly loaded.
    static let chunkSize = 32

    /// The number of threads to use: the caller's choice, else every active core; never more than
    /// there are replicates.
    public static func threadCount(requested: Int?, replicates: Int) throws(FittingError) -> Int {
        if let requested, requested < 1 { throw .invalidArgument("thread count must be at least 1, got \(requested)") }
        return max(1, min(requested ?? ProcessInfo.processInfo.activeProcessorCount, replicates))
    }

    /// Results by replicate index, `nil` where the worker returned nil (a failed replicate).
    /// A worker set-up error (from `makeWorker`) is rethrown after all workers stop (that of the
    /// lowest-numbered failing worker).
    ///
    /// `count` must be in 0...`Bootstrap.maximumReplicates`: the result array is allocated up front,
    /// and a count such as Int.max would fault in `Array(repeating:count:)` (issue 14), so it is refused.
    public static func run<Value: Sendable>(
        count: Int, threads: Int, makeWorker: @Sendable () throws -> (Int) -> Value?
    ) throws(FittingError) -> [Value?] {
        try validate(count: count, threads: threads)
        var results = [Value?](repeating: nil, count: count)
        try results.withUnsafeMutableBufferPointer { (buffer) throws(FittingError) in
            let slots = DisjointSlots(buffer)
            try forEachReplicate(count: count, threads: threads) {
                let replicate = try makeWorker()
                return { index in slots[index] = replicate(index) }
            }
        }
        return results
    }

    /// Results by replicate index in one flat row-major array of `count` × `width` numbers, without
    /// an array per replicate (a bootstrap's memory is then 8 bytes per replicate and quantity). The
    /// worker writes replicate `index`'s row into the buffer it is given and returns false for a
    /// failed replicate, whose row is then NaN. Set-up errors as in `run`.
    public static func runRows(
        count: Int, width: Int, threads: Int,
        makeWorker: @Sendable () throws -> (Int, UnsafeMutableBufferPointer<Double>) -> Bool
    ) throws(FittingError) -> [Double] {
        try validate(count: count, threads: threads)
        guard width >= 0, count.multipliedReportingOverflow(by: width).overflow == false else {
            throw .invalidArgument("\(count) replicates of \(width) values do not fit in memory")
        }
        var rows = [Double](repeating: .nan, count: count * width)
        try rows.withUnsafeMutableBufferPointer { (buffer) throws(FittingError) in
            let slots = DisjointSlots(buffer)
            try forEachReplicate(count: count, threads: threads) {
                let replicate = try makeWorker()
                return { index in
                    let row = UnsafeMutableBufferPointer(rebasing: slots.buffer[(index * width)..<(index * width + width)])
                    if !replicate(index, row) { row.update(repeating: .nan) }
                }
            }
        }
        return rows
    }

    /// The engine of `run` and `runRows`: `threads` workers, each made by `makeWorker` on its own
    /// thread, claim chunks of indices in 0..<count and call their closure on each.
    private static func forEachReplicate(
        count: Int, threads: Int, makeWorker: @Sendable () throws -> (Int) -> Void
    ) throws(FittingError) {
        var setupErrors = [(any Error)?](repeating: nil, count: threads)
        let next = ReplicateCounter()
        // The threads are joined before this returns, so `makeWorker` does not actually escape.
        withoutActuallyEscaping(makeWorker) { makeWorker in
            setupErrors.withUnsafeMutableBufferPointer { errorBuffer in
                let errorSlots = DisjointSlots(errorBuffer)
                let work: @Sendable (Int) -> Void = { worker in
                    let replicate: (Int) -> Void
                    do { replicate = try makeWorker() } catch {
                        errorSlots[worker] = error
                        return
                    }
                    while true {
                        let start = next.claim(chunkSize)
                        if start >= count { break }
                        for index in start..<min(start + chunkSize, count) { replicate(index) }
                    }
                }
                // Joining the threads orders every worker's writes before the reads below, and
                // ends every use of `makeWorker` before `withoutActuallyEscaping` returns.
                var started: [pthread_t] = []
                for worker in 1..<threads {
                    let box = Unmanaged.passRetained(WorkerBody { work(worker) }).toOpaque()
                    var handle = pthread_t()
                    if pthread_create(&handle, nil, runWorkerBody, box) == 0 {
                        started.append(handle)
                    } else {
                        // No thread to be had: this worker's share is claimed by the others.
                        Unmanaged<WorkerBody>.fromOpaque(box).release()
                    }
                }
                work(0)
                for handle in started { pthread_join(handle, nil) }
            }
        }
        if let error = setupErrors.lazy.compactMap({ $0 }).first {
            if let error = error as? FittingError { throw error }
            throw .invalidArgument("could not set up a refit worker: \(error)")
        }
    }
}

extension ParallelReplicates {
    /// Refuses a replicate count outside 0...`Bootstrap.maximumReplicates` or fewer than 1 thread.
    static func validate(count: Int, threads: Int) throws(FittingError) {
        guard count >= 0 else { throw .invalidArgument("the number of replicates must not be negative, got \(count)") }
        guard count <= Bootstrap.maximumReplicates else {
            throw .invalidArgument("at most \(Bootstrap.maximumReplicates) replicates, got \(count)")
        }
        guard threads >= 1 else { throw .invalidArgument("thread count must be at least 1, got \(threads)") }
    }
}

/// A worker's body, handed to a new POSIX thread.
private final class WorkerBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

/// The start routine of a worker thread: takes ownership of its `WorkerBody`, runs it and releases
/// it before the thread ends (so that joining the thread means the body is gone).
private func runWorkerBody(_ box: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let box else { return nil }
    Unmanaged<WorkerBody>.fromOpaque(box).takeRetainedValue().run()
    return nil
}

/// The next unclaimed replicate index, shared by the workers.
private final class ReplicateCounter: Sendable {
    private let next = Atomic<Int>(0)

    /// Claims `count` indices and returns the first.
    func claim(_ count: Int) -> Int { next.wrappingAdd(count, ordering: .relaxed).oldValue }
}

/// Write access to a buffer from several threads, sound only because each slot is written by
/// exactly one worker (indices are claimed atomically) and read only after every worker has been
/// joined, which orders their writes before the reads.
private struct DisjointSlots<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>

    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }

    subscript(index: Int) -> Element {
        get { buffer[index] }
        nonmutating set { buffer[index] = newValue }
    }
}

extension Array {
    /// A copy with storage of its own, for one worker thread.
    ///
    /// Swift arrays share their storage until written, and their reference count sits in the same
    /// cache line as the first elements. Worker threads that each retain and release one shared
    /// array (passing it on, binding a model that holds it) write that line in turn, and every read
    /// of those elements by the other thread then misses its cache: with refits of ~10 µs this cost
    /// two workers 15-50% more CPU than one. A worker that copies the arrays it reads in its inner
    /// loop, once, when it starts, keeps its lines to itself.
    public func threadLocalCopy() -> [Element] { map { $0 } }
}
