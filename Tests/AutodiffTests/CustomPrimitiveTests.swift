import Foundation
import XCTest
import Autodiff

/// A user-defined primitive: y = x³, with its own pullback written in differentiable operations.
private struct Cube: DifferentiableOperation {
    var name: String { "cube" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].map { $0 * $0 * $0 } }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        [g * x[0].squared() * 3]
    }
}

final class CustomPrimitiveTests: XCTestCase {
    func testStructPrimitiveFirstAndSecondOrder() {
        checkDerivatives("cube", at: Tensor([-1.5, 0.3, 2.0])) { Variable.apply(Cube(), to: [$0]).sin() }
    }

    func testClosurePrimitiveOfTwoInputs() {
        // f(a, b) = a · e^b with a hand-written pullback.
        let op = ClosureOperation(name: "a_exp_b", forward: { x in Tensor.zip(x[0], x[1]) { $0 * Foundation.exp($1) } },
                                  pullback: { g, x, y in [g * x[1].exp(), g * y] })
        let b = Variable(Tensor([0.5, -1.0, 2.0]))
        checkDerivatives("closure wrt a", at: Tensor([1.0, 2.0, -3.0])) { Variable.apply(op, to: [$0, b]) }
        let a = Variable(Tensor([1.0, 2.0, -3.0]))
        checkDerivatives("closure wrt b", at: Tensor([0.5, -1.0, 2.0])) { Variable.apply(op, to: [a, $0]) }
    }

    func testConstantInputsRecordNothing() {
        let y = Variable.apply(Cube(), to: [Variable(Tensor([2.0]))])
        XCTAssertFalse(y.requiresGradient)
        XCTAssertTrue(y.isLeaf)
        XCTAssertEqual(y.value.scalars, [8])
    }
}
