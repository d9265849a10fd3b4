import Foundation
import XCTest
import Autodiff
import PhysicsInformed

final class FieldsTests: XCTestCase {
    /// Two outputs of (x, t): u = sin(x) cos(t), v = x² t, built from jet operations.
    func twoOutputs(_ input: Jet) -> Jet {
        let x = input.column(0), t = input.column(1)
        return Jet.concatenate([x.sin() * t.cos(), x * x * t])
    }

    lazy var points = RandomKey(seed: 2).uniform([40, 2], low: -1, high: 1)

    func close(_ a: Variable, _ expected: (Double, Double) -> Double, _ label: String) {
        let x = points.slice(0..<1, alongAxis: 1), t = points.slice(1..<2, alongAxis: 1)
        let reference = Tensor.zip(x, t, expected)
        XCTAssertEqual(a.shape, [40, 1], label)
        XCTAssertLessThan((a.value - reference).maxAbs(), 1e-13, label)
    }

    func testNamedDerivativesOfEachOutputMatchClosedForms() {
        let fields = Fields(of: twoOutputs, at: Variable(points), coordinates: "xt", derivatives: ["x", "xx", "t", "xt", "tt"])
        XCTAssertEqual(fields.count, 2)
        let u = fields[0], v = fields[1]
        close(u.value, { Foundation.sin($0) * Foundation.cos($1) }, "u")
        close(u.x, { Foundation.cos($0) * Foundation.cos($1) }, "u_x")
        close(u.xx, { -Foundation.sin($0) * Foundation.cos($1) }, "u_xx")
        close(u.t, { -Foundation.sin($0) * Foundation.sin($1) }, "u_t")
        close(u.xt, { -Foundation.cos($0) * Foundation.sin($1) }, "u_xt")
        close(u.tx, { -Foundation.cos($0) * Foundation.sin($1) }, "u_tx (order of letters does not matter)")
        close(v.x, { 2 * $0 * $1 }, "v_x")
        close(v.xx, { _, t in 2 * t }, "v_xx")
        close(v.t, { x, _ in x * x }, "v_t")
        close(v.tt, { _, _ in 0 }, "v_tt")
    }

    func testResidualReadsLikeTheEquationAndMatchesTheTable() {
        // Burgers: u_t + u u_x − ν u_xx.
        let nu = 0.01 / Double.pi
        let fields = Fields(of: twoOutputs, at: Variable(points), coordinates: "xt", derivatives: ["x", "xx", "t"])
        let u = fields[0]
        let residual = u.t + u * u.x - nu * u.xx
        let table = DerivativePlan(dimension: 2, partials: [[1, 0], [2, 0], [0, 1]]).evaluate(twoOutputs, at: Variable(points))
        let first = { (v: Variable) in v.column(0) }
        let expected = first(table[[0, 1]]) + first(table.value) * first(table[[1, 0]]) - first(table[[2, 0]]) * nu
        XCTAssertEqual(residual.value, expected.value)
    }

    func testCoordinateNamesMapToMultiIndices() {
        let c: Coordinates = "xyt"
        XCTAssertEqual(c.multiIndex("xxy"), [2, 1, 0])
        XCTAssertEqual(c.multiIndex("t"), [0, 0, 1])
        XCTAssertEqual(c.multiIndex(""), [0, 0, 0])
        XCTAssertNil(c.multiIndex("z"))
    }
}
