import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
#if canImport(Synchronization)
import Synchronization
#endif

/// Runs `body(0..<count)` on the calling thread and `count − 1` helper threads that persist between
/// calls, for the sparse kernels' many short parallel loops.
///
/// A CG iteration on a 64³ grid is three parallel passes of about a hundred microseconds each;
/// `DispatchQueue.concurrentPerform` wakes a sleeping worker for each, which cost about 30 µs per
/// call on the 2-core machines measured (an in-cache vector update of 37 µs took 52 µs on two threads
/// with it and 20 µs with a spinning helper). Helpers here spin on a generation counter for a while
/// after each job, then yield the processor for a while (so that on an oversubscribed machine the
/// thread they wait for can run), then sleep on a semaphore until the next one; the caller waiting
/// for its helpers yields the same way. One job runs at a
/// time: a call made while the pool is busy (from another thread, or from inside a job) falls back to
/// `concurrentPerform`, as does any call on a platform without `Synchronization`.
enum WorkerPool {
    /// Polls of a waiting thread before it starts yielding the processor between polls.
    static let spinsBeforeYielding = 1_000

    /// For a thread polling for another's progress: gives up the processor once it has polled
    /// `spins` times, so that on an oversubscribed machine the thread it waits for can run.
    @inline(__always)
    static func pause(after spins: Int) {
        #if canImport(Glibc)
        if spins > spinsBeforeYielding { sched_yield() }
        #endif
    }

    /// Runs `body(i)` for `i` in `0..<count`, `body(0)` on the calling thread.
    static func run(_ count: Int, _ body: (Int) -> Void) {
        if count <= 1 {
            if count == 1 { body(0) }
            return
        }
        #if canImport(Synchronization)
        if #available(macOS 15, *), let pool = SpinningPool.shared, count - 1 <= pool.helperCount, pool.tryRun(count, body) {
            return
        }
        #endif
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendableBox(body)
            DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
        }
    }
}

#if canImport(Synchronization)
@available(macOS 15, *)
private final class SpinningPool: @unchecked Sendable {
    /// One helper per core this process may run on, beyond the first (none on one core: then there
    /// is no pool, as spinning threads sharing one core would wait for each other).
    static let shared: SpinningPool? = {
        let helpers = SparseParallelism.usableCores - 1
        return helpers >= 1 ? SpinningPool(helpers: helpers) : nil
    }()

    let helperCount: Int
    /// Polls (the last ones with yields, see `WorkerPool.pause`) of a helper before it sleeps.
    private static let spinLimit = 1_300

    private let busy = Atomic<Bool>(false)
    private let generation = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let sleeping: UnsafeMutablePointer<Atomic<Bool>>
    private let wakeUps: [DispatchSemaphore]
    /// The current job and how many take part (set before `generation` is raised).
    private var job: ((Int) -> Void)?
    private var participants = 0

    private init(helpers: Int) {
        helperCount = helpers
        sleeping = UnsafeMutablePointer<Atomic<Bool>>.allocate(capacity: helpers)
        for h in 0..<helpers { (sleeping + h).initialize(to: Atomic(false)) }
        wakeUps = (0..<helpers).map { _ in DispatchSemaphore(value: 0) }
        for h in 0..<helpers {
            let thread = Thread { [self] in helperLoop(h) }
            thread.name = "pdekit-sparse-\(h + 1)"
            thread.start()
        }
    }

    /// Runs the job if the pool is free; `false` (nothing run) when it is busy.
    func tryRun(_ count: Int, _ body: (Int) -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        defer { busy.store(false, ordering: .releasing) }
        withoutActuallyEscaping(body) { body in
            job = body
            participants = count
            let before = finished.load(ordering: .relaxed)
            // Sequentially consistent, with the helper's side: each stores one flag, then reads the
            // other's, and neither read may move before its own store, or a wake-up could be lost.
            generation.add(1, ordering: .sequentiallyConsistent)
            for h in 0..<helperCount where sleeping[h].exchange(false, ordering: .sequentiallyConsistent) {
                wakeUps[h].signal()
            }
            body(0)
            // Every helper reports, taking part or not, so that none still reads `job` afterwards.
            var spins = 0
            while finished.load(ordering: .acquiring) - before < helperCount {
                spins += 1
                WorkerPool.pause(after: spins)
            }
            job = nil
        }
        return true
    }

    private func helperLoop(_ h: Int) {
        var seen = 0
        while true {
            var spins = 0
            var current = generation.load(ordering: .acquiring)
            while current == seen {
                spins += 1
                WorkerPool.pause(after: spins)
                if spins > Self.spinLimit {
                    sleeping[h].store(true, ordering: .sequentiallyConsistent)
                    current = generation.load(ordering: .sequentiallyConsistent)
                    if current != seen {
                        // A job came in meanwhile; if its caller already took the flag, consume the signal.
                        if !sleeping[h].exchange(false, ordering: .sequentiallyConsistent) { wakeUps[h].wait() }
                        break
                    }
                    wakeUps[h].wait()
                    spins = 0
                }
                current = generation.load(ordering: .acquiring)
            }
            seen = current
            if h + 1 < participants, let job { job(h + 1) }
            finished.add(1, ordering: .releasing)
        }
    }
}
#endif
