import Autodiff
import Dispatch

/// Scratch memory of the forward simulation: the grid (momentum and mass per node), the particles'
/// affine terms and the slab ordering used to scatter in parallel.
///
/// Particles are binned into slabs of `slabWidth` cells along x. A particle touches nodes in at most
/// its slab and the next one, so all even slabs can scatter at once, then all odd slabs. Each slab
/// scatters its particles in index order and every node receives its even-slab sum before its odd-slab
/// sum, whatever the number of threads: the result is bitwise independent of the thread count.
public final class MPMWorkspace: @unchecked Sendable {
    /// Per node: momentum (x, y, z) and mass (w); after the grid update, velocity and mass.
    var grid: [SIMD4<Double>] = []
    /// Per particle: −dt V_p (4/dx²) τ_p + m_p C_p.
    var affineTerms: [Matrix3] = []
    /// Particle indices sorted by slab.
    var order: [Int32] = []
    /// Start of each slab in `order` (slab count + 1 entries).
    var slabStarts: [Int] = []
    /// Slab width in cells (fixed by the resolution, never by the thread count).
    private(set) var slabWidth = 4
    /// The first and one-past-last x node index touched this step.
    var activeNodes: Range<Int> = 0..<0
    /// Particle storage of the differentiable transfer (`TransferOperation`), reused between steps.
    var transferParticles: ParticleState?

    /// Creates the scratch memory for `simulator`.
    public init(simulator: MPMSimulator) {
        prepare(for: simulator, particleCount: 0)
    }

    func prepare(for simulator: MPMSimulator, particleCount: Int) {
        if grid.count != simulator.nodeCount { grid = Array(repeating: .zero, count: simulator.nodeCount) }
        if affineTerms.count != particleCount {
            affineTerms = Array(repeating: .zero, count: particleCount)
            order = Array(repeating: 0, count: particleCount)
        }
        slabWidth = max(4, simulator.resolution / 16)
        let slabs = (simulator.resolution - 3) / slabWidth + 1
        if slabStarts.count != slabs + 1 { slabStarts = Array(repeating: 0, count: slabs + 1) }
    }
}

extension MPMWorkspace {
    /// Bins particles 0..<count into `order` and `slabStarts` by the slab of their lowest stencil
    /// node along x (`positionX(p)` is the x coordinate of particle p), stable in particle index;
    /// returns the lowest and highest such node.
    @discardableResult
    func binBySlab(count: Int, resolution n: Int, positionX: (Int) -> Double) -> (lowest: Int, highest: Int) {
        let slabs = slabStarts.count - 1, width = slabWidth, invDx = Double(n)
        var counts = [Int](repeating: 0, count: slabs + 1)
        var slabOf = [Int32](repeating: 0, count: count)
        var lowest = Int.max, highest = Int.min
        for p in 0..<count {
            let bx = min(max(safeFloor(positionX(p) * invDx - 0.5, n), 0), n - 3)
            let s = bx / width
            slabOf[p] = Int32(s)
            counts[s + 1] += 1
            lowest = min(lowest, bx); highest = max(highest, bx)
        }
        for s in 0..<slabs { counts[s + 1] += counts[s] }
        slabStarts = counts
        var next = counts
        for p in 0..<count {
            let s = Int(slabOf[p])
            order[next[s]] = Int32(p)
            next[s] += 1
        }
        return (lowest, highest)
    }
}

/// Runs `body(p)` for the particles binned by `MPMWorkspace.binBySlab`: all even slabs in parallel,
/// then all odd ones, each slab in particle order. Bodies that scatter to the 3 nodes per axis
/// from a particle's base node never write the same node at once, and every node receives its sums
/// in an order that does not depend on `threads`.
@inlinable func forEachInSlabColours(order: UnsafeBufferPointer<Int32>, starts: UnsafeBufferPointer<Int>, threads: Int,
                                     _ body: (Int) -> Void) {
    let slabs = starts.count - 1
    for colour in 0..<2 {
        let mine = stride(from: colour, to: slabs, by: 2).filter { starts[$0 + 1] > starts[$0] }
        concurrentForEach(mine.count, threads: threads) { item in
            let s = mine[item]
            for slot in starts[s]..<starts[s + 1] { body(Int(order[slot])) }
        }
    }
}

/// Runs `body(i)` for i in 0..<count on all compute threads (inline for a single iteration or thread).
@inlinable func concurrentForEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
    if count <= 1 || threads <= 1 {
        for i in 0..<count { body(i) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let box = SendableBox(body)
        if threads >= computeThreadCount {
            DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
        } else {
            // Fewer threads than cores: each thread takes every `threads`-th item.
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                for i in stride(from: t, to: count, by: threads) { box.value(i) }
            }
        }
    }
}

/// Runs `body` on fixed chunks of 0..<count in parallel (the chunking never depends on the thread count).
@inlinable func concurrentChunks(_ count: Int, grain: Int = 1024, threads: Int, _ body: (Range<Int>) -> Void) {
    let chunks = (count + grain - 1) / grain
    concurrentForEach(chunks, threads: threads) { c in body((c * grain)..<min((c + 1) * grain, count)) }
}

/// Shares a closure that writes disjoint memory across threads.
@usableFromInline struct SendableBox<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @usableFromInline init(_ value: Value) { self.value = value }
}
