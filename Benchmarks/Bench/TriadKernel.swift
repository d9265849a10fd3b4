import Dispatch

/// The STREAM triad `a[i] = b[i] + s · c[i]` on three arrays, one contiguous range per thread
/// (pages first touched by the thread that uses them); `bytes` counts 24 bytes per element (two reads,
/// one write), as STREAM does.
final class TriadKernel: @unchecked Sendable {
    let count: Int
    let threadCount: Int
    let a, b, c: UnsafeMutablePointer<Double>
    var bytes: Double { Double(24 * count) }

    init(count: Int, threadCount: Int) {
        self.count = count
        self.threadCount = threadCount
        a = .allocate(capacity: count)
        b = .allocate(capacity: count)
        c = .allocate(capacity: count)
        // First touch by the threads that will use the pages.
        parallel { range in
            for i in range { self.a[i] = 0; self.b[i] = 1; self.c[i] = 2 }
        }
    }

    deinit {
        a.deallocate()
        b.deallocate()
        c.deallocate()
    }

    func run() {
        let s = 3.0
        parallel { range in
            let (a, b, c) = (self.a, self.b, self.c)
            for i in range { a[i] = b[i] + s * c[i] }
        }
    }

    private func parallel(_ body: @escaping @Sendable (Range<Int>) -> Void) {
        let threads = max(threadCount, 1)
        let count = self.count
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            body((t * count / threads)..<((t + 1) * count / threads))
        }
    }
}
