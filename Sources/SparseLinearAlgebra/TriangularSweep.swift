import Dispatch
#if canImport(Synchronization)
import Synchronization
#endif

/// A triangular solve `T x = b` set up for repeated use, on one thread or several.
///
/// `T` is stored as its off-diagonal rows (CSR, sorted columns) and the reciprocals of its diagonal.
/// A forward sweep (lower triangular) runs from the first row to the last, a backward sweep (upper
/// triangular) from the last to the first. Each row is computed the same way whatever the threads:
/// `xᵢ = (bᵢ − Σⱼ Tᵢⱼ xⱼ) · (1/Tᵢᵢ)`, the entries in storage order except the one next to the
/// diagonal, which is subtracted last with `x` of the row just solved taken from a register (reading
/// it back from memory would put a store-to-load forwarding on the chain from each row to the next).
/// So results are bitwise identical for any thread count.
///
/// Threads: rows are cut into blocks of `blockSize` in sweep order and blocks into groups of at least
/// the matrix's reach (the largest distance from a row to a column it depends on), so that a block
/// depends only on blocks of its own group and of the group before. Threads claim whole groups in
/// order and, before each block, wait until the previous group has finished the blocks it needs
/// (recorded at set-up). On a grid in natural order a thread trails the one on the group before by
/// about one block. A sweep is sequential by nature, so without threads it is bound by one core's
/// memory bandwidth; with them, by the machine's.
struct TriangularSweep: Sendable {
    enum Direction: Sendable { case forward, backward }

    /// Rows per block, and the fewest groups worth running on several threads.
    static let blockSize = 256
    static let minimumParallelGroups = 4

    let direction: Direction
    let rowCount: Int
    let rowPointers: [Int32]
    let columnIndices: [Int32]
    let values: [Double]
    let inverseDiagonal: [Double]
    let blockCount: Int
    let blocksPerGroup: Int
    /// For each block of the second group on: how many blocks of the previous group must be done first.
    let requirement: [Int32]

    /// A sweep over the off-diagonal rows `rowPointers`/`columnIndices`/`values` (columns sorted, below
    /// the diagonal for `.forward`, above it for `.backward`) with the diagonal's reciprocals.
    init(direction: Direction, rowPointers: [Int32], columnIndices: [Int32], values: [Double], inverseDiagonal: [Double]) {
        let n = inverseDiagonal.count
        let size = Self.blockSize
        self.direction = direction
        self.rowCount = n
        self.rowPointers = rowPointers
        self.columnIndices = columnIndices
        self.values = values
        self.inverseDiagonal = inverseDiagonal
        blockCount = (n + size - 1) / size
        var reach = 0
        for i in 0..<n where rowPointers[i] < rowPointers[i + 1] {
            let far = direction == .forward ? i - Int(columnIndices[Int(rowPointers[i])])
                                            : Int(columnIndices[Int(rowPointers[i + 1]) - 1]) - i
            reach = max(reach, far)
        }
        let perGroup = max(1, (reach + size - 1) / size)
        blocksPerGroup = perGroup
        // Block of row (or column) i in sweep order.
        func block(_ i: Int) -> Int { direction == .forward ? i / size : (n - 1 - i) / size }
        var requirement = [Int32](repeating: 0, count: blockCount)
        for b in perGroup..<max(perGroup, blockCount) {
            let groupStart = b / perGroup * perGroup
            var need = 0
            let rows = direction == .forward ? b * size..<min((b + 1) * size, n) : max(n - (b + 1) * size, 0)..<(n - b * size)
            for i in rows {
                for k in Int(rowPointers[i])..<Int(rowPointers[i + 1]) {
                    let d = block(Int(columnIndices[k]))
                    if d < groupStart { need = max(need, d - (groupStart - perGroup) + 1) }
                }
            }
            requirement[b] = Int32(need)
        }
        self.requirement = requirement
    }

    /// The rows of block `b`, in storage order (a backward sweep runs them from the last).
    func rows(ofBlock b: Int) -> Range<Int> {
        let size = Self.blockSize, n = rowCount
        return direction == .forward ? b * size..<min((b + 1) * size, n) : max(n - (b + 1) * size, 0)..<(n - b * size)
    }

    /// Solves `T x = b`; returns `Σ wᵢ xᵢ` when `w` is given (summed per block, then over the blocks
    /// in sweep order). `x` may alias `b`.
    @discardableResult
    func solve(_ b: UnsafePointer<Double>, into x: UnsafeMutablePointer<Double>, dotWith w: UnsafePointer<Double>?,
               threadCount: Int) -> Double {
        guard rowCount > 0 else { return 0 }
        var partials = [Double](repeating: 0, count: w == nil ? 0 : blockCount)
        rowPointers.withUnsafeBufferPointer { rp in
            columnIndices.withUnsafeBufferPointer { ci in
                values.withUnsafeBufferPointer { v in
                    inverseDiagonal.withUnsafeBufferPointer { d in
                        partials.withUnsafeMutableBufferPointer { out in
                            let kernel = SweepKernel(direction: direction, rp: rp.base, ci: ci.base, v: v.base, d: d.base,
                                                     b: b, x: x, w: w, partials: w == nil ? nil : out.baseAddress)
                            run(threadCount: threadCount) { block in kernel.solve(rows: rows(ofBlock: block), block: block) }
                        }
                    }
                }
            }
        }
        var dot = 0.0
        for p in partials { dot += p }
        return dot
    }

    /// Runs `body(block)` for every block in sweep order, on up to `threadCount` threads.
    private func run(threadCount: Int, _ body: (Int) -> Void) {
        let groups = (blockCount + blocksPerGroup - 1) / blocksPerGroup
        let threads = min(max(threadCount, 1), groups)
        if threads > 1, groups >= Self.minimumParallelGroups {
            #if canImport(Synchronization)
            if #available(macOS 15, *) {
                runInParallel(groups: groups, threads: threads, body)
                return
            }
            #endif
        }
        for block in 0..<blockCount { body(block) }
    }

    #if canImport(Synchronization)
    @available(macOS 15, *)
    private func runInParallel(groups: Int, threads: Int, _ body: (Int) -> Void) {
        // progress[g]: blocks of group g finished; progress[groups]: the next unclaimed group.
        let progress = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: groups + 1)
        for g in 0...groups { (progress + g).initialize(to: Atomic(0)) }
        defer {
            progress.deinitialize(count: groups + 1)
            progress.deallocate()
        }
        let perGroup = blocksPerGroup, count = blockCount
        requirement.withUnsafeBufferPointer { req in
            withoutActuallyEscaping(body) { body in
                let shared = UncheckedSendableBox((progress, req.base, body))
                WorkerPool.run(threads) { _ in
                    let (progress, req, body) = shared.value
                    // Groups are claimed in order and depend only on earlier ones, so the sweep
                    // finishes even if fewer threads than asked for run at once.
                    while true {
                        let g = progress[groups].wrappingAdd(1, ordering: .relaxed).oldValue
                        if g >= groups { break }
                        for block in g * perGroup..<min((g + 1) * perGroup, count) {
                            let need = Int(req[block])
                            if need > 0 { Self.wait(until: progress + (g - 1), reaches: need) }
                            body(block)
                            progress[g].store(block - g * perGroup + 1, ordering: .releasing)
                        }
                    }
                }
            }
        }
    }

    @available(macOS 15, *)
    private static func wait(until counter: UnsafeMutablePointer<Atomic<Int>>, reaches value: Int) {
        var spins = 0
        while counter.pointee.load(ordering: .acquiring) < value {
            spins += 1
            WorkerPool.pause(after: spins)
        }
    }
    #endif
}

/// The row loop of `TriangularSweep` on raw pointers (valid inside the scopes that create it).
private struct SweepKernel: @unchecked Sendable {
    let direction: TriangularSweep.Direction
    let rp: UnsafePointer<Int32>
    let ci: UnsafePointer<Int32>
    let v: UnsafePointer<Double>
    let d: UnsafePointer<Double>
    let b: UnsafePointer<Double>
    let x: UnsafeMutablePointer<Double>
    let w: UnsafePointer<Double>?
    let partials: UnsafeMutablePointer<Double>?

    @inline(__always)
    func solve(rows: Range<Int>, block: Int) {
        guard !rows.isEmpty else { return }
        var previous = 0.0
        var dot = 0.0
        if direction == .forward {
            for i in rows {
                var s = b[i]
                var k = Int(rp[i])
                var end = Int(rp[i + 1])
                let carried = i > rows.lowerBound && end > k && Int(ci[end - 1]) == i - 1
                if carried { end -= 1 }
                while k < end {
                    s -= v[k] * x[Int(ci[k])]
                    k += 1
                }
                if carried { s -= v[end] * previous }
                previous = s * d[i]
                x[i] = previous
                if let w { dot += w[i] * previous }
            }
        } else {
            var i = rows.upperBound - 1
            while i >= rows.lowerBound {
                var s = b[i]
                var k = Int(rp[i])
                let end = Int(rp[i + 1])
                let carried = i < rows.upperBound - 1 && k < end && Int(ci[k]) == i + 1
                let carriedValue = carried ? v[k] : 0
                if carried { k += 1 }
                while k < end {
                    s -= v[k] * x[Int(ci[k])]
                    k += 1
                }
                if carried { s -= carriedValue * previous }
                previous = s * d[i]
                x[i] = previous
                if let w { dot += w[i] * previous }
                i -= 1
            }
        }
        if let partials { partials[block] = dot }
    }
}
