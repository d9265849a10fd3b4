import Foundation
import XCTest
import Meshes
import FiniteElements

final class ReferenceElementTests: XCTestCase {
    private var elements: [any ReferenceElement] {
        [LagrangeP1(.segment), LagrangeP1(.triangle), LagrangeP1(.tetrahedron),
         LagrangeP2(.segment), LagrangeP2(.triangle), LagrangeP2(.tetrahedron),
         LagrangeQ1(.quadrilateral), LagrangeQ1(.hexahedron)]
    }

    func testNodalInterpolationAndPartitionOfUnity() throws {
        for element in elements {
            let n = element.localCount, d = element.cellType.dimension
            var values = [Double](repeating: 0, count: n)
            var gradients = [Double](repeating: 0, count: n * d)
            // φ_a(node_b) = δ_ab.
            for b in 0..<n {
                element.evaluate(at: element.nodes[b * d ..< (b + 1) * d], values: &values, gradients: &gradients)
                for a in 0..<n { XCTAssertEqual(values[a], a == b ? 1 : 0, accuracy: 1e-14, "\(element) node \(b)") }
            }
            // Σ φ = 1 and Σ ∇φ = 0 at the points of a quadrature rule.
            let rule = try QuadratureRule.gauss(element.cellType, degree: 4)
            for q in 0..<rule.count {
                element.evaluate(at: rule.point(q), values: &values, gradients: &gradients)
                XCTAssertEqual(values.reduce(0, +), 1, accuracy: 1e-14)
                for k in 0..<d { XCTAssertEqual((0..<n).reduce(0.0) { $0 + gradients[$1 * d + k] }, 0, accuracy: 1e-13) }
            }
        }
    }

    func testGradientsMatchFiniteDifferences() throws {
        for element in elements {
            let n = element.localCount, d = element.cellType.dimension
            let rule = try QuadratureRule.gauss(element.cellType, degree: 3)
            var values = [Double](repeating: 0, count: n), plus = values, minus = values
            var gradients = [Double](repeating: 0, count: n * d), scratch = gradients
            for q in 0..<rule.count {
                let x = Array(rule.point(q))
                element.evaluate(at: x[...], values: &values, gradients: &gradients)
                for k in 0..<d {
                    var xp = x, xm = x
                    xp[k] += 1e-6
                    xm[k] -= 1e-6
                    element.evaluate(at: xp[...], values: &plus, gradients: &scratch)
                    element.evaluate(at: xm[...], values: &minus, gradients: &scratch)
                    for a in 0..<n {
                        XCTAssertEqual(gradients[a * d + k], (plus[a] - minus[a]) / 2e-6, accuracy: 1e-8, "\(element) basis \(a)")
                    }
                }
            }
        }
    }
}
