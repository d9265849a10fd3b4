/// The pieces the fused network operations (`PerceptronJet`, `GatedPerceptronJet`) share: tiles of
/// points, per-thread tile buffers, per-chunk parameter gradient sums, and jet operations on one tile.

/// Points `0..<points` of a stacked jet `[K, n, w]` split into tiles of `rows` points. A tile's
/// buffer holds its rows of every component contiguously, `[K, rows, w]`.
struct JetTiles {
    let components: Int
    let points: Int
    let rows: Int

    var count: Int { (points + rows - 1) / rows }

    /// The first point and the number of points of tile `tile`.
    func range(of tile: Int) -> (first: Int, rows: Int) {
        let first = tile * rows
        return (first, min(rows, points - first))
    }

    /// Copies rows `first..<first + rows` of every component of a `[K, n, width]` stack into a tile,
    /// rounded to the tile's precision.
    func gather<S: KernelScalar>(_ stack: UnsafePointer<Double>, width: Int, first: Int, rows: Int, into tile: UnsafeMutablePointer<S>) {
        for c in 0..<components {
            Self.convert(stack + (c * points + first) * width, into: tile + c * rows * width, count: rows * width)
        }
    }

    /// Runs `body(tile, buffers, chunk)` on every tile. Chunks of `perChunk` consecutive tiles run in
    /// parallel, each with its own `buffers` tile buffers of `bufferSize` values.
    func forEach<S: KernelScalar>(perChunk: Int, buffers: Int, bufferSize: Int, _ body: (_ tile: Int, _ buffers: TileScratch<S>, _ chunk: Int) -> Void) {
        parallelChunks(count: count, grain: perChunk) { tiles in
            let scratch = TileScratch<S>(count: buffers, size: bufferSize)
            defer { scratch.deallocate() }
            for tile in tiles { body(tile, scratch, tiles.lowerBound / perChunk) }
        }
    }

    /// A new stack `[K, n, outputWidth]` written tile by tile: `body(tile, stack, second, output,
    /// buffers, chunk)` runs on every tile as in `forEach`, with `stack` and `second` (a second
    /// `[K, n, ·]` input such as a cotangent; a dummy when nil) as pointers. The scaffolding of every
    /// pass of the fused network operations.
    func produce<S: KernelScalar>(outputWidth: Int, from stack: Tensor, and second: Tensor? = nil, perChunk: Int,
                                  buffers: Int, bufferSize: Int,
                                  _ body: (_ tile: Int, _ stack: UnsafePointer<Double>, _ second: UnsafePointer<Double>,
                                           _ output: UnsafeMutablePointer<Double>, _ buffers: TileScratch<S>, _ chunk: Int) -> Void) -> Tensor {
        let secondScalars = second?.scalars ?? [0]
        return stack.scalars.withUnsafeBufferPointer { sb in
            secondScalars.withUnsafeBufferPointer { tb in
                Tensor(shape: [components, points, outputWidth]) { ob in
                    let input = UncheckedSendable(sb.baseAddress!), other = UncheckedSendable(tb.baseAddress!)
                    let output = UncheckedSendable(ob.baseAddress!)
                    forEach(perChunk: perChunk, buffers: buffers, bufferSize: bufferSize) { (tile, scratch: TileScratch<S>, chunk) in
                        body(tile, input.value, other.value, output.value, scratch, chunk)
                    }
                }
            }
        }
    }

    /// A fused pullback's tensors as its result: the input jet's cotangent (first) only when
    /// `inputNeeded`, then the parameters'.
    static func cotangents(_ tensors: [Tensor], inputNeeded: Bool) -> [Variable?] {
        tensors.enumerated().map { i, t in i == 0 && !inputNeeded ? nil : Variable(t) }
    }

    /// The inverse of `gather`.
    func scatter<S: KernelScalar>(_ tile: UnsafePointer<S>, width: Int, first: Int, rows: Int, into stack: UnsafeMutablePointer<Double>) {
        for c in 0..<components {
            Self.convert(tile + c * rows * width, into: stack + (c * points + first) * width, count: rows * width)
        }
    }

    /// Copies `count` values, converting between precisions (a plain copy when they are the same).
    @inline(__always)
    static func convert<Source: KernelScalar, Target: KernelScalar>(_ source: UnsafePointer<Source>, into target: UnsafeMutablePointer<Target>, count: Int) {
        if Source.self == Target.self {
            UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: count * MemoryLayout<Source>.stride)
        } else {
            for i in 0..<count { target[i] = Target(source[i]) }
        }
    }
}

/// What a fused operation's forward pass leaves for its pullback: one block per kept layer, in the
/// precision of the pass that wrote it, and the number of points it was written for.
struct KeptBlocks {
    private var blocks: [UnsafeMutableRawPointer] = []
    /// The points of the forward pass that wrote the blocks; −1 when nothing is kept.
    private(set) var points = -1

    /// Frees the blocks held and, when `keep`, allocates one block of `count` values of `S` per entry
    /// of `counts`, for a pass over `points` points.
    mutating func reallocate<S: KernelScalar>(_: S.Type, counts: [Int], points: Int, keep: Bool) {
        deallocate()
        blocks = keep ? counts.map { UnsafeMutableRawPointer.allocate(byteCount: $0 * MemoryLayout<S>.stride, alignment: 64) } : []
        self.points = keep ? points : -1
    }

    /// The blocks as values of `S` (the precision they were allocated for).
    func typed<S: KernelScalar>(_: S.Type) -> [UnsafeMutablePointer<S>] { blocks.map { $0.assumingMemoryBound(to: S.self) } }

    mutating func deallocate() {
        blocks.forEach { $0.deallocate() }
        blocks = []
    }
}

/// Per-thread working memory: `count` tile buffers of `size` values, each readable one vector past
/// its end (`SmallMatrixKernels.accumulateTransposedProduct` reads whole vectors), and the
/// derivative-tower scratch of the jet kernels.
struct TileScratch<S: KernelScalar> {
    private let buffers: [UnsafeMutablePointer<S>]
    let scratch: UnsafeMutablePointer<S>

    init(count: Int, size: Int) {
        func buffer(_ n: Int) -> UnsafeMutablePointer<S> {
            let p = UnsafeMutablePointer<S>.allocate(capacity: n)
            p.initialize(repeating: 0, count: n)
            return p
        }
        buffers = (0..<count).map { _ in buffer(size + S.laneCount) }
        scratch = buffer(5 * JetKernels.grain)
    }

    subscript(_ i: Int) -> UnsafeMutablePointer<S> { buffers[i] }

    func deallocate() {
        buffers.forEach { $0.deallocate() }
        scratch.deallocate()
    }
}

/// Weight and bias gradients of a list of layers, one set per chunk of tiles in precision `S`,
/// summed in chunk order in double precision at the end (so the result does not depend on the thread
/// count).
struct ParameterGradientSums<S: KernelScalar> {
    /// `(in, out)` of each layer.
    let sizes: [(Int, Int)]
    let perChunk: Int
    let chunks: Int
    private let offsets: [Int]
    private let chunkSize: Int
    private let storage: UnsafeMutablePointer<S>

    init(sizes: [(Int, Int)], chunks tiles: Int, perChunk: Int) {
        self.sizes = sizes
        self.perChunk = perChunk
        chunks = (tiles + perChunk - 1) / perChunk
        // Per layer: the weight gradient [in, out padded to whole vectors], then the bias gradient [out].
        let slice = sizes.map { $0.0 * SmallMatrixKernels.paddedWidth($0.1, S.self) + $0.1 }
        offsets = slice.indices.map { slice[..<$0].reduce(0, +) }
        chunkSize = slice.reduce(0, +)
        storage = .allocate(capacity: chunks * chunkSize)
        storage.initialize(repeating: 0, count: chunks * chunkSize)
    }

    /// Each layer's slice for chunk `chunk`.
    func slices(chunk: Int) -> [UnsafeMutablePointer<S>] { offsets.map { storage + chunk * chunkSize + $0 } }

    /// `[W₀, b₀, W₁, b₁, …]` summed over chunks.
    func totals() -> [Tensor] {
        var result: [Tensor] = []
        for (l, (inWidth, outWidth)) in sizes.enumerated() {
            let padded = SmallMatrixKernels.paddedWidth(outWidth, S.self)
            var weight = Tensor.zeros([inWidth, outWidth]), bias = Tensor.zeros([outWidth])
            weight.scalars.withUnsafeMutableBufferPointer { w in
                bias.scalars.withUnsafeMutableBufferPointer { b in
                    for c in 0..<chunks {
                        let slice = storage + c * chunkSize + offsets[l]
                        for p in 0..<inWidth {
                            for j in 0..<outWidth { w[p * outWidth + j] += Double(slice[p * padded + j]) }
                        }
                        for j in 0..<outWidth { b[j] += Double(slice[inWidth * padded + j]) }
                    }
                }
            }
            result += [weight, bias]
        }
        return result
    }

    func deallocate() { storage.deallocate() }
}

/// Jet operations on one tile `[K, rows, w]` (`m = rows · w` values per component).
enum JetTileOps {
    /// `f` of the pre-activations in `kept` into `activated`; for tanh, block 0 of `kept` is then
    /// replaced by the activation values (what `rebuild` and `activationPullback` read).
    @inline(__always)
    static func activate<T: ScalarTower, S: KernelScalar>(_: T.Type, orders: [Int], kept: UnsafeMutablePointer<S>,
                                                          into activated: UnsafeMutablePointer<S>, m: Int, scratch: UnsafeMutablePointer<S>) {
        eachBlock(m) { JetKernels.forwardBlock(T.self, orders: orders, z: kept, y: activated, m: m, range: $0, scratch: scratch) }
        if T.towerFromValue { kept.update(from: activated, count: m) }
    }

    /// Whether a tile of `m` values per component is one block of the jet kernels, so that the
    /// derivative tower `rebuild` leaves in the scratch can serve `activationPullback`.
    @inline(__always)
    static func towerFitsScratch(m: Int) -> Bool { m <= JetKernels.grain }

    /// The activation again, from what `activate` kept. With `keepingTower` (only where
    /// `towerFitsScratch`), the tower is left in `scratch` for `activationPullback(towerKept:)`.
    @inline(__always)
    static func rebuild<T: ScalarTower, S: KernelScalar>(_: T.Type, orders: [Int], kept: UnsafePointer<S>,
                                                         into activated: UnsafeMutablePointer<S>, m: Int, scratch: UnsafeMutablePointer<S>,
                                                         keepingTower: Bool = false) {
        let highest = (orders.max() ?? 1) + (keepingTower ? 1 : 0)
        eachBlock(m) {
            JetKernels.forwardBlock(T.self, orders: orders, z: kept, y: activated, m: m, range: $0, scratch: scratch,
                                    towerFromValue: T.towerFromValue ? kept : nil, towerHighest: highest)
        }
    }

    /// The cotangent of the pre-activations from the cotangent `g` of the activation; with
    /// `towerKept`, from the tower `rebuild(keepingTower:)` left in `scratch`.
    @inline(__always)
    static func activationPullback<T: ScalarTower, S: KernelScalar>(_: T.Type, orders: [Int], kept: UnsafePointer<S>, g: UnsafePointer<S>,
                                                                    into out: UnsafeMutablePointer<S>, m: Int, scratch: UnsafeMutablePointer<S>,
                                                                    towerKept: Bool = false) {
        eachBlock(m) {
            JetKernels.backwardBlock(T.self, orders: orders, z: kept, towerFromValue: T.towerFromValue ? kept : nil,
                                     g: g, out: out, m: m, range: $0, scratch: scratch, towerReady: towerKept)
        }
    }

    /// Calls `body` on consecutive ranges of at most `JetKernels.grain` elements covering `0..<m`.
    @inline(__always)
    static func eachBlock(_ m: Int, _ body: (Range<Int>) -> Void) {
        var start = 0
        while start < m {
            let end = min(m, start + JetKernels.grain)
            body(start..<end)
            start = end
        }
    }

    /// `out = a − b` (`out` may be `a` or `b`).
    @inline(__always)
    static func subtract<S: KernelScalar>(_ a: UnsafePointer<S>, _ b: UnsafePointer<S>, into out: UnsafeMutablePointer<S>, count: Int) {
        for e in 0..<count { out[e] = a[e] - b[e] }
    }

    /// `out += a`.
    @inline(__always)
    static func add<S: KernelScalar>(_ a: UnsafePointer<S>, into out: UnsafeMutablePointer<S>, count: Int) {
        for e in 0..<count { out[e] += a[e] }
    }

    /// `Σ c · left[l] ⊙ right[r]` over `terms` into rows `o` of `out` (`m` values per row); rows are
    /// overwritten (starting from `start[o]`, or zero) unless `accumulating`.
    static func applyTerms<S: KernelScalar>(_ terms: [StackedBilinear.Term], rows: Int, left: UnsafePointer<S>, right: UnsafePointer<S>,
                                            into out: UnsafeMutablePointer<S>, start: UnsafePointer<S>? = nil,
                                            accumulating: Bool = false, m: Int) {
        if !accumulating {
            if let start { out.update(from: start, count: rows * m) } else { out.initialize(repeating: 0, count: rows * m) }
        }
        for t in terms {
            let a = left + t.left * m, b = right + t.right * m, o = out + t.output * m, c = S(t.coefficient)
            if c == 1 {
                for e in 0..<m { o[e] += a[e] * b[e] }
            } else {
                for e in 0..<m { o[e] += c * a[e] * b[e] }
            }
        }
    }

    /// The term lists of the gate `h = v + z ⊙ gap` (Leibniz's rule) and of its two pullbacks.
    struct GateTerms: Sendable {
        let components: Int
        let forward: [StackedBilinear.Term]
        let toGate: [StackedBilinear.Term]
        let toGap: [StackedBilinear.Term]

        init(orders: [Int]) {
            let product = StackedBilinear.leibniz(orders: orders)
            components = product.outputRows
            forward = product.terms
            toGate = forward.map { StackedBilinear.Term(output: $0.left, left: $0.output, right: $0.right, coefficient: $0.coefficient) }
            toGap = forward.map { StackedBilinear.Term(output: $0.right, left: $0.output, right: $0.left, coefficient: $0.coefficient) }
        }
    }

    /// The gate `h = v + z ⊙ gap`.
    @inline(__always)
    static func gate<S: KernelScalar>(_ terms: GateTerms, z: UnsafePointer<S>, gap: UnsafePointer<S>, v: UnsafePointer<S>,
                                      into h: UnsafeMutablePointer<S>, m: Int) {
        applyTerms(terms.forward, rows: terms.components, left: z, right: gap, into: h, start: v, m: m)
    }

    /// The gate's pullback: `∂/∂z` into `gateCotangent`, and `∂/∂gap` added to `gapCotangent`.
    @inline(__always)
    static func gatePullback<S: KernelScalar>(_ terms: GateTerms, g: UnsafePointer<S>, z: UnsafePointer<S>, gap: UnsafePointer<S>,
                                              gateCotangent: UnsafeMutablePointer<S>, gapCotangent: UnsafeMutablePointer<S>, m: Int) {
        applyTerms(terms.toGate, rows: terms.components, left: g, right: gap, into: gateCotangent, m: m)
        applyTerms(terms.toGap, rows: terms.components, left: g, right: z, into: gapCotangent, accumulating: true, m: m)
    }
}
