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
/// With `precision` `.float32` the tiles, kept blocks and per-chunk gradient sums are single
/// precision (inputs and outputs stay double); the recorded pullback computes in double precision.
///
/// Inputs: `[stacked, W₀, b₀, W₁, b₁, …]`, `Wₗ` of shape `[wₗ, wₗ₊₁]` and `bₗ` of shape `[wₗ₊₁]`.
final class PerceptronJet: DifferentiableOperation, @unchecked Sendable {
    let activation: JetScalarFunction
    let orders: [Int]
    let precision: NetworkPrecision
    /// Per hidden layer `l`, the blocks the backward pass needs, tile by tile (see `forwardTile`), in
    /// `precision`. Written once, by `forward`.
    private var kept = KeptBlocks()

    var name: String { "perceptron_jet" }

    /// Whether the forward pass keeps what the pullback needs: only when some input requires a
    /// gradient (an evaluation alone keeps nothing, so its memory stays that of one tile per thread).
    let keepsForPullback: Bool

    init(activation: JetScalarFunction, orders: [Int], precision: NetworkPrecision = .float64, keepsForPullback: Bool = true) {
        self.activation = activation
        self.orders = orders
        self.precision = precision
        self.keepsForPullback = keepsForPullback
    }

    deinit { kept.deallocate() }

    /// The cached tile of about 8 192 values per layer buffer: rows per tile, a multiple of 4.
    static func tileRows(components: Int, widest: Int) -> Int {
        max(4, 8192 / max(1, components * widest) / 4 * 4)
    }

    /// Tiles per parallel chunk: at most 16 chunks, so partial weight gradients stay few.
    static func tilesPerChunk(_ tiles: Int) -> Int { max(1, (tiles + 15) / 16) }

    func forward(_ x: [Tensor]) -> Tensor {
        switch precision {
        case .float64: return forward(x, in: Double.self)
        case .float32: return forward(x, in: Float.self)
        }
    }

    private func forward<S: KernelScalar>(_ x: [Tensor], in _: S.Type) -> Tensor {
        let layout = Layout(inputs: x, componentCount: 1 + orders.reduce(0, +))
        let (k, n) = (layout.tiles.components, layout.tiles.points)
        let packed = SmallMatrixKernels.packLayers(x, sizes: layout.sizes, transposed: false, as: S.self)
        let biasValues = SmallMatrixKernels.copyBiases(x, sizes: layout.sizes, as: S.self)
        defer { packed.forEach { $0.deallocate() }; biasValues.forEach { $0.deallocate() } }
        kept.reallocate(S.self, counts: layout.widths.dropFirst().dropLast().map { k * n * $0 }, points: n, keep: keepsForPullback)
        let weights = UncheckedSendable(packed.map { UnsafePointer($0) })
        let biases = UncheckedSendable(biasValues.map { UnsafePointer($0) })
        let keptBlocks = UncheckedSendable(kept.typed(S.self))
        return layout.tiles.produce(outputWidth: layout.widths.last!, from: x[0], perChunk: Self.tilesPerChunk(layout.tiles.count),
                                    buffers: 2, bufferSize: layout.bufferSize) { (tile, input, _, out, buffers: TileScratch<S>, _) in
            switch activation {
            case .tanh: forwardTile(TanhTower.self, tile, layout, input, weights.value, biases.value, keptBlocks.value, out, buffers)
            case .sin: forwardTile(SinTower.self, tile, layout, input, weights.value, biases.value, keptBlocks.value, out, buffers)
            case .cos: forwardTile(CosTower.self, tile, layout, input, weights.value, biases.value, keptBlocks.value, out, buffers)
            }
        }
    }

    /// Runs the network on one tile. Hidden layer `l` writes its pre-activations `[K, r, wₗ₊₁]` straight
    /// to the tile's place in `kept[l]` (block 0 then replaced by the activation values for tanh).
    private func forwardTile<T: ScalarTower, S: KernelScalar>(_: T.Type, _ tile: Int, _ layout: Layout, _ input: UnsafePointer<Double>,
                                                              _ weights: [UnsafePointer<S>], _ biases: [UnsafePointer<S>],
                                                              _ kept: [UnsafeMutablePointer<S>], _ output: UnsafeMutablePointer<Double>,
                                                              _ buffers: TileScratch<S>) {
        let k = layout.tiles.components
        let (first, rows) = layout.tiles.range(of: tile)
        let h = buffers[0]
        layout.tiles.gather(input, width: layout.widths[0], first: first, rows: rows, into: h)
        let layers = layout.sizes.count
        for (l, (inWidth, outWidth)) in layout.sizes.enumerated() {
            let z = l < layers - 1 && !kept.isEmpty ? kept[l] + k * first * outWidth : buffers[1]
            SmallMatrixKernels.affine(h, rows: k * rows, valueRows: rows, k: inWidth, packed: weights[l], bias: biases[l], n: outWidth, into: z)
            if l == layers - 1 {
                layout.tiles.scatter(z, width: outWidth, first: first, rows: rows, into: output)
            } else {
                JetTileOps.activate(T.self, orders: orders, kept: z, into: h, m: rows * outWidth, scratch: buffers.scratch)
            }
        }
    }

    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        pullback(g, inputs: x, output: output, needed: x.map { _ in true })
    }

    /// Skips the first layer's backward product when the input jet's cotangent is not needed (a
    /// network's coordinates, as a rule).
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable, needed: [Bool]) -> [Variable?] {
        if g.requiresGradient || x.contains(where: \.requiresGradient) { return recordedPullback(g, inputs: x) }
        let needsInput = needed.first ?? true
        return JetTiles.cotangents(fusedPullback(g.value, inputs: x.map(\.value), inputCotangent: needsInput), inputNeeded: needsInput)
    }

    /// The cotangents of all inputs from the kept blocks, tile by tile; without `inputCotangent`, the
    /// first (the input jet's) is left zero, saving the first layer's backward product.
    private func fusedPullback(_ g: Tensor, inputs x: [Tensor], inputCotangent: Bool) -> [Tensor] {
        switch precision {
        case .float64: return fusedPullback(g, inputs: x, inputCotangent: inputCotangent, in: Double.self)
        case .float32: return fusedPullback(g, inputs: x, inputCotangent: inputCotangent, in: Float.self)
        }
    }

    private func fusedPullback<S: KernelScalar>(_ g: Tensor, inputs x: [Tensor], inputCotangent needsInput: Bool, in _: S.Type) -> [Tensor] {
        let layout = Layout(inputs: x, componentCount: 1 + orders.reduce(0, +))
        precondition(kept.points == layout.tiles.points, "perceptron_jet: pullback without its forward pass")
        let packed = SmallMatrixKernels.packLayers(x, sizes: layout.sizes, transposed: true, as: S.self)
        defer { packed.forEach { $0.deallocate() } }
        let sums = ParameterGradientSums<S>(sizes: layout.sizes, chunks: layout.tiles.count, perChunk: Self.tilesPerChunk(layout.tiles.count))
        defer { sums.deallocate() }
        let weights = UncheckedSendable(packed.map { UnsafePointer($0) })
        let keptBlocks = UncheckedSendable(kept.typed(S.self).map { UnsafePointer($0) })
        let inputCotangent = layout.tiles.produce(outputWidth: layout.widths[0], from: x[0], and: g, perChunk: sums.perChunk,
                                                  buffers: 3, bufferSize: layout.bufferSize) { (tile, input, cotangent, out, buffers: TileScratch<S>, chunk) in
            let target = needsInput ? out : nil
            switch activation {
            case .tanh: backwardTile(TanhTower.self, tile, layout, input, cotangent, weights.value, keptBlocks.value, sums.slices(chunk: chunk), target, buffers)
            case .sin: backwardTile(SinTower.self, tile, layout, input, cotangent, weights.value, keptBlocks.value, sums.slices(chunk: chunk), target, buffers)
            case .cos: backwardTile(CosTower.self, tile, layout, input, cotangent, weights.value, keptBlocks.value, sums.slices(chunk: chunk), target, buffers)
            }
        }
        return [inputCotangent] + sums.totals()
    }

    /// The backward pass of one tile: accumulates the weight and bias gradients into `sums[l]` and
    /// writes the tile's rows of the input cotangent (when `inputCotangent` is given).
    private func backwardTile<T: ScalarTower, S: KernelScalar>(_: T.Type, _ tile: Int, _ layout: Layout, _ input: UnsafePointer<Double>,
                                                               _ g: UnsafePointer<Double>, _ transposedWeights: [UnsafePointer<S>],
                                                               _ kept: [UnsafePointer<S>], _ sums: [UnsafeMutablePointer<S>],
                                                               _ inputCotangent: UnsafeMutablePointer<Double>?, _ buffers: TileScratch<S>) {
        let k = layout.tiles.components
        let (first, rows) = layout.tiles.range(of: tile)
        let h = buffers[0], gz = buffers[1], gh = buffers[2]
        let layers = layout.sizes.count
        layout.tiles.gather(g, width: layout.widths[layers], first: first, rows: rows, into: gz)
        for (l, (inWidth, outWidth)) in layout.sizes.enumerated().reversed() {
            // The layer's input: the network input, or the previous activation rebuilt from its kept blocks.
            let keptInput = l > 0 ? kept[l - 1] + k * first * inWidth : nil
            // One block per tile: the tower rebuilt here serves the activation's pullback below.
            let towerKept = JetTileOps.towerFitsScratch(m: rows * inWidth)
            if let keptInput {
                JetTileOps.rebuild(T.self, orders: orders, kept: keptInput, into: h, m: rows * inWidth, scratch: buffers.scratch,
                                   keepingTower: towerKept)
            } else {
                layout.tiles.gather(input, width: inWidth, first: first, rows: rows, into: h)
            }
            SmallMatrixKernels.accumulateLayerGradient(h, gz, rows: k * rows, valueRows: rows, k: inWidth, n: outWidth, into: sums[l])
            // The network input's cotangent only when it is asked for.
            guard keptInput != nil || inputCotangent != nil else { break }
            SmallMatrixKernels.multiply(gz, rows: k * rows, k: outWidth, packed: transposedWeights[l], n: inWidth, into: gh)
            if let keptInput {
                JetTileOps.activationPullback(T.self, orders: orders, kept: keptInput, g: gh, into: gz, m: rows * inWidth,
                                              scratch: buffers.scratch, towerKept: towerKept)
            } else if let inputCotangent {
                layout.tiles.scatter(gh, width: inWidth, first: first, rows: rows, into: inputCotangent)
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
        let tiles: JetTiles
        /// Layer widths, input first.
        let widths: [Int]
        /// `(in, out)` of each layer.
        var sizes: [(Int, Int)] { (0..<(widths.count - 1)).map { (widths[$0], widths[$0 + 1]) } }
        /// Values in one tile buffer.
        var bufferSize: Int { tiles.components * tiles.rows * widths.max()! }

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
            self.widths = widths
            tiles = JetTiles(components: componentCount, points: stacked.shape[1],
                             rows: PerceptronJet.tileRows(components: componentCount, widest: widths.max()!))
        }
    }
}
