import Foundation
import XCTest
import Autodiff

/// The fused network operations computing in single precision (`NetworkPrecision.float32`) against
/// the same operations in double precision.
final class SinglePrecisionNetworkTests: XCTestCase {
    typealias Network = PerceptronJetTests.Network

    func relativeDifference(_ a: Tensor, _ b: Tensor) -> Double {
        (a - b).maxAbs() / max(b.maxAbs(), 1e-300)
    }

    /// Values, the input cotangent and every parameter gradient of `network` in both precisions:
    /// close to single precision, and not identical (the single-precision path really is one).
    func compare(_ label: String, points: Variable, directions: [JetDirection], parameters: [Variable],
                 valueTolerance: Double, gradientTolerance: Double,
                 _ network: (Jet, NetworkPrecision) -> Jet) {
        let jet = Jet.input(points, directions: directions)
        let double = network(jet, .float64).stacked, single = network(jet, .float32).stacked
        let valueError = relativeDifference(single.value, double.value)
        XCTAssertLessThan(valueError, valueTolerance, "values, \(label)")
        XCTAssertGreaterThan(valueError, 1e-13, "values, \(label): the float32 path computed in double precision")
        let weights = Variable(RandomKey(seed: 9).uniform(double.shape, low: -1, high: 1))
        let wrt = [points] + parameters
        let a = gradients(of: (single * weights).sum(), wrt: wrt), b = gradients(of: (double * weights).sum(), wrt: wrt)
        for (i, (x, y)) in zip(a, b).enumerated() {
            XCTAssertLessThan(relativeDifference(x.value, y.value), gradientTolerance, "gradient \(i), \(label)")
        }
    }

    func testPerceptronInSinglePrecisionMatchesDouble() {
        // Widths below, at and above one single-precision vector (16 lanes), point counts that are not
        // multiples of the tile, orders up to four.
        let cases: [(widths: [Int], orders: [Int], points: Int, f: JetScalarFunction)] = [
            ([2, 20, 20, 20, 1], [1, 2], 1037, .tanh),
            ([2, 50, 50, 1], [2, 2], 333, .tanh),
            ([1, 13, 7, 3], [4], 211, .sin),
            ([2, 16, 16, 2], [1, 1, 1], 77, .cos),
        ]
        for (index, c) in cases.enumerated() {
            let net = Network(widths: c.widths, seed: UInt64(index))
            let points = Variable.parameter(RandomKey(seed: 100 + UInt64(index)).uniform([c.points, c.widths[0]], low: -1, high: 1))
            let directions = c.orders.enumerated().map { d, order in JetDirection.axis(d % c.widths[0], of: c.widths[0], order: order) }
            compare("case \(index)", points: points, directions: directions, parameters: net.parameters,
                    valueTolerance: 1e-5, gradientTolerance: 2e-4) { jet, precision in
                jet.perceptron(weights: net.weights, biases: net.biases, activation: c.f, precision: precision)
            }
        }
    }

    func testGatedPerceptronInSinglePrecisionMatchesDouble() {
        let cases: [(input: Int, width: Int, depth: Int, output: Int, orders: [Int], points: Int, f: JetScalarFunction)] = [
            (3, 64, 4, 1, [1, 2], 700, .tanh),     // the Allen–Cahn network
            (2, 20, 2, 2, [4], 123, .sin),
        ]
        for (index, c) in cases.enumerated() {
            let net = PerceptronJetTests.gatedNetwork(input: c.input, width: c.width, depth: c.depth, output: c.output, seed: UInt64(index))
            let points = Variable.parameter(RandomKey(seed: 200 + UInt64(index)).uniform([c.points, c.input], low: -1, high: 1))
            let directions = c.orders.enumerated().map { d, order in JetDirection.axis(d % c.input, of: c.input, order: order) }
            compare("gated case \(index)", points: points, directions: directions, parameters: net.parameters,
                    valueTolerance: 1e-5, gradientTolerance: 2e-4) { jet, precision in
                jet.gatedPerceptron(weights: net.weights, biases: net.biases, activation: c.f, precision: precision)
            }
        }
    }

    /// A differentiated backward pass is recorded in double precision, so second derivatives stay
    /// available and agree with the double-precision network to single precision (its forward pass).
    func testSecondDerivativesInSinglePrecision() {
        let net = Network(widths: [2, 12, 12, 1], seed: 3)
        let points = Variable.parameter(RandomKey(seed: 4).uniform([150, 2], low: -1, high: 1))
        let directions = [JetDirection.axis(0, of: 2, order: 2)]
        func gradientNormGradient(_ precision: NetworkPrecision) -> [Tensor] {
            let u = Jet.input(points, directions: directions)
                .perceptron(weights: net.weights, biases: net.biases, activation: .tanh, precision: precision).stacked
            let first = gradients(of: u.squared().sum(), wrt: net.parameters, createGraph: true)
            let norm = first.dropFirst().reduce(first[0].squared().sum()) { $0 + $1.squared().sum() }
            return gradients(of: norm, wrt: net.parameters).map(\.value)
        }
        for (i, (a, b)) in zip(gradientNormGradient(.float32), gradientNormGradient(.float64)).enumerated() {
            XCTAssertLessThan(relativeDifference(a, b), 1e-4, "parameter \(i)")
        }
    }

    func testSixteenLaneSinglePrecisionTanh() {
        let key = RandomKey(seed: 5)
        let samples = (key.uniform([20_000], low: -30, high: 30).scalars + key.fold(in: 1).uniform([20_000], low: -1, high: 1).scalars
            + [0, 1e-30, -1e-30, 1e-6, -1e-6, 0.17, 0.35, 9.9, 10, 10.1, 20, -20, 1e30, -1e30]).map { Float($0) }
        var worst = 0.0
        for start in stride(from: 0, to: samples.count - 15, by: 16) {
            let lanes = FastMath.tanh(SIMD16(samples[start..<(start + 16)]))
            for i in 0..<16 {
                let t = Foundation.tanh(Double(samples[start + i]))
                worst = max(worst, t == 0 ? abs(Double(lanes[i])) : abs(Double(lanes[i]) - t) / abs(t))
            }
        }
        XCTAssertLessThan(worst, 4 * Double(Float.ulpOfOne))   // a few ulp of single precision
        var special = SIMD16<Float>(repeating: 0.5)
        special[0] = .infinity; special[1] = -.infinity; special[2] = .nan; special[3] = -0.0; special[4] = 1000
        let t = FastMath.tanh(special)
        XCTAssertEqual(t[0], 1)
        XCTAssertEqual(t[1], -1)
        XCTAssert(t[2].isNaN)
        XCTAssertEqual(t[3], 0)
        XCTAssertEqual(t[3].sign, .minus)
        XCTAssertEqual(t[4], 1)
        XCTAssertEqual(Double(t[5]), Foundation.tanh(0.5), accuracy: 1e-7)
    }
}
