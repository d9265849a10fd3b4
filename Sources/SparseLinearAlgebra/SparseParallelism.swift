import Foundation
import SystemResources

/// How the sparse kernels use threads.
///
/// Kernels (SpMV, dot products and the fused vector updates of the Krylov solvers) cut their index
/// range into chunks of a fixed number of rows. The chunk boundaries depend only on the problem
/// size, never on the number of threads, and every reduction adds the chunks' partial sums in chunk
/// order, so results are bitwise identical for any thread count. Threads take contiguous runs of
/// chunks through `WorkerPool` (persistent helper threads); one thread runs everything inline.
public enum SparseParallelism {
    /// Rows (or vector entries) per chunk. Ranges of at most one chunk run inline.
    public static let chunkSize = 8192

    /// The thread count kernels use unless told otherwise: the environment variable
    /// `PDEKIT_NUM_THREADS` when it holds a positive integer, else the number of cores this process
    /// may run on (`usableCores`).
    public static let defaultThreadCount: Int = {
        if let text = ProcessInfo.processInfo.environment["PDEKIT_NUM_THREADS"], let n = Int(text), n >= 1 {
            return n
        }
        return usableCores
    }()

    /// The active cores, or fewer where the affinity mask or a container's CPU quota allows fewer
    /// (`ProcessResources.usableCores`, as for `Autodiff`'s `computeThreadCount`).
    static var usableCores: Int { ProcessResources.usableCores }

    /// The number of chunks `0..<count` is cut into.
    static func chunkCount(_ count: Int) -> Int { (count + chunkSize - 1) / chunkSize }

    /// Runs `body(chunk, range)` for every chunk of `0..<count`, on up to `threadCount` threads.
    ///
    /// `body` must only write memory that belongs to its own chunk.
    static func forEachChunk(count: Int, threadCount: Int, _ body: (Int, Range<Int>) -> Void) {
        let chunks = chunkCount(count)
        let threads = min(max(threadCount, 1), chunks)
        if threads <= 1 {
            for c in 0..<chunks { body(c, (c * chunkSize)..<min((c + 1) * chunkSize, count)) }
            return
        }
        WorkerPool.run(threads) { t in
            let first = t * chunks / threads
            let last = (t + 1) * chunks / threads
            for c in first..<last { body(c, (c * chunkSize)..<min((c + 1) * chunkSize, count)) }
        }
    }

    /// Sums `partial(range)` over the chunks of `0..<count`, adding the partial sums in chunk order.
    static func sum(count: Int, threadCount: Int, _ partial: (Range<Int>) -> Double) -> Double {
        let chunks = chunkCount(count)
        if chunks <= 1 { return count > 0 ? partial(0..<count) : 0 }
        var partials = [Double](repeating: 0, count: chunks)
        partials.withUnsafeMutableBufferPointer { out in
            let box = UncheckedSendableBox(out)
            forEachChunk(count: count, threadCount: threadCount) { c, range in box.value[c] = partial(range) }
        }
        var total = 0.0
        for p in partials { total += p }
        return total
    }
}

/// Wraps a value that is shared across threads by code that writes only disjoint memory through it.
struct UncheckedSendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
