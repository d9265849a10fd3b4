import Foundation

/// A multilayer perceptron applied to a stacked jet `[K, n, w₀]` as one operation: hidden layers
/// `h ← f(h Wₗ + bₗ)` (`f` = tanh, sin or cos, bias on the value block only) and a linear last layer.
///
/// Chaining `JetAffine` and `ActivationJet` streams every layer's whole `[K, n, w]` stack through
/// memory several times in each direction (product, activation, their pullbacks, the weight
/// gradient), and for these narrow layers that traffic, not the arithmetic, sets the time. Here the
/// points are split into tiles of about a hundred rows whose layers stay in cache: the forward pass
/// runs the whole network on one tile before the next, keeping only what the backward pass needs
/// (per hidden layer the pre-activation derivative blocks, and for tanh the activation values, which
/// rebuild every derivative of tanh); the backward pass runs the network in reverse on one tile at
/// a time, rebuilding each layer's input from the kept blocks with a few multiplications, and sums
/// the weight gradients of fixed groups of tiles in a fixed order (the result does not depend on
/// the thread count).
///
/// The fused pullback is used when the backward pass is not recorded. When it is
/// (`createGraph: true`), the pullback is the chain of `JetAffine` and `ActivationJet` pullbacks on a
/// recorded replay of the network, so derivatives of any order stay available.
///
/// Inputs: `[stacked, W₀, b₀, W₁, b₁, …]`, `Wₗ` of shape `[wₗ, wₗ₊₁]` and `bₗ` of shape `[wₗ₊₁]`.
final class PerceptronJet: DifferentiableOperation, @unchecked Sendable {
    let activation: JetScalarFunction
    let orders: [Int]
    /// Per hidden layer `l`, the blocks the backward pass needs, tile by tile (see `forwardTile`).
    /// Written once, by `forward`.
    private var kept: [UnsafeMutablePointer<Double>] = []
    private var keptPoints = 0

    var name: String { "perceptron_jet" }

    init(activation: JetScalarFunction, orders: [Int]) {
        self.activation = activation
        self.orders = orders
    }

    deinit { for block in kept { block.deallocate() } }

    /// The cached tile of about 8 192 values per layer buffer: rows per tile, a multiple of 4.
    static func tileRows(components: Int, widest: Int) -> Int {
        max(4, 8192 / max(1, components * widest) / 4 * 4)
    }

    /// Tiles per parallel chunk: at most 16 chunks, so partial weight gradients stay few.
    static func tilesPerChunk(_ tiles: Int) -> Int { max(1, (tiles + 15) / 16) }

    func forward(_ x: [Tensor]) -> Tensor {
        let layout = Layout(inputs: x, componentCount: 1 + orders.reduce(0, +))
        let (k, n) = (layout.components, layout.points)
        let packed = layout.packWeights(x, transposed: false)
        let biasValues = layout.copyBiases(x)
        defer { packed.forEach { $0.deallocate() }; biasValues.forEach { $0.deallocate() } }
        kept.forEach { $0.deallocate() }
        kept = layout.widths.dropFirst().dropLast().map { UnsafeMutablePointer<Double>.allocate(capacity: k * n * $0) }
        keptPoints = n
        let output = x[0].scalars.withUnsafeBufferPointer { xb in
            Tensor(shape: [k, n, layout.widths.last!]) { ob in
                let input = UncheckedSendable(xb.baseAddress!), out = UncheckedSendable(ob.baseAddress!)
                let weights = UncheckedSendable(packed.map { UnsafePointer($0) })
                let biases = UncheckedSendable(biasValues.map { UnsafePointer($0) })
                let keptBlocks = UncheckedSendable(kept)
                parallelChunks(count: layout.tiles, grain: Self.tilesPerChunk(layout.tiles)) { tiles in
                    let buffers = TileBuffers(layout: layout)
                    defer { buffers.deallocate() }
                    for tile in tiles {
                        switch activation {
                        case .tanh: forwardTile(TanhTower.self, tile, layout, input.value, weights.value, biases.value, keptBlocks.value, out.value, buffers)
                        case .sin: forwardTile(SinTower.self, tile, layout, input.value, weights.value, biases.value, keptBlocks.value, out.value, buffers)
                        case .cos: forwardTile(CosTower.self, tile, layout, input.value, weights.value, biases.value, keptBlocks.value, out.value, buffers)
                        }
                    }
                }
            }
        }
        return output
    }

    /// Runs the network on one tile. For hidden layer `l` it keeps, at the tile's place in `kept[l]`,
    /// the pre-activation components `[K, r, wₗ₊₁]`, with block 0 replaced by the activation values
    /// when the tower can be rebuilt from them (tanh).
    private func forwardTile<T: ScalarTower>(_: T.Type, _ tile: Int, _ layout: Layout, _ input: UnsafePointer<Double>,
                                             _ weights: [UnsafePointer<Double>], _ biases: [UnsafePointer<Double>],
                                             _ kept: [UnsafeMutablePointer<Double>], _ output: UnsafeMutablePointer<Double>,
                                             _ buffers: TileBuffers) {
        let (k, n) = (layout.components, layout.points)
        let first = tile * layout.tileRows, rows = min(layout.tileRows, n - first)
        let h = buffers.h
        layout.gather(input, width: layout.widths[0], first: first, rows: rows, into: h)
        let layers = layout.widths.count - 1
        for l in 0..<layers {
            let (inWidth, outWidth) = (layout.widths[l], layout.widths[l + 1])
            // Hidden layers write their pre-activations straight to where they are kept.
            let z = l < layers - 1 ? kept[l] + k * first * outWidth : buffers.z
            SmallMatrixKernels.multiply(h, rows: k * rows, k: inWidth, packed: weights[l], n: outWidth, into: z)
            for r in 0..<rows {
                let row = z + r * outWidth
                for j in 0..<outWidth { row[j] += biases[l][j] }
            }
            let m = rows * outWidth
            if l == layers - 1 {
                layout.scatter(z, width: outWidth, first: first, rows: rows, into: output)
                break
            }
            eachBlock(m) { range in
                JetKernels.forwardBlock(T.self, orders: orders, z: z, y: h, m: m, range: range, scratch: buffers.scratch)
            }
            if T.towerFromValue { z.update(from: h, count: m) }
        }
    }

    /// Calls `body` on consecutive ranges of at most `JetKernels.grain` elements covering `0..<m`.
    @inline(__always)
    private func eachBlock(_ m: Int, _ body: (Range<Int>) -> Void) {
        var start = 0
        while start < m {
            let end = min(m, start + JetKernels.grain)
            body(start..<end)
            start = end
        }
    }

    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        if g.requiresGradient || x.contains(where: \.requiresGradient) { return recordedPullback(g, inputs: x) }
        return fusedPullback(g.value, inputs: x.map(\.value)).map { Variable($0) }
    }

    /// The cotangents of all inputs from the kept blocks, tile by tile.
    private func fusedPullback(_ g: Tensor, inputs x: [Tensor]) -> [Tensor] {
        let layout = Layout(inputs: x, componentCount: 1 + orders.reduce(0, +))
        precondition(keptPoints == layout.points, "perceptron_jet: pullback without its forward pass")
        let (k, n, widths) = (layout.components, layout.points, layout.widths)
        let layers = widths.count - 1
        let packed = layout.packWeights(x, transposed: true)
        defer { packed.forEach { $0.deallocate() } }
        let perChunk = Self.tilesPerChunk(layout.tiles)
        let chunks = (layout.tiles + perChunk - 1) / perChunk
        // Per chunk and layer: the weight gradient [wₗ, wₗ₊₁ padded to 8] followed by the bias gradient.
        let sliceSizes = (0..<layers).map { widths[$0] * SmallMatrixKernels.paddedWidth(widths[$0 + 1]) + widths[$0 + 1] }
        let sliceOffsets = sliceSizes.indices.map { sliceSizes[..<$0].reduce(0, +) }
        let perChunkSize = sliceSizes.reduce(0, +)
        let partial = UnsafeMutablePointer<Double>.allocate(capacity: chunks * perChunkSize)
        partial.initialize(repeating: 0, count: chunks * perChunkSize)
        defer { partial.deallocate() }
        let contiguousG = g.scalars
        let inputCotangent = x[0].scalars.withUnsafeBufferPointer { xb in
            contiguousG.withUnsafeBufferPointer { gb in
                Tensor(shape: [k, n, widths[0]]) { ob in
                    let input = UncheckedSendable(xb.baseAddress!), cotangent = UncheckedSendable(gb.baseAddress!)
                    let out = UncheckedSendable(ob.baseAddress!), sums = UncheckedSendable(partial)
                    let weights = UncheckedSendable(packed.map { UnsafePointer($0) })
                    let keptBlocks = UncheckedSendable(kept.map { UnsafePointer($0) })
                    parallelChunks(count: layout.tiles, grain: perChunk) { tiles in
                        let buffers = TileBuffers(layout: layout)
                        defer { buffers.deallocate() }
                        let chunkSums = sums.value + (tiles.lowerBound / perChunk) * perChunkSize
                        let slices = sliceOffsets.map { chunkSums + $0 }
                        for tile in tiles {
                            switch activation {
                            case .tanh: backwardTile(TanhTower.self, tile, layout, input.value, cotangent.value, weights.value, keptBlocks.value, slices, out.value, buffers)
                            case .sin: backwardTile(SinTower.self, tile, layout, input.value, cotangent.value, weights.value, keptBlocks.value, slices, out.value, buffers)
                            case .cos: backwardTile(CosTower.self, tile, layout, input.value, cotangent.value, weights.value, keptBlocks.value, slices, out.value, buffers)
                            }
                        }
                    }
                }
            }
        }
        var result = [inputCotangent]
        for l in 0..<layers {
            let (inWidth, outWidth) = (widths[l], widths[l + 1])
            let padded = SmallMatrixKernels.paddedWidth(outWidth)
            var weight = Tensor.zeros([inWidth, outWidth]), bias = Tensor.zeros([outWidth])
            weight.scalars.withUnsafeMutableBufferPointer { w in
                bias.scalars.withUnsafeMutableBufferPointer { b in
                    for c in 0..<chunks {
                        let slice = partial + c * perChunkSize + sliceOffsets[l]
                        for p in 0..<inWidth {
                            for j in 0..<outWidth { w[p * outWidth + j] += slice[p * padded + j] }
                        }
                        for j in 0..<outWidth { b[j] += slice[inWidth * padded + j] }
                    }
                }
            }
            result += [weight, bias]
        }
        return result
    }

    /// The backward pass of one tile: accumulates the weight and bias gradients into `sums[l]` and
    /// writes the tile's rows of the input cotangent.
    private func backwardTile<T: ScalarTower>(_: T.Type, _ tile: Int, _ layout: Layout, _ input: UnsafePointer<Double>,
                                              _ g: UnsafePointer<Double>, _ transposedWeights: [UnsafePointer<Double>],
                                              _ kept: [UnsafePointer<Double>], _ sums: [UnsafeMutablePointer<Double>],
                                              _ inputCotangent: UnsafeMutablePointer<Double>, _ buffers: TileBuffers) {
        let (k, n, widths) = (layout.components, layout.points, layout.widths)
        let first = tile * layout.tileRows, rows = min(layout.tileRows, n - first)
        let h = buffers.h, gz = buffers.z, gh = buffers.gh
        let layers = widths.count - 1
        layout.gather(g, width: widths[layers], first: first, rows: rows, into: gz)
        for l in (0..<layers).reversed() {
            let (inWidth, outWidth) = (widths[l], widths[l + 1])
            let m = rows * inWidth
            // The layer's input: the network input, or the previous activation rebuilt from its kept blocks.
            let keptInput = l > 0 ? UnsafePointer(kept[l - 1] + k * first * inWidth) : nil
            if let keptInput {
                eachBlock(m) { range in
                    JetKernels.forwardBlock(T.self, orders: orders, z: keptInput, y: h, m: m, range: range, scratch: buffers.scratch,
                                            towerFromValue: T.towerFromValue ? keptInput : nil)
                }
            } else {
                layout.gather(input, width: inWidth, first: first, rows: rows, into: h)
            }
            SmallMatrixKernels.accumulateTransposedProduct(h, gz, rows: k * rows, k: inWidth, n: outWidth, into: sums[l])
            let biasSum = sums[l] + inWidth * SmallMatrixKernels.paddedWidth(outWidth)
            for r in 0..<rows {
                let row = gz + r * outWidth
                for j in 0..<outWidth { biasSum[j] += row[j] }
            }
            SmallMatrixKernels.multiply(gz, rows: k * rows, k: outWidth, packed: transposedWeights[l], n: inWidth, into: gh)
            if let keptInput {
                eachBlock(m) { range in
                    JetKernels.backwardBlock(T.self, orders: orders, z: keptInput, towerFromValue: T.towerFromValue ? keptInput : nil,
                                             g: gh, out: gz, m: m, range: range, scratch: buffers.scratch)
                }
            } else {
                layout.scatter(gh, width: inWidth, first: first, rows: rows, into: inputCotangent)
            }
        }
    }

    /// The same pullback as a chain of recorded `JetAffine` and `ActivationJet` pullbacks on a replay
    /// of the network, for backward passes that are themselves differentiated.
    private func recordedPullback(_ g: Variable, inputs x: [Variable]) -> [Variable?] {
        let layers = (x.count - 1) / 2
        var layerInputs = [x[0]], preActivations: [Variable] = []
        for l in 0..<layers {
            let z = Variable.apply(JetAffine(), to: [layerInputs[l], x[1 + 2 * l], x[2 + 2 * l]])
            preActivations.append(z)
            if l < layers - 1 { layerInputs.append(Variable.apply(ActivationJet(function: activation, orders: orders), to: [z])) }
        }
        var cotangents = [Variable?](repeating: nil, count: x.count)
        var upstream = g
        for l in (0..<layers).reversed() {
            let affine = JetAffine().pullback(upstream, inputs: [layerInputs[l], x[1 + 2 * l], x[2 + 2 * l]], output: preActivations[l])
            cotangents[1 + 2 * l] = affine[1]
            cotangents[2 + 2 * l] = affine[2]
            guard let below = affine[0] else { break }
            if l == 0 {
                cotangents[0] = below
            } else {
                upstream = ActivationJet(function: activation, orders: orders)
                    .pullback(below, inputs: [preActivations[l - 1]], output: layerInputs[l])[0]!
            }
        }
        return cotangents
    }

    /// Shapes and tiling of one application.
    struct Layout {
        let components: Int
        let points: Int
        /// Layer widths, input first.
        let widths: [Int]
        let tileRows: Int
        var tiles: Int { (points + tileRows - 1) / tileRows }

        init(inputs x: [Tensor], componentCount: Int) {
            precondition(x.count >= 3 && x.count % 2 == 1, "perceptron_jet needs a jet and (weight, bias) pairs, got \(x.count) inputs")
            let stacked = x[0]
            precondition(stacked.rank == 3 && stacked.shape[0] == componentCount,
                         "perceptron_jet: the jet has shape \(stacked.shape), expected [\(componentCount), n, w]")
            var widths = [stacked.shape[2]]
            for l in 0..<((x.count - 1) / 2) {
                let (w, b) = (x[1 + 2 * l], x[2 + 2 * l])
                precondition(w.rank == 2 && w.shape[0] == widths[l] && b.shape == [w.shape[1]],
                             "perceptron_jet: layer \(l) needs W [\(widths[l]), out] and b [out], got \(w.shape) and \(b.shape)")
                widths.append(w.shape[1])
            }
            self.components = componentCount
            self.points = stacked.shape[1]
            self.widths = widths
            self.tileRows = PerceptronJet.tileRows(components: componentCount, widest: widths.max()!)
        }

        /// Each layer's weights packed for `SmallMatrixKernels.multiply` (transposed for the backward pass).
        func packWeights(_ x: [Tensor], transposed: Bool) -> [UnsafeMutablePointer<Double>] {
            (0..<(widths.count - 1)).map { l in
                let (rows, columns) = transposed ? (widths[l + 1], widths[l]) : (widths[l], widths[l + 1])
                let packed = UnsafeMutablePointer<Double>.allocate(capacity: rows * SmallMatrixKernels.paddedWidth(columns))
                x[1 + 2 * l].scalars.withUnsafeBufferPointer {
                    SmallMatrixKernels.pack($0.baseAddress!, k: rows, n: columns, transposed: transposed, into: packed)
                }
                return packed
            }
        }

        /// Copies of the biases, to be deallocated by the caller.
        func copyBiases(_ x: [Tensor]) -> [UnsafeMutablePointer<Double>] {
            (0..<(widths.count - 1)).map { l in
                let copy = UnsafeMutablePointer<Double>.allocate(capacity: widths[l + 1])
                x[2 + 2 * l].scalars.withUnsafeBufferPointer { copy.initialize(from: $0.baseAddress!, count: widths[l + 1]) }
                return copy
            }
        }

        /// Copies rows `first..<first + rows` of every component of a `[K, n, width]` stack into a
        /// tile `[K, rows, width]`.
        func gather(_ stack: UnsafePointer<Double>, width: Int, first: Int, rows: Int, into tile: UnsafeMutablePointer<Double>) {
            for c in 0..<components {
                (tile + c * rows * width).update(from: stack + (c * points + first) * width, count: rows * width)
            }
        }

        /// The inverse of `gather`.
        func scatter(_ tile: UnsafePointer<Double>, width: Int, first: Int, rows: Int, into stack: UnsafeMutablePointer<Double>) {
            for c in 0..<components {
                (stack + (c * points + first) * width).update(from: tile + c * rows * width, count: rows * width)
            }
        }
    }

    /// Per-thread working memory for one tile: two layer buffers, a third for the backward pass, and
    /// the derivative-tower scratch of the jet kernels. Each buffer has 8 readable values past its end
    /// (`SmallMatrixKernels.accumulateTransposedProduct` reads whole vectors).
    struct TileBuffers {
        let h, z, gh, scratch: UnsafeMutablePointer<Double>

        init(layout: Layout) {
            let size = layout.components * layout.tileRows * layout.widths.max()! + 8
            func buffer(_ count: Int) -> UnsafeMutablePointer<Double> {
                let p = UnsafeMutablePointer<Double>.allocate(capacity: count)
                p.initialize(repeating: 0, count: count)
                return p
            }
            h = buffer(size); z = buffer(size); gh = buffer(size); scratch = buffer(5 * JetKernels.grain)
        }

        func deallocate() { h.deallocate(); z.deallocate(); gh.deallocate(); scratch.deallocate() }
    }
}
