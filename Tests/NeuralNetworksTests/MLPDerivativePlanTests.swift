import Foundation
import XCTest
import Autodiff
import NeuralNetworks

final class MLPDerivativePlanTests: XCTestCase {
    /// The partials a Burgers residual needs, through a deep MLP, against nested reverse mode.
    func testBurgersPartialsThroughDeepMLP() {
        let net = MLP(sizes: [2] + Array(repeating: 20, count: 8) + [1], activation: .tanh, key: RandomKey(seed: 0))
        let points = RandomKey(seed: 1).uniform([10_000, 2], low: -1, high: 1)
        let plan = DerivativePlan(dimension: 2, partials: [[1, 0], [2, 0], [0, 1]])
        let table = plan.evaluate({ net($0) }, at: Variable(points))
        let x = Variable.parameter(points)
        let u = net(x)
        let g = gradients(of: u.sum(), wrt: [x], createGraph: true)[0]
        let uxx = gradients(of: g.slice(0..<1, alongAxis: 1).sum(), wrt: [x])[0].value.slice(0..<1, alongAxis: 1)
        func close(_ a: Tensor, _ b: Tensor, _ label: String) {
            XCTAssertLessThan((a - b).maxAbs(), 1e-10 * max(1, b.maxAbs()), label)
        }
        close(table.value.value, u.value, "u")
        close(table[[1, 0]].value, g.value.slice(0..<1, alongAxis: 1), "u_x")
        close(table[[0, 1]].value, g.value.slice(1..<2, alongAxis: 1), "u_t")
        close(table[[2, 0]].value, uxx, "u_xx")
    }

    /// Large batches run through the parallel, chunked kernels; the loss and gradient of the same
    /// inputs must be bitwise identical from one evaluation to the next.
    func testLossAndGradientAreBitwiseReproducible() {
        let net = MLP(sizes: [2, 20, 20, 20, 1], activation: .tanh, key: RandomKey(seed: 5))
        let points = RandomKey(seed: 6).uniform([10_000, 2], low: -1, high: 1)
        let plan = DerivativePlan(dimension: 2, partials: [[1, 0], [2, 0], [0, 1]])
        func lossAndGradient() -> (Double, [Tensor]) {
            let d = plan.evaluate({ net($0) }, at: Variable(points))
            let loss = (d[[0, 1]] + d.value * d[[1, 0]] - d[[2, 0]] * 0.003).squared().mean()
            return (loss.scalar, gradients(of: loss, wrt: net.parameters).map(\.value))
        }
        let (l1, g1) = lossAndGradient(), (l2, g2) = lossAndGradient()
        XCTAssertEqual(l1.bitPattern, l2.bitPattern)
        XCTAssertEqual(g1, g2)
    }
}
