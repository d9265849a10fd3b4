import Foundation
import XCTest
import Autodiff
import NeuralNetworks

final class LayerTests: XCTestCase {
    let key = RandomKey(seed: 11)
    lazy var points = key.fold(in: 99).uniform([6, 2], low: -1, high: 1)

    /// k-th derivatives along v by nested reverse mode, for comparison with jets.
    func nestedReverse(_ layer: some Layer, direction v: [Double], order: Int) -> [Tensor] {
        let x = Variable.parameter(points)
        let vT = Variable(Tensor(shape: [1, v.count], scalars: v))
        var current = layer(x).sum(alongAxes: [1])
        var out: [Tensor] = []
        for _ in 0..<order {
            current = (gradients(of: current.sum(), wrt: [x], createGraph: true)[0] * vT).sum(alongAxes: [1])
            out.append(current.value)
        }
        return out
    }

    func checkJets(_ layer: some Layer, order: Int = 3, tolerance: Double = 1e-8, _ label: String) {
        let v = [0.8, 0.6]
        let jet = layer(Jet.input(Variable(points), directions: [JetDirection(v, order: order)]))
        let reference = nestedReverse(layer, direction: v, order: order)
        for k in 1...order {
            let d = jet.derivative(direction: 0, order: k).sum(alongAxes: [1]).value
            let error = (d - reference[k - 1]).maxAbs(), scale = max(1, reference[k - 1].maxAbs())
            XCTAssertLessThan(error, tolerance * scale, "\(label) order \(k)")
        }
    }

    func testJetsThroughEveryActivation() {
        for activation in Activation.allCases where activation != .relu {
            checkJets(MLP(sizes: [2, 8, 8, 1], activation: activation, key: key), order: activation == .tanh || activation == .sin ? 4 : 2, "\(activation)")
        }
    }

    func testJetsThroughModifiedMLPFourierAndPeriodicEmbedding() {
        checkJets(ModifiedMLP(inputSize: 2, width: 8, depth: 2, outputSize: 1, key: key), order: 4, "modified MLP")
        let fourier = Sequential([FourierFeatures(inputSize: 2, featureCount: 4, scale: 1.5, key: key),
                                  MLP(sizes: [8, 8, 1], key: key)])
        checkJets(fourier, order: 3, "Fourier features")
        let periodic = Sequential([PeriodicEmbedding(inputSize: 2, periods: [0: 2], harmonics: 2),
                                   MLP(sizes: [5, 8, 1], key: key)])
        checkJets(periodic, order: 4, "periodic embedding")
    }

    func testInputScalingMapsTheBoxAndCarriesTheChainRule() {
        let scaling = InputScaling(lower: [-1, 2], upper: [1, 6])
        let mapped = scaling(Tensor(shape: [3, 2], scalars: [-1, 2, 0, 4, 1, 6]))
        XCTAssertEqual(mapped.scalars, [-1, -1, 0, 0, 1, 1])
        checkJets(Sequential([scaling, MLP(sizes: [2, 8, 1], key: key)]), order: 4, "input scaling")
    }

    func testPeriodicEmbeddingIsExactlyPeriodic() {
        let periodic = Sequential([PeriodicEmbedding(inputSize: 2, periods: [0: 2], harmonics: 3),
                                   MLP(sizes: [7, 16, 1], key: key)])
        let shifted = points + Tensor(shape: [1, 2], scalars: [2, 0])
        XCTAssertLessThan((periodic(points) - periodic(shifted)).maxAbs(), 1e-13)
        let moved = points + Tensor(shape: [1, 2], scalars: [0, 2])
        XCTAssertGreaterThan((periodic(points) - periodic(moved)).maxAbs(), 1e-3, "the other axis is not periodic")
    }

    func testMLPParameterGradientMatchesFiniteDifferences() {
        let net = MLP(sizes: [2, 6, 6, 1], activation: .tanh, key: key)
        let target = Variable(points.map { Foundation.sin($0) }.sum(alongAxes: [1]))
        func loss(_ params: [Tensor]) -> Double {
            var n = net
            n.setParameterTensors(params)
            return (n(Variable(points)) - target).squared().mean().scalar
        }
        let analytic = gradients(of: (net(Variable(points)) - target).squared().mean(), wrt: net.parameters)
        for (i, p) in net.parameterTensors.enumerated() {
            var h = [Double](repeating: 0, count: p.count)
            for j in 0..<p.count {
                var plus = net.parameterTensors, minus = plus
                plus[i] = Tensor(shape: p.shape, scalars: p.scalars.enumerated().map { $0.offset == j ? $0.element + 1e-6 : $0.element })
                minus[i] = Tensor(shape: p.shape, scalars: p.scalars.enumerated().map { $0.offset == j ? $0.element - 1e-6 : $0.element })
                h[j] = (loss(plus) - loss(minus)) / 2e-6
            }
            XCTAssertLessThan((analytic[i].value - Tensor(shape: p.shape, scalars: h)).maxAbs(), 1e-8, "parameter \(i)")
        }
    }

    func testWeightFactorizationKeepsTheFunctionAndItsGradientsAreExact() {
        let plain = ModifiedMLP(inputSize: 2, width: 5, depth: 2, outputSize: 1, key: key)
        let factorized = plain.factorized(key: key.fold(in: 7))
        let jetOf = { (net: ModifiedMLP, x: Tensor) in net(Jet.input(Variable(x), directions: [JetDirection([1, 0], order: 2)])) }
        let a = jetOf(plain, points), b = jetOf(factorized, points)
        XCTAssertLessThan((a.value.value - b.value.value).maxAbs(), 1e-13)
        XCTAssertLessThan((a.derivative(direction: 0, order: 2).value - b.derivative(direction: 0, order: 2).value).maxAbs(), 1e-12)
        // One log-scale per output unit of each of the five layers.
        XCTAssertEqual(factorized.parameters.count, plain.parameters.count + 5)
        XCTAssertEqual(factorized.parameterCount, plain.parameterCount + 5 + 5 + 5 + 5 + 1)
        let scales = MLP(sizes: [2, 400, 1], key: key).factorized(key: key).layers[0].logScale!.value.scalars
        let mean = scales.reduce(0, +) / Double(scales.count)
        let sd = (scales.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(scales.count)).squareRoot()
        XCTAssertEqual(mean, 1, accuracy: 0.03)
        XCTAssertEqual(sd, 0.1, accuracy: 0.02)

        // The gradient of a loss on u and u_xx with respect to V, b and s, against central differences.
        func loss(_ net: ModifiedMLP) -> Variable {
            let jet = jetOf(net, points)
            return jet.value.squared().mean() + jet.derivative(direction: 0, order: 2).squared().mean() * 0.1
        }
        let analytic = gradients(of: loss(factorized), wrt: factorized.parameters)
        for (i, p) in factorized.parameterTensors.enumerated() {
            for j in Swift.stride(from: 0, to: p.count, by: max(1, p.count / 4)) {
                func shifted(_ h: Double) -> Double {
                    var net = factorized, tensors = net.parameterTensors
                    var scalars = tensors[i].scalars
                    scalars[j] += h
                    tensors[i] = Tensor(shape: p.shape, scalars: scalars)
                    net.setParameterTensors(tensors)
                    return loss(net).value.scalar
                }
                let numeric = (shifted(1e-6) - shifted(-1e-6)) / 2e-6
                XCTAssertEqual(analytic[i].value.scalars[j], numeric, accuracy: 1e-7 * max(1, abs(numeric)), "parameter \(i), entry \(j)")
            }
        }
    }

    func testInitialisersHaveTheirVariance() {
        let w = Initializer.glorotNormal.weights(fanIn: 200, fanOut: 300, key: key).scalars
        let variance = w.reduce(0) { $0 + $1 * $1 } / Double(w.count)
        XCTAssertEqual(variance, 2.0 / 500, accuracy: 0.05 * 2.0 / 500)
        let u = Initializer.glorotUniform.weights(fanIn: 200, fanOut: 300, key: key).scalars
        XCTAssert(u.allSatisfy { abs($0) <= (6.0 / 500).squareRoot() })
        XCTAssertEqual(MLP(sizes: [2, 20, 20, 1], key: key).parameterCount, 2 * 20 + 20 + 20 * 20 + 20 + 20 + 1)
    }
}
