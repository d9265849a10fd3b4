import Foundation
import SystemResources

/// Splits `0..<count` into fixed-size chunks and runs `body` on each, in parallel when the work is large.
///
/// The chunk boundaries depend only on `count` and `grain`, never on the number of threads, so any
/// reduction combined chunk by chunk in order is bitwise reproducible.
@inlinable
func parallelChunks(count: Int, grain: Int = 1 << 15, _ body: (Range<Int>) -> Void) {
    let chunks = (count + grain - 1) / grain
    if chunks <= 1 {
        if count > 0 { body(0..<count) }
        return
    }
    if computeThreadCount == 1 {
        for c in 0..<chunks { body((c * grain)..<min((c + 1) * grain, count)) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let box = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let start = c * grain
            box.value(start..<min(start + grain, count))
        }
    }
}

/// Wraps a value that is safe to share because the code using it writes disjoint memory.
@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @usableFromInline init(_ value: Value) { self.value = value }
}

/// The number of threads element-wise kernels may use: `PDEKIT_NUM_THREADS` if set, else the cores
/// this process may run on (`ProcessResources.usableCores`: the active cores, or fewer where the
/// affinity mask of `taskset` or a container, or a container's CPU quota, allows fewer).
///
/// Chunking never depends on it, so results are the same for any value; 1 runs everything inline.
public let computeThreadCount: Int = {
    if let text = ProcessInfo.processInfo.environment["PDEKIT_NUM_THREADS"], let n = Int(text), n >= 1 { return n }
    return ProcessResources.usableCores
}()
