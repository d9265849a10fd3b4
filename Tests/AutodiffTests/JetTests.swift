import Foundation
import XCTest
import Autodiff

/// A small tanh network written directly with jets (the NeuralNetworks module has the real layers).
private struct TinyNet {
    let weights: [Variable]
    let biases: [Variable]
    init(sizes: [Int], key: RandomKey) {
        weights = (0..<(sizes.count - 1)).map { i in
            Variable.parameter(key.fold(in: i).normal([sizes[i], sizes[i + 1]], standardDeviation: 1 / Double(sizes[i]).squareRoot()))
        }
        biases = (0..<(sizes.count - 1)).map { i in Variable.parameter(key.fold(in: 100 + i).uniform([sizes[i + 1]], low: -0.5, high: 0.5)) }
    }
    func callAsFunction(_ x: Jet) -> Jet {
        var h = x
        for i in weights.indices {
            let w = weights[i]
            h = h.mapLinear { matmul($0, w) } + biases[i]
            if i < weights.count - 1 { h = h.tanh() }
        }
        return h
    }
}

final class JetTests: XCTestCase {
    let key = RandomKey(seed: 3)
    fileprivate lazy var net = TinyNet(sizes: [2, 12, 12, 1], key: key)
    lazy var points = key.fold(in: 50).uniform([7, 2], low: -1, high: 1)

    /// The k-th derivative of the network along `v` at every point, by nested reverse mode.
    func nestedReverse(direction v: [Double], order: Int) -> [Tensor] {
        let x = Variable.parameter(points)
        let vT = Variable(Tensor(shape: [1, 2], scalars: v))
        var current = net(Jet(x)).value
        var result: [Tensor] = []
        for _ in 0..<order {
            // Each output row depends on its own input row only, so the gradient of the sum is per point.
            let g = gradients(of: current.sum(), wrt: [x], createGraph: true)[0]
            current = (g * vT).sum(alongAxes: [1])
            result.append(current.value)
        }
        return result
    }

    func testFourthOrderAlongDirectionMatchesNestedReverse() {
        let v = [0.6, -0.8]
        let jet = net(Jet.input(Variable(points), directions: [JetDirection(v, order: 4)]))
        let reference = nestedReverse(direction: v, order: 4)
        for k in 1...4 {
            assertClose(jet.derivative(direction: 0, order: k).value, reference[k - 1], tolerance: 1e-8, "order \(k)")
        }
    }

    func testLowOrderDerivativesMatchFiniteDifferences() {
        let v = [1.0, 0.0]
        let jet = net(Jet.input(Variable(points), directions: [JetDirection(v, order: 2)]))
        let h = 1e-4
        func shifted(_ s: Double) -> Tensor { net(Jet(Variable(points + Tensor(shape: [1, 2], scalars: [s, 0])))).value.value }
        let (plus, minus, center) = (shifted(h), shifted(-h), shifted(0))
        assertClose(jet.derivative(direction: 0, order: 1).value, (plus - minus) * (1 / (2 * h)), tolerance: 1e-7, "first")
        assertClose(jet.derivative(direction: 0, order: 2).value, (plus - center * 2 + minus) * (1 / (h * h)), tolerance: 1e-5, "second")
    }

    func testMixedSecondDerivativeMatchesNestedReverse() {
        let plan = DerivativePlan(dimension: 2, partials: [[1, 1], [2, 0], [0, 2], [1, 0]])
        let table = plan.evaluate({ net($0) }, at: Variable(points))
        // ∂x∂y by nested reverse mode: d/dy of (∂u/∂x).
        let x = Variable.parameter(points)
        let g = gradients(of: net(Jet(x)).value.sum(), wrt: [x], createGraph: true)[0]
        let ux = g.column(0)
        let uxy = gradients(of: ux.sum(), wrt: [x])[0].value.slice(1..<2, alongAxis: 1)
        assertClose(table[[1, 1]].value, uxy, tolerance: 1e-8, "u_xy")
        assertClose(table[[1, 0]].value, ux.value, tolerance: 1e-10, "u_x")
    }

    func testBurgersPartialsMatchNestedReverse() {
        // Directions of different orders in one jet: x to order 2, t to order 1.
        let plan = DerivativePlan(dimension: 2, partials: [[1, 0], [2, 0], [0, 1]])
        let table = plan.evaluate({ net($0) }, at: Variable(points))
        let x = Variable.parameter(points)
        let u = net(Jet(x)).value
        assertClose(table.value.value, u.value, tolerance: 1e-14, "u")
        let g = gradients(of: u.sum(), wrt: [x], createGraph: true)[0]
        let uxx = gradients(of: g.column(0).sum(), wrt: [x])[0].value.slice(0..<1, alongAxis: 1)
        assertClose(table[[1, 0]].value, g.value.slice(0..<1, alongAxis: 1), tolerance: 1e-12, "u_x")
        assertClose(table[[0, 1]].value, g.value.slice(1..<2, alongAxis: 1), tolerance: 1e-12, "u_t")
        assertClose(table[[2, 0]].value, uxx, tolerance: 1e-10, "u_xx")
    }

    func testLaplacianOfClosedForm() {
        // u = sin(πx) sin(πy) ⇒ Δu = −2π² u.
        let plan = DerivativePlan(dimension: 2, partials: [[2, 0], [0, 2]])
        let table = plan.evaluate({ jet in (jet * Variable(Tensor(shape: [1, 2], scalars: [.pi, 0]))).mapLinear { $0.sum(alongAxes: [1]) }.sin()
            * (jet * Variable(Tensor(shape: [1, 2], scalars: [0, .pi]))).mapLinear { $0.sum(alongAxes: [1]) }.sin() }, at: Variable(points))
        let laplacian = table[[2, 0]] + table[[0, 2]]
        assertClose(laplacian.value, table.value.value * (-2 * .pi * .pi), tolerance: 1e-12, "Laplacian")
    }

    func testFourthDerivativeOfSineAndProductRule() {
        // u = x² sin(x): u⁗ = (x² − 12) sin x − 8x cos x.
        let x = Tensor(shape: [5, 1], scalars: [-1.5, -0.2, 0.3, 1.1, 2.0])
        let jet = Jet.input(Variable(x), directions: [JetDirection([1], order: 4)])
        let u = jet * jet * jet.sin()
        let expected = x.map { ($0 * $0 - 12) * Foundation.sin($0) - 8 * $0 * Foundation.cos($0) }
        assertClose(u.derivative(direction: 0, order: 4).value, expected, tolerance: 1e-12, "fourth")
        // Generic element-wise functions get their tower by nested reverse mode: exp via the fallback.
        let e = jet.elementwise { $0.exp() }
        assertClose(e.derivative(direction: 0, order: 4).value, x.map { Foundation.exp($0) }, tolerance: 1e-12, "exp tower")
    }

    func testFusedJetProductFollowsLeibnizAndIsTwiceDifferentiable() {
        // Orders [2, 1]: rows value, ∂₁, ∂₁², ∂₂ of a [4, 3, 2] stack.
        let orders = [2, 1]
        let a = key.fold(in: 60).uniform([4, 3, 2], low: -1, high: 1)
        let b = key.fold(in: 61).uniform([4, 3, 2], low: -1, high: 1)
        let product = (Jet(stacked: Variable(a), orders: orders) * Jet(stacked: Variable(b), orders: orders)).stacked.value
        func row(_ t: Tensor, _ r: Int) -> Tensor { t.reshaped(to: [4, 6]).scalars[(r * 6)..<((r + 1) * 6)].withUnsafeBufferPointer { Tensor(shape: [6], scalars: Array($0)) } }
        assertClose(row(product, 0), row(a, 0) * row(b, 0), tolerance: 1e-15, "value")
        assertClose(row(product, 1), row(a, 0) * row(b, 1) + row(a, 1) * row(b, 0), tolerance: 1e-15, "first")
        assertClose(row(product, 2), row(a, 0) * row(b, 2) + row(a, 1) * row(b, 1) * 2 + row(a, 2) * row(b, 0),
                    tolerance: 1e-15, "second")
        assertClose(row(product, 3), row(a, 0) * row(b, 3) + row(a, 3) * row(b, 0), tolerance: 1e-15, "other direction")
        // Gradients and Hessian-vector products through both inputs (the same stack enters twice).
        checkDerivatives("jet product", at: a) { x in
            let j = Jet(stacked: x, orders: orders)
            return (j * Jet(stacked: x.sin(), orders: orders) * j).stacked
        }
        // a · b + c in one pass: the same arithmetic as the two operations, and differentiable.
        let c = key.fold(in: 62).uniform([4, 3, 2], low: -1, high: 1)
        let (ja, jb, jc) = (Jet(stacked: Variable(a), orders: orders), Jet(stacked: Variable(b), orders: orders),
                            Jet(stacked: Variable(c), orders: orders))
        XCTAssertEqual(Jet.product(ja, jb, adding: jc).stacked.value, (ja * jb + jc).stacked.value)
        checkDerivatives("jet product plus addend", at: a) { x in
            let j = Jet(stacked: x, orders: orders)
            return Jet.product(j, Jet(stacked: x.cos(), orders: orders), adding: Jet(stacked: x.squared(), orders: orders)).stacked
        }
    }

    func testResidualGradientWithRespectToParametersMatchesFiniteDifferences() {
        // r = u_t + u u_x − ν u_xx; loss = mean(r²). Gradient w.r.t. the first weight matrix by one reverse sweep.
        let plan = DerivativePlan(dimension: 2, partials: [[1, 0], [2, 0], [0, 1]])
        func loss(_ n: TinyNet) -> Variable {
            let d = plan.evaluate({ n($0) }, at: Variable(points))
            let r = d[[0, 1]] + d.value * d[[1, 0]] - d[[2, 0]] * 0.01
            return r.squared().mean()
        }
        let analytic = gradients(of: loss(net), wrt: [net.weights[0]])[0].value
        let numeric = finiteDifferenceGradient({ w in
            var n = net
            n = TinyNet(weights: [Variable.parameter(w)] + Array(net.weights.dropFirst()), biases: net.biases)
            return loss(n).value.scalar
        }, at: net.weights[0].value)
        assertClose(analytic, numeric, tolerance: 1e-6, "residual gradient")
    }
}

private extension TinyNet {
    init(weights: [Variable], biases: [Variable]) {
        self.weights = weights
        self.biases = biases
    }
}
