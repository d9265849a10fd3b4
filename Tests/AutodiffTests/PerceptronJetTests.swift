import Foundation
import XCTest
import Autodiff

/// The fused network operation (`Jet.perceptron`) against the same network chained layer by layer.
final class PerceptronJetTests: XCTestCase {
    struct Network {
        let weights: [Variable]
        let biases: [Variable]

        init(weights: [Variable], biases: [Variable]) {
            self.weights = weights
            self.biases = biases
        }

        init(widths: [Int], seed: UInt64) {
            let key = RandomKey(seed: seed)
            var weights: [Variable] = [], biases: [Variable] = []
            for l in 0..<(widths.count - 1) {
                let scale = 1.2 / Double(widths[l]).squareRoot()
                let w: Tensor = key.fold(in: 2 * l).normal([widths[l], widths[l + 1]]) * scale
                weights.append(.parameter(w))
                biases.append(.parameter(key.fold(in: 2 * l + 1).uniform([widths[l + 1]], low: -0.5, high: 0.5)))
            }
            self.weights = weights
            self.biases = biases
        }

        var parameters: [Variable] { weights + biases }

        func fused(_ jet: Jet, _ f: JetScalarFunction) -> Jet { jet.perceptron(weights: weights, biases: biases, activation: f) }

        func chained(_ jet: Jet, _ f: JetScalarFunction) -> Jet {
            var h = jet
            for l in weights.indices {
                h = h.affine(weight: weights[l], bias: biases[l])
                if l < weights.count - 1 {
                    switch f {
                    case .tanh: h = h.tanh()
                    case .sin: h = h.sin()
                    case .cos: h = h.cos()
                    }
                }
            }
            return h
        }
    }

    /// Relative difference of two tensors, by their largest entry.
    func relativeDifference(_ a: Tensor, _ b: Tensor) -> Double {
        (a - b).maxAbs() / max(b.maxAbs(), 1e-300)
    }

    func testValuesAndGradientsEqualTheLayerByLayerChain() {
        // Point counts that are not multiples of the tile, widths below and above one vector (8), up to
        // 50, and the orders of Burgers (t: 1, x: 2), a fourth-order direction, and a plain evaluation.
        let cases: [(widths: [Int], orders: [Int], points: Int, f: JetScalarFunction)] = [
            ([2, 20, 20, 20, 1], [1, 2], 1037, .tanh),
            ([2, 50, 50, 1], [2, 2], 333, .tanh),
            ([1, 13, 7, 3], [4], 211, .sin),
            ([3, 9, 2], [], 2500, .tanh),
            ([2, 16, 16, 2], [1, 1, 1], 77, .cos),
        ]
        for (index, c) in cases.enumerated() {
            let key = RandomKey(seed: 100 + UInt64(index))
            let net = Network(widths: c.widths, seed: UInt64(index))
            let points = Variable.parameter(key.uniform([c.points, c.widths[0]], low: -1, high: 1))
            let directions = c.orders.enumerated().map { d, order in JetDirection.axis(d % c.widths[0], of: c.widths[0], order: order) }
            let jet = Jet.input(points, directions: directions)
            let fused = net.fused(jet, c.f).stacked, chained = net.chained(jet, c.f).stacked
            XCTAssertLessThan(relativeDifference(fused.value, chained.value), 1e-13, "values, case \(index)")
            // An evaluation without gradients keeps nothing for a pullback and gives the same values.
            let constants = Network(weights: net.weights.map { Variable($0.value) }, biases: net.biases.map { Variable($0.value) })
            let evaluated = constants.fused(Jet.input(Variable(points.value), directions: directions), c.f).stacked
            XCTAssertFalse(evaluated.requiresGradient)
            XCTAssertEqual(evaluated.value, fused.value, "evaluation, case \(index)")
            let weights = Variable(key.fold(in: 9).uniform(fused.shape, low: -1, high: 1))
            let wrt = [points] + net.parameters
            let fusedGradients = gradients(of: (fused * weights).sum(), wrt: wrt)
            let chainedGradients = gradients(of: (chained * weights).sum(), wrt: wrt)
            for (i, (a, b)) in zip(fusedGradients, chainedGradients).enumerated() {
                XCTAssertLessThan(relativeDifference(a.value, b.value), 1e-12, "gradient \(i), case \(index)")
            }
        }
    }

    func testParameterGradientsWithoutTheInputCotangent() {
        // Constant points (a PINN's coordinates): the fused pullback skips the first layer's backward
        // product, and the parameter gradients still equal the chain's.
        for (index, widths) in [[2, 32, 32, 32, 1], [3, 20, 7, 2]].enumerated() {
            let key = RandomKey(seed: 300 + UInt64(index))
            let net = Network(widths: widths, seed: 30 + UInt64(index))
            let points = Variable(key.uniform([517, widths[0]], low: -1, high: 1))
            let directions = [JetDirection.axis(0, of: widths[0], order: 1), JetDirection.axis(1, of: widths[0], order: 2)]
            let jet = Jet.input(points, directions: directions)
            let fused = net.fused(jet, .tanh).stacked, chained = net.chained(jet, .tanh).stacked
            let weights = Variable(key.fold(in: 9).uniform(fused.shape, low: -1, high: 1))
            let fusedGradients = gradients(of: (fused * weights).sum(), wrt: net.parameters)
            let chainedGradients = gradients(of: (chained * weights).sum(), wrt: net.parameters)
            for (i, (a, b)) in zip(fusedGradients, chainedGradients).enumerated() {
                XCTAssertLessThan(relativeDifference(a.value, b.value), 1e-12, "parameter gradient \(i), case \(index)")
            }
        }
    }

    func testSecondDerivativesThroughTheRecordedPullback() {
        // The squared norm of the parameter gradient, differentiated again: the fused operation's
        // recorded pullback against the chain's.
        let net = Network(widths: [2, 12, 12, 1], seed: 7)
        let points = Variable(RandomKey(seed: 3).uniform([150, 2], low: -1, high: 1))
        let jet = Jet.input(points, directions: [.axis(0, of: 2, order: 1), .axis(1, of: 2, order: 2)])
        func gradientNormGradient(_ network: (Jet) -> Jet) -> [Tensor] {
            let out = network(jet).stacked
            let first = gradients(of: out.squared().sum(), wrt: net.parameters, createGraph: true)
            let norm = first.map { $0.squared().sum() }.reduce(Variable(0), +)
            return gradients(of: norm, wrt: net.parameters).map(\.value)
        }
        let fused = gradientNormGradient { net.fused($0, .tanh) }, chained = gradientNormGradient { net.chained($0, .tanh) }
        for (i, (a, b)) in zip(fused, chained).enumerated() {
            XCTAssertLessThan(relativeDifference(a, b), 1e-12, "parameter \(i)")
        }
    }

    func testAgainstFiniteDifferences() {
        let net = Network(widths: [2, 6, 5, 1], seed: 11)
        let points = RandomKey(seed: 5).uniform([9, 2], low: -1, high: 1)
        let directions = [JetDirection.axis(0, of: 2, order: 2), .axis(1, of: 2, order: 1)]
        checkDerivatives("perceptron wrt points", at: points) { p in
            Jet.input(p, directions: directions).perceptron(weights: net.weights, biases: net.biases, activation: .tanh).stacked
        }
        checkDerivatives("perceptron wrt first weight", at: net.weights[1].value) { w in
            var weights = net.weights
            weights[1] = w
            return Jet.input(Variable(points), directions: directions).perceptron(weights: weights, biases: net.biases, activation: .sin).stacked
        }
    }

    /// The gated network (modified MLP) composed from layer primitives: the reference for the fused one.
    func gatedChain(_ jet: Jet, _ net: Network, _ f: JetScalarFunction) -> Jet {
        func act(_ j: Jet) -> Jet { f == .tanh ? j.tanh() : (f == .sin ? j.sin() : j.cos()) }
        let (w, b) = (net.weights, net.biases)
        let u = act(jet.affine(weight: w[0], bias: b[0])), v = act(jet.affine(weight: w[1], bias: b[1]))
        let gap = u - v
        var h = jet
        for i in 2..<(w.count - 1) { h = Jet.product(act(h.affine(weight: w[i], bias: b[i])), gap, adding: v) }
        return h.affine(weight: w.last!, bias: b.last!)
    }

    /// Widths of a gated network's layers in `gatedPerceptron` order: U, V, hidden layers, output.
    static func gatedWidths(input: Int, width: Int, depth: Int, output: Int) -> [[Int]] {
        [[input, width], [input, width]] + (0..<depth).map { [$0 == 0 ? input : width, width] } + [[width, output]]
    }

    static func gatedNetwork(input: Int, width: Int, depth: Int, output: Int, seed: UInt64) -> Network {
        let layers = Self.gatedWidths(input: input, width: width, depth: depth, output: output).enumerated().map { l, size in
            Network(widths: size, seed: seed * 100 + UInt64(l))
        }
        return Network(weights: layers.map { $0.weights[0] }, biases: layers.map { $0.biases[0] })
    }

    func testGatedValuesAndGradientsEqualTheComposition() {
        let cases: [(input: Int, width: Int, depth: Int, output: Int, orders: [Int], points: Int, f: JetScalarFunction)] = [
            (3, 64, 4, 1, [1, 2], 700, .tanh),     // the Allen–Cahn network
            (2, 20, 2, 2, [4], 123, .sin),
            (2, 12, 1, 1, [], 900, .tanh),
        ]
        for (index, c) in cases.enumerated() {
            let net = Self.gatedNetwork(input: c.input, width: c.width, depth: c.depth, output: c.output, seed: UInt64(index))
            let points = Variable.parameter(RandomKey(seed: 200 + UInt64(index)).uniform([c.points, c.input], low: -1, high: 1))
            let directions = c.orders.enumerated().map { d, order in JetDirection.axis(d % c.input, of: c.input, order: order) }
            let jet = Jet.input(points, directions: directions)
            let fused = jet.gatedPerceptron(weights: net.weights, biases: net.biases, activation: c.f).stacked
            let composed = gatedChain(jet, net, c.f).stacked
            XCTAssertLessThan(relativeDifference(fused.value, composed.value), 1e-13, "values, case \(index)")
            let constantWeights = net.weights.map { Variable($0.value) }, constantBiases = net.biases.map { Variable($0.value) }
            let evaluated = Jet.input(Variable(points.value), directions: directions)
                .gatedPerceptron(weights: constantWeights, biases: constantBiases, activation: c.f).stacked
            XCTAssertEqual(evaluated.value, fused.value, "evaluation, case \(index)")
            let weights = Variable(RandomKey(seed: 9).uniform(fused.shape, low: -1, high: 1))
            let wrt = [points] + net.parameters
            let a = gradients(of: (fused * weights).sum(), wrt: wrt), b = gradients(of: (composed * weights).sum(), wrt: wrt)
            for (i, (x, y)) in zip(a, b).enumerated() {
                XCTAssertLessThan(relativeDifference(x.value, y.value), 1e-12, "gradient \(i), case \(index)")
            }
        }
    }

    func testGatedParameterGradientsWithoutTheInputCotangent() {
        // Constant points: the fused pullback skips the products into the input (encoders and first
        // hidden layer), and the parameter gradients still equal the composition's.
        let net = Self.gatedNetwork(input: 3, width: 24, depth: 2, output: 1, seed: 8)
        let points = Variable(RandomKey(seed: 81).uniform([301, 3], low: -1, high: 1))
        let directions = [JetDirection.axis(0, of: 3, order: 1), JetDirection.axis(1, of: 3, order: 2)]
        let jet = Jet.input(points, directions: directions)
        let fused = jet.gatedPerceptron(weights: net.weights, biases: net.biases, activation: .tanh).stacked
        let composed = gatedChain(jet, net, .tanh).stacked
        let weights = Variable(RandomKey(seed: 82).uniform(fused.shape, low: -1, high: 1))
        let a = gradients(of: (fused * weights).sum(), wrt: net.parameters)
        let b = gradients(of: (composed * weights).sum(), wrt: net.parameters)
        for (i, (x, y)) in zip(a, b).enumerated() {
            XCTAssertLessThan(relativeDifference(x.value, y.value), 1e-12, "parameter gradient \(i)")
        }
    }

    func testGatedSecondDerivativesAndFiniteDifferences() {
        let net = Self.gatedNetwork(input: 2, width: 10, depth: 2, output: 1, seed: 5)
        let points = Variable(RandomKey(seed: 4).uniform([60, 2], low: -1, high: 1))
        let jet = Jet.input(points, directions: [.axis(0, of: 2, order: 1), .axis(1, of: 2, order: 2)])
        func gradientNormGradient(_ network: (Jet) -> Jet) -> [Tensor] {
            let first = gradients(of: network(jet).stacked.squared().sum(), wrt: net.parameters, createGraph: true)
            return gradients(of: first.map { $0.squared().sum() }.reduce(Variable(0), +), wrt: net.parameters).map(\.value)
        }
        let fused = gradientNormGradient { $0.gatedPerceptron(weights: net.weights, biases: net.biases, activation: .tanh) }
        let composed = gradientNormGradient { self.gatedChain($0, net, .tanh) }
        for (i, (a, b)) in zip(fused, composed).enumerated() {
            XCTAssertLessThan(relativeDifference(a, b), 1e-12, "parameter \(i)")
        }
        let small = Self.gatedNetwork(input: 2, width: 5, depth: 2, output: 1, seed: 6)
        let p = RandomKey(seed: 8).uniform([7, 2], low: -1, high: 1)
        checkDerivatives("gated wrt points", at: p) { q in
            Jet.input(q, directions: [.axis(0, of: 2, order: 2)]).gatedPerceptron(weights: small.weights, biases: small.biases, activation: .tanh).stacked
        }
        checkDerivatives("gated wrt a hidden weight", at: small.weights[3].value) { w in
            var weights = small.weights
            weights[3] = w
            return Jet.input(Variable(p), directions: [.axis(1, of: 2, order: 1)]).gatedPerceptron(weights: weights, biases: small.biases, activation: .sin).stacked
        }
    }
}
