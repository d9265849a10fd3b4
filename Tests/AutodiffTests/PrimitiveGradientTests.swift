import Foundation
import XCTest
import Autodiff

final class PrimitiveGradientTests: XCTestCase {
    let key = RandomKey(seed: 7)
    var x: Tensor { key.uniform([3, 4], low: -2, high: 2) }
    var positive: Tensor { key.fold(in: 3).uniform([3, 4], low: 0.5, high: 3) }

    func testUnaryPrimitives() {
        checkDerivatives("negate", at: x) { -$0 }
        checkDerivatives("scale", at: x) { $0 * 3.5 }
        checkDerivatives("shift", at: x) { $0 + 1.25 }
        checkDerivatives("square", at: x) { $0.squared() }
        checkDerivatives("reciprocal", at: positive) { $0.reciprocal() }
        checkDerivatives("exp", at: x) { $0.exp() }
        checkDerivatives("log", at: positive) { $0.log() }
        checkDerivatives("log1p", at: positive) { $0.log1p() }
        checkDerivatives("sin", at: x) { $0.sin() }
        checkDerivatives("cos", at: x) { $0.cos() }
        checkDerivatives("tanh", at: x) { $0.tanh() }
        checkDerivatives("pow 3", at: x) { $0.pow(3) }
        checkDerivatives("pow 2.5", at: positive) { $0.pow(2.5) }
        checkDerivatives("sqrt", at: positive) { $0.sqrt() }
    }

    func testExtremeRanges() {
        let big = Tensor([-30, -12, 12, 30])
        checkDerivatives("tanh at ±30", at: big) { $0.tanh() }
        checkDerivatives("sigmoid at ±30", at: big) { $0.sigmoid() }
        checkDerivatives("softplus at ±30", at: big) { $0.softplus() }
        checkDerivatives("exp at -30", at: Tensor([-30, -20])) { $0.exp() }
        // Values and derivatives stay finite and exact in saturation.
        let p = Variable.parameter(Tensor([-40, 40]))
        let g = gradients(of: p.tanh().sum(), wrt: [p])[0].value
        XCTAssertEqual(g.scalars, [0, 0])
        XCTAssertEqual(p.softplus().value.scalars[1], 40, accuracy: 1e-12)
        XCTAssertEqual(p.softplus().value.scalars[0], Foundation.exp(-40), accuracy: 1e-25)
    }

    func testComposites() {
        checkDerivatives("divide", at: x) { $0 / ($0.squared() + 1) }
        checkDerivatives("mean", at: x) { $0.squared().mean() }
        checkDerivatives("mean axis", at: x) { $0.squared().mean(alongAxes: [1]) }
        checkDerivatives("sigmoid", at: x) { $0.sigmoid() }
        checkDerivatives("softplus", at: x) { $0.softplus() }
        checkDerivatives("silu", at: x) { $0.silu() }
        checkDerivatives("gelu", at: x) { $0.gelu() }
        // Piecewise functions away from their kinks (first order; second order is zero almost everywhere).
        checkDerivatives("relu", at: x, secondOrder: false) { $0.relu() }
        checkDerivatives("abs", at: x, secondOrder: false) { $0.abs() }
    }

    func testBinaryPrimitivesWithBroadcasting() {
        let row = key.fold(in: 9).uniform([4], low: -1, high: 1)
        let column = key.fold(in: 10).uniform([3, 1], low: -1, high: 1)
        for (name, other) in [("same", key.fold(in: 11).uniform([3, 4], low: -1, high: 1)), ("row", row), ("column", column), ("scalar", Tensor(0.7))] {
            let c = Variable(other)
            checkDerivatives("add \(name)", at: x) { $0 + c }
            checkDerivatives("subtract \(name)", at: x) { c - $0 }
            checkDerivatives("multiply \(name)", at: x) { $0 * c * $0 }
            checkDerivatives("maximum \(name)", at: x, secondOrder: false) { Variable.maximum($0, c) }
            // Differentiate with respect to the broadcast operand too.
            let big = Variable(x)
            checkDerivatives("multiply wrt \(name)", at: other) { big * $0 * $0 }
            checkDerivatives("add wrt \(name)", at: other) { (big + $0).squared() }
        }
    }

    func testShapePrimitives() {
        checkDerivatives("sum all", at: x) { ($0.squared()).sum() }
        checkDerivatives("sum axis 0", at: x) { $0.squared().sum(alongAxes: [0]) }
        checkDerivatives("sum axis 1", at: x) { $0.squared().sum(alongAxes: [1]) }
        let cube = key.uniform([2, 3, 4], low: -1, high: 1)
        checkDerivatives("sum middle axis", at: cube) { $0.squared().sum(alongAxes: [1]) }
        checkDerivatives("sum outer axes", at: cube) { $0.squared().sum(alongAxes: [0, 2]) }
        checkDerivatives("broadcast", at: Tensor([1, 2, 3])) { $0.broadcast(to: [4, 3]).squared() }
        checkDerivatives("reshape", at: x) { $0.reshaped(to: [2, 6]).squared() }
        checkDerivatives("transpose", at: x) { $0.transposed.squared() }
        checkDerivatives("permute", at: cube) { $0.transposed([2, 0, 1]).squared() }
        checkDerivatives("slice", at: x) { $0.slice(1..<3, alongAxis: 1).squared() }
        checkDerivatives("concatenate", at: x) { Variable.concatenate([$0, $0.squared(), $0.slice(0..<1, alongAxis: 0)], alongAxis: 0).sin() }
        checkDerivatives("gather", at: x) { $0.gather(rows: [2, 0, 2]).squared() }
        checkDerivatives("scatter add", at: x) { $0.squared().scatterAdd(rows: [1, 1, 0], rowCount: 2).sin() }
        let condition = Tensor(shape: [3, 4], scalars: (0..<12).map { Double($0 % 2) })
        checkDerivatives("select", at: x) { $0.squared().selecting(where: condition, otherwise: $0.sin()) }
    }

    func testMatMulAllTranspositions() {
        let b = key.fold(in: 20).uniform([4, 5], low: -1, high: 1)
        let bt = b.transposed
        let a = key.fold(in: 21).uniform([3, 4], low: -1, high: 1)
        checkDerivatives("A B wrt A", at: a) { matmul($0, Variable(b)).tanh() }
        checkDerivatives("A B wrt B", at: b) { matmul(Variable(a), $0).tanh() }
        checkDerivatives("A Bᵀ wrt A", at: a) { matmul($0, Variable(bt), transposeB: true).tanh() }
        checkDerivatives("A Bᵀ wrt B", at: bt) { matmul(Variable(a), $0, transposeB: true).tanh() }
        checkDerivatives("Aᵀ B wrt A", at: a.transposed) { matmul($0, Variable(b), transposeA: true).tanh() }
        checkDerivatives("Aᵀ B wrt B", at: b) { matmul(Variable(a.transposed), $0, transposeA: true).tanh() }
        checkDerivatives("Aᵀ Bᵀ wrt A", at: a.transposed) { matmul($0, Variable(bt), transposeA: true, transposeB: true).tanh() }
        checkDerivatives("Aᵀ Bᵀ wrt B", at: bt) { matmul(Variable(a.transposed), $0, transposeA: true, transposeB: true).tanh() }
        // The product itself against a direct triple loop.
        let c = Tensor.matmul(a, b)
        XCTAssertEqual(c[1, 2], (0..<4).reduce(0) { $0 + a[1, $1] * b[$1, 2] }, accuracy: 1e-14)
    }

    func testThirdDerivativeOfTanh() {
        // d³/dx³ tanh = 6 tanh² sech² − 2 sech⁴ ... = (1 − y²)(6y² − 2)
        let x = Variable.parameter(Tensor([-1.3, 0.2, 0.9]))
        let d1 = gradients(of: x.tanh().sum(), wrt: [x], createGraph: true)[0]
        let d2 = gradients(of: d1.sum(), wrt: [x], createGraph: true)[0]
        let d3 = gradients(of: d2.sum(), wrt: [x])[0].value
        let expected = x.value.map { let y = Foundation.tanh($0); return (1 - y * y) * (6 * y * y - 2) }
        assertClose(d3, expected, tolerance: 1e-13, "third derivative")
    }

    func testGradientAccumulatesOverFanOutAndIgnoresUnrelatedInputs() {
        let a = Variable.parameter(Tensor([2.0])), b = Variable.parameter(Tensor([5.0]))
        let y = (a * a + a * 3).sum()   // dy/da = 2a + 3
        let g = gradients(of: y, wrt: [a, b])
        XCTAssertEqual(g[0].value.scalars, [7])
        XCTAssertEqual(g[1].value.scalars, [0])
    }

    func testValueAndGradientsAndVJP() {
        let (value, grads) = valueAndGradients(at: [Tensor([1, 2, 3])]) { p in (p[0] * p[0]).sum() }
        XCTAssertEqual(value.scalar, 14)
        XCTAssertEqual(grads[0].scalars, [2, 4, 6])
        let (_, products) = vectorJacobianProduct(at: [Tensor([1, 2])], cotangent: Tensor([10, 100])) { p in p[0].squared() }
        XCTAssertEqual(products[0].scalars, [20, 400])
    }
}
