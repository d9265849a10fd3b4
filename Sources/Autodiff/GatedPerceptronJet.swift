import Foundation

/// The gated network of Wang, Teng & Perdikaris (the modified MLP) applied to a stacked jet as one
/// operation, tile by tile like `PerceptronJet`:
///
/// `U = f(x W_u + b_u)`, `V = f(x W_v + b_v)`, `h₀ = x`, then for each hidden layer
/// `hᵢ₊₁ = V + f(hᵢ Wᵢ + bᵢ) ⊙ (U − V)` (products of jets by Leibniz's rule), and a linear output
/// `h_d W_o + b_o`.
///
/// The forward pass keeps the pre-activations of `U`, `V` and every hidden layer (for tanh with the
/// activation values in block 0). The backward pass rebuilds, per tile, `U`, `V`, each gate and each
/// layer input from them, and runs the reverse sweep with the gradients of `U` and `V` summed over all
/// layers in cache. When the backward pass is recorded, the pullback is the chain of the layer
/// primitives' pullbacks on a recorded replay.
///
/// `precision` works as in `PerceptronJet`.
///
/// Inputs: `[stacked, W_u, b_u, W_v, b_v, W₀, b₀, …, W_{d−1}, b_{d−1}, W_o, b_o]`.
final class GatedPerceptronJet: DifferentiableOperation, @unchecked Sendable {
    let activation: JetScalarFunction
    let orders: [Int]
    let precision: NetworkPrecision
    let gateTerms: JetTileOps.GateTerms
    /// Kept pre-activations `[K, n, w]` in tile order, in `precision`: U, V, then the hidden layers.
    private var kept = KeptBlocks()

    var name: String { "gated_perceptron_jet" }

    /// Whether the forward pass keeps what the pullback needs: only when some input requires a
    /// gradient (an evaluation alone keeps nothing, so its memory stays that of one tile per thread).
    let keepsForPullback: Bool

    init(activation: JetScalarFunction, orders: [Int], precision: NetworkPrecision = .float64, keepsForPullback: Bool = true) {
        self.activation = activation
        self.orders = orders
        self.precision = precision
        self.keepsForPullback = keepsForPullback
        gateTerms = JetTileOps.GateTerms(orders: orders)
    }

    deinit { kept.deallocate() }

    /// Shapes of one application. Layers in input order: U, V, the hidden layers, the output.
    struct Shape {
        let tiles: JetTiles
        let input: Int, width: Int, output: Int, depth: Int

        init(inputs x: [Tensor], componentCount: Int) {
            precondition(x.count >= 9 && x.count % 2 == 1, "gated_perceptron_jet needs a jet and at least four (weight, bias) pairs, got \(x.count) inputs")
            let stacked = x[0]
            precondition(stacked.rank == 3 && stacked.shape[0] == componentCount,
                         "gated_perceptron_jet: the jet has shape \(stacked.shape), expected [\(componentCount), n, w]")
            input = stacked.shape[2]
            width = x[1].shape.count == 2 ? x[1].shape[1] : 0
            depth = (x.count - 7) / 2
            output = x[x.count - 2].shape.count == 2 ? x[x.count - 2].shape[1] : 0
            let (i, w, o) = (input, width, output)
            for (l, sizes) in Shape.layerSizes(input: i, width: w, output: o, depth: depth).enumerated() {
                let (weight, bias) = (x[1 + 2 * l], x[2 + 2 * l])
                precondition(weight.shape == [sizes.0, sizes.1] && bias.shape == [sizes.1],
                             "gated_perceptron_jet: layer \(l) needs W [\(sizes.0), \(sizes.1)] and b [\(sizes.1)], got \(weight.shape) and \(bias.shape)")
            }
            tiles = JetTiles(components: componentCount, points: stacked.shape[1],
                             rows: max(4, 4096 / max(1, componentCount * max(i, w, o)) / 4 * 4))
        }

        /// `(in, out)` of each layer in input order.
        static func layerSizes(input: Int, width: Int, output: Int, depth: Int) -> [(Int, Int)] {
            [(input, width), (input, width)] + (0..<depth).map { ($0 == 0 ? input : width, width) } + [(width, output)]
        }

        var layerSizes: [(Int, Int)] { Shape.layerSizes(input: input, width: width, output: output, depth: depth) }
        var widest: Int { max(input, width, output) }
        /// Values in one tile buffer.
        var bufferSize: Int { tiles.components * tiles.rows * widest }
    }

    func forward(_ x: [Tensor]) -> Tensor {
        switch precision {
        case .float64: return forward(x, in: Double.self)
        case .float32: return forward(x, in: Float.self)
        }
    }

    private func forward<S: KernelScalar>(_ x: [Tensor], in _: S.Type) -> Tensor {
        let shape = Shape(inputs: x, componentCount: 1 + orders.reduce(0, +))
        let (k, n) = (shape.tiles.components, shape.tiles.points)
        let packed = SmallMatrixKernels.packLayers(x, sizes: shape.layerSizes, transposed: false, as: S.self)
        let biases = SmallMatrixKernels.copyBiases(x, sizes: shape.layerSizes, as: S.self)
        defer { packed.forEach { $0.deallocate() }; biases.forEach { $0.deallocate() } }
        kept.reallocate(S.self, counts: Array(repeating: k * n * shape.width, count: shape.depth + 2), points: n, keep: keepsForPullback)
        let weights = UncheckedSendable(packed.map { UnsafePointer($0) }), bias = UncheckedSendable(biases.map { UnsafePointer($0) })
        let keptBlocks = UncheckedSendable(kept.typed(S.self))
        return shape.tiles.produce(outputWidth: shape.output, from: x[0], perChunk: PerceptronJet.tilesPerChunk(shape.tiles.count),
                                   buffers: 7, bufferSize: shape.bufferSize) { (tile, input, _, out, buffers: TileScratch<S>, _) in
            switch activation {
            case .tanh: forwardTile(TanhTower.self, tile, shape, input, weights.value, bias.value, keptBlocks.value, out, buffers)
            case .sin: forwardTile(SinTower.self, tile, shape, input, weights.value, bias.value, keptBlocks.value, out, buffers)
            case .cos: forwardTile(CosTower.self, tile, shape, input, weights.value, bias.value, keptBlocks.value, out, buffers)
            }
        }
    }

    private func forwardTile<T: ScalarTower, S: KernelScalar>(_: T.Type, _ tile: Int, _ shape: Shape, _ input: UnsafePointer<Double>,
                                                              _ weights: [UnsafePointer<S>], _ biases: [UnsafePointer<S>],
                                                              _ kept: [UnsafeMutablePointer<S>], _ output: UnsafeMutablePointer<Double>,
                                                              _ buffers: TileScratch<S>) {
        let (k, w) = (shape.tiles.components, shape.width)
        let (first, rows) = shape.tiles.range(of: tile)
        let x = buffers[0], u = buffers[1], v = buffers[2], gap = buffers[3], z = buffers[4], h = buffers[5]
        let m = rows * w
        shape.tiles.gather(input, width: shape.input, first: first, rows: rows, into: x)
        // Without a pullback to come, every pre-activation goes through one tile buffer.
        let keep = kept.isEmpty ? [UnsafeMutablePointer<S>](repeating: buffers[6], count: shape.depth + 2) : kept.map { $0 + k * first * w }
        // A hidden pre-activation straight into its kept block, then the activation into `into`.
        func layer(_ l: Int, from source: UnsafePointer<S>, inWidth: Int, keptAs block: UnsafeMutablePointer<S>,
                   into activated: UnsafeMutablePointer<S>) {
            SmallMatrixKernels.affine(source, rows: k * rows, valueRows: rows, k: inWidth, packed: weights[l], bias: biases[l], n: w, into: block)
            JetTileOps.activate(T.self, orders: orders, kept: block, into: activated, m: m, scratch: buffers.scratch)
        }
        layer(0, from: x, inWidth: shape.input, keptAs: keep[0], into: u)
        layer(1, from: x, inWidth: shape.input, keptAs: keep[1], into: v)
        JetTileOps.subtract(u, v, into: gap, count: k * m)
        var source = UnsafePointer(x), inWidth = shape.input
        for i in 0..<shape.depth {
            layer(2 + i, from: source, inWidth: inWidth, keptAs: keep[2 + i], into: z)
            JetTileOps.gate(gateTerms, z: z, gap: gap, v: v, into: h, m: m)
            source = UnsafePointer(h)
            inWidth = w
        }
        let out = buffers[4]   // z is free now
        SmallMatrixKernels.affine(h, rows: k * rows, valueRows: rows, k: w, packed: weights[2 + shape.depth],
                                  bias: biases[2 + shape.depth], n: shape.output, into: out)
        shape.tiles.scatter(out, width: shape.output, first: first, rows: rows, into: output)
    }

    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        pullback(g, inputs: x, output: output, needed: x.map { _ in true })
    }

    /// Skips the backward products into the input (the encoders' and the first hidden layer's) when
    /// the input jet's cotangent is not needed.
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable, needed: [Bool]) -> [Variable?] {
        if g.requiresGradient || x.contains(where: \.requiresGradient) { return recordedPullback(g, inputs: x) }
        let needsInput = needed.first ?? true
        return JetTiles.cotangents(fusedPullback(g.value, inputs: x.map(\.value), inputCotangent: needsInput), inputNeeded: needsInput)
    }

    private func fusedPullback(_ g: Tensor, inputs x: [Tensor], inputCotangent: Bool) -> [Tensor] {
        switch precision {
        case .float64: return fusedPullback(g, inputs: x, inputCotangent: inputCotangent, in: Double.self)
        case .float32: return fusedPullback(g, inputs: x, inputCotangent: inputCotangent, in: Float.self)
        }
    }

    private func fusedPullback<S: KernelScalar>(_ g: Tensor, inputs x: [Tensor], inputCotangent needsInput: Bool, in _: S.Type) -> [Tensor] {
        let shape = Shape(inputs: x, componentCount: 1 + orders.reduce(0, +))
        precondition(kept.points == shape.tiles.points, "gated_perceptron_jet: pullback without its forward pass")
        let sizes = shape.layerSizes
        let packed = SmallMatrixKernels.packLayers(x, sizes: sizes, transposed: true, as: S.self)
        defer { packed.forEach { $0.deallocate() } }
        let sums = ParameterGradientSums<S>(sizes: sizes, chunks: shape.tiles.count, perChunk: PerceptronJet.tilesPerChunk(shape.tiles.count))
        defer { sums.deallocate() }
        let weights = UncheckedSendable(packed.map { UnsafePointer($0) })
        let keptBlocks = UncheckedSendable(kept.typed(S.self).map { UnsafePointer($0) })
        let inputCotangent = shape.tiles.produce(outputWidth: shape.input, from: x[0], and: g, perChunk: sums.perChunk,
                                                 buffers: 12, bufferSize: shape.bufferSize) { (tile, input, cotangent, out, buffers: TileScratch<S>, chunk) in
            let target = needsInput ? out : nil
            switch activation {
            case .tanh: backwardTile(TanhTower.self, tile, shape, input, cotangent, weights.value, keptBlocks.value, sums.slices(chunk: chunk), target, buffers)
            case .sin: backwardTile(SinTower.self, tile, shape, input, cotangent, weights.value, keptBlocks.value, sums.slices(chunk: chunk), target, buffers)
            case .cos: backwardTile(CosTower.self, tile, shape, input, cotangent, weights.value, keptBlocks.value, sums.slices(chunk: chunk), target, buffers)
            }
        }
        return [inputCotangent] + sums.totals()
    }

    private func backwardTile<T: ScalarTower, S: KernelScalar>(_: T.Type, _ tile: Int, _ shape: Shape, _ input: UnsafePointer<Double>,
                                                               _ g: UnsafePointer<Double>, _ transposedWeights: [UnsafePointer<S>],
                                                               _ kept: [UnsafePointer<S>], _ sums: [UnsafeMutablePointer<S>],
                                                               _ inputCotangent: UnsafeMutablePointer<Double>?, _ buffers: TileScratch<S>) {
        let (k, w, depth) = (shape.tiles.components, shape.width, shape.depth)
        let (first, rows) = shape.tiles.range(of: tile)
        let m = rows * w, count = k * m
        let x = buffers[0], u = buffers[1], v = buffers[2], gap = buffers[3], z = buffers[4], h = buffers[5]
        let gh = buffers[6], gv = buffers[7], gGap = buffers[8], gz = buffers[9], gPre = buffers[10], gx = buffers[11]
        let keep = kept.map { $0 + k * first * w }
        shape.tiles.gather(input, width: shape.input, first: first, rows: rows, into: x)
        JetTileOps.rebuild(T.self, orders: orders, kept: keep[0], into: u, m: m, scratch: buffers.scratch)
        JetTileOps.rebuild(T.self, orders: orders, kept: keep[1], into: v, m: m, scratch: buffers.scratch)
        JetTileOps.subtract(u, v, into: gap, count: count)
        // One block per tile: the tower rebuilt for a gate activation serves its pullback, which comes
        // next for that block (nothing in between uses the scratch).
        let towerKept = JetTileOps.towerFitsScratch(m: m)
        /// The input of hidden layer `i` into `h` (for i > 0 through the gate of layer i − 1, whose
        /// activation is left in `z`).
        func layerInput(_ i: Int) -> UnsafePointer<S> {
            guard i > 0 else { return UnsafePointer(x) }
            JetTileOps.rebuild(T.self, orders: orders, kept: keep[1 + i], into: z, m: m, scratch: buffers.scratch, keepingTower: towerKept)
            JetTileOps.gate(gateTerms, z: z, gap: gap, v: v, into: h, m: m)
            return UnsafePointer(h)
        }
        // Output layer.
        let go = gPre
        shape.tiles.gather(g, width: shape.output, first: first, rows: rows, into: go)
        let top = layerInput(depth)
        SmallMatrixKernels.accumulateLayerGradient(top, go, rows: k * rows, valueRows: rows, k: w, n: shape.output, into: sums[2 + depth])
        SmallMatrixKernels.multiply(go, rows: k * rows, k: shape.output, packed: transposedWeights[2 + depth], n: w, into: gh)
        gv.initialize(repeating: 0, count: count)
        gGap.initialize(repeating: 0, count: count)
        // Hidden layers, top down; `gh` holds the cotangent of hᵢ₊₁ and `z` the gate activation fᵢ.
        for i in (0..<depth).reversed() {
            JetTileOps.add(gh, into: gv, count: count)
            JetTileOps.gatePullback(gateTerms, g: gh, z: z, gap: gap, gateCotangent: gz, gapCotangent: gGap, m: m)
            JetTileOps.activationPullback(T.self, orders: orders, kept: keep[2 + i], g: gz, into: gPre, m: m, scratch: buffers.scratch,
                                          towerKept: towerKept)
            let inWidth = i == 0 ? shape.input : w
            let below = layerInput(i)
            SmallMatrixKernels.accumulateLayerGradient(below, gPre, rows: k * rows, valueRows: rows, k: inWidth, n: w, into: sums[2 + i])
            // Into the input only when its cotangent is asked for.
            if i > 0 || inputCotangent != nil {
                SmallMatrixKernels.multiply(gPre, rows: k * rows, k: w, packed: transposedWeights[2 + i], n: inWidth, into: i == 0 ? gx : gh)
            }
        }
        // The encoders: ∂/∂U = Σ gap cotangents, ∂/∂V = Σ layer cotangents − ∂/∂U.
        JetTileOps.subtract(gv, gGap, into: gv, count: count)
        for (l, cotangent) in [(0, gGap), (1, gv)] {
            JetTileOps.activationPullback(T.self, orders: orders, kept: keep[l], g: cotangent, into: gPre, m: m, scratch: buffers.scratch)
            SmallMatrixKernels.accumulateLayerGradient(x, gPre, rows: k * rows, valueRows: rows, k: shape.input, n: w, into: sums[l])
            guard inputCotangent != nil else { continue }
            SmallMatrixKernels.multiply(gPre, rows: k * rows, k: w, packed: transposedWeights[l], n: shape.input, into: gz)
            JetTileOps.add(gz, into: gx, count: k * rows * shape.input)
        }
        if let inputCotangent { shape.tiles.scatter(gx, width: shape.input, first: first, rows: rows, into: inputCotangent) }
    }

    /// The pullback as a chain of recorded primitive pullbacks on a replay of the network.
    private func recordedPullback(_ g: Variable, inputs x: [Variable]) -> [Variable?] {
        let depth = (x.count - 7) / 2
        let act = ActivationJet(function: activation, orders: orders)
        let product = StackedBilinear.leibniz(orders: orders, adding: true)
        func affine(_ h: Variable, _ l: Int) -> Variable { Variable.apply(JetAffine(), to: [h, x[1 + 2 * l], x[2 + 2 * l]]) }
        let preU = affine(x[0], 0), preV = affine(x[0], 1)
        let u = Variable.apply(act, to: [preU]), v = Variable.apply(act, to: [preV])
        let gap = u - v
        var layerInputs = [x[0]], pre: [Variable] = [], gates: [Variable] = []
        for i in 0..<depth {
            pre.append(affine(layerInputs[i], 2 + i))
            gates.append(Variable.apply(act, to: [pre[i]]))
            layerInputs.append(Variable.apply(product, to: [gates[i], gap, v]))
        }
        var cotangents = [Variable?](repeating: nil, count: x.count)
        func accumulate(_ index: Int, _ c: Variable?) {
            guard let c else { return }
            cotangents[index] = cotangents[index].map { $0 + c } ?? c
        }
        let outputLayer = 2 + depth
        let outputAffine = JetAffine().pullback(g, inputs: [layerInputs[depth], x[1 + 2 * outputLayer], x[2 + 2 * outputLayer]],
                                                output: affine(layerInputs[depth], outputLayer))
        accumulate(1 + 2 * outputLayer, outputAffine[1]); accumulate(2 + 2 * outputLayer, outputAffine[2])
        var upstream = outputAffine[0]!
        var gU: Variable? = nil, gV: Variable? = nil
        func add(_ a: Variable?, _ b: Variable?) -> Variable? { a.map { a in b.map { a + $0 } ?? a } ?? b }
        for i in (0..<depth).reversed() {
            let gate = product.pullback(upstream, inputs: [gates[i], gap, v], output: layerInputs[i + 1])
            gU = add(gU, gate[1]); gV = add(gV, gate[1].map { -$0 }); gV = add(gV, gate[2])
            let gPre = act.pullback(gate[0]!, inputs: [pre[i]], output: gates[i])[0]!
            let layer = JetAffine().pullback(gPre, inputs: [layerInputs[i], x[5 + 2 * i], x[6 + 2 * i]], output: pre[i])
            accumulate(5 + 2 * i, layer[1]); accumulate(6 + 2 * i, layer[2])
            if i == 0 { accumulate(0, layer[0]) } else { upstream = layer[0]! }
        }
        for (l, (cotangent, preActivation, activated)) in [(gU, preU, u), (gV, preV, v)].enumerated() {
            guard let cotangent else { continue }
            let gPre = act.pullback(cotangent, inputs: [preActivation], output: activated)[0]!
            let encoder = JetAffine().pullback(gPre, inputs: [x[0], x[1 + 2 * l], x[2 + 2 * l]], output: preActivation)
            accumulate(0, encoder[0]); accumulate(1 + 2 * l, encoder[1]); accumulate(2 + 2 * l, encoder[2])
        }
        return cotangents
    }
}
