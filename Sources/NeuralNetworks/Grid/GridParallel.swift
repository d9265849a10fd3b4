import Autodiff
import Dispatch

/// Runs `body` for every index of `0..<count`, split into contiguous blocks over up to
/// `computeThreadCount` threads when `work` (a rough element count) is large.
///
/// The grid kernels write disjoint memory per index and reduce in a fixed order afterwards, so the
/// results do not depend on the number of threads.
func gridParallelFor(_ count: Int, work: Int, _ body: (Int) -> Void) {
    let threads = min(computeThreadCount, count)
    if threads <= 1 || work < 1 << 15 {
        for i in 0..<count { body(i) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let box = GridUnchecked(body)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let start = count * t / threads, end = count * (t + 1) / threads
            for i in start..<end { box.value(i) }
        }
    }
}

/// Wraps a value shared by threads that write disjoint memory.
struct GridUnchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The extents of a batch of 3-D grids in the layout `[batch, channels, depth, height, width]`.
struct GridShape: Equatable {
    var batch: Int, channels: Int, depth: Int, height: Int, width: Int

    init(_ shape: [Int], _ what: String) {
        precondition(shape.count == 5, "\(what) needs a tensor [batch, channels, depth, height, width], got shape \(shape)")
        batch = shape[0]; channels = shape[1]; depth = shape[2]; height = shape[3]; width = shape[4]
    }

    init(batch: Int, channels: Int, depth: Int, height: Int, width: Int) {
        self.batch = batch; self.channels = channels; self.depth = depth; self.height = height; self.width = width
    }

    /// Cells per channel.
    var cells: Int { depth * height * width }
    /// The tensor shape.
    var dimensions: [Int] { [batch, channels, depth, height, width] }
}
