import Foundation
import XCTest
import Meshes
import FiniteElements
import SparseLinearAlgebra

final class BoundaryConditionTests: XCTestCase {
    /// u = x² + y on the unit square: −Δu = −2, ∂u/∂n = 2 on the right side (x = 1).
    private let exact: @Sendable ([Double]) -> Double = { $0[0] * $0[0] + $0[1] }

    private func setUp(_ space: FunctionSpace) throws -> (CSRMatrix, [Double]) {
        let stiffness = try space.assemble(.laplace)
        let load = try space.assemble(LinearForm(usesNothing: -2))
        return (stiffness, load)
    }

    func testNeumannConditionOnTheRightSideIsReproducedExactlyByP2() throws {
        let mesh = try Mesh.rectangle(nx: 5, ny: 4)
        let space = try FunctionSpace(mesh: mesh, element: LagrangeP2(.triangle))
        let (stiffness, load) = try setUp(space)
        let right = try mesh.tag(named: "right")
        let neumann = try space.assembleBoundary(LinearForm { v, _ in 2 * v.value }, tags: [right])
        let rhs = zip(load, neumann).map { $0 + $1 }
        let wall = DirichletCondition(space: space, tags: [1, 3, 4], value: exact)
        let (k, b) = try wall.apply(to: stiffness, rightHandSide: rhs)
        let u = try SparseCholesky(factoring: k).solve(b)
        XCTAssertLessThan(try space.l2Error(u, exact: exact), 1e-12)
    }

    func testRobinConditionIsReproducedExactlyByP2() throws {
        // ∂u/∂n + α u = g on x = 1 with g = 2 + α (1 + y).
        let alpha = 3.0
        let mesh = try Mesh.rectangle(nx: 4, ny: 6)
        let space = try FunctionSpace(mesh: mesh, element: LagrangeP2(.triangle))
        let (stiffness, load) = try setUp(space)
        let robinMatrix = try space.assembleBoundary(BilinearForm { u, v, _ in alpha * u.value * v.value }, tags: [2])
        let robinLoad = try space.assembleBoundary(LinearForm { v, p in (2 + alpha * (1 + p.x.y)) * v.value }, tags: [2])
        let wall = DirichletCondition(space: space, tags: [1, 3, 4], value: exact)
        let (k, b) = try wall.apply(to: try stiffness.adding(robinMatrix), rightHandSide: zip(load, robinLoad).map { $0 + $1 })
        let u = try SparseCholesky(factoring: k).solve(b)
        XCTAssertLessThan(try space.l2Error(u, exact: exact), 1e-12)
        // Without the Robin matrix the answer is wrong: the check can fail.
        let (k2, b2) = try wall.apply(to: stiffness, rightHandSide: zip(load, robinLoad).map { $0 + $1 })
        XCTAssertGreaterThan(try space.l2Error(try SparseCholesky(factoring: k2).solve(b2), exact: exact), 1e-3)
    }

    func testSurfaceMeasureAndOutwardNormalsOfTheBox() throws {
        for cells in [Mesh.BoxCells.tetrahedra, .hexahedra] {
            let mesh = try Mesh.box(x: 0...2, nx: 3, ny: 2, nz: 2, cells: cells)
            let space = try FunctionSpace(mesh: mesh, element: cells == .tetrahedra ? LagrangeP2(.tetrahedron) : LagrangeQ1(.hexahedron))
            let area = try space.assembleBoundary(LinearForm { v, _ in v.value }).reduce(0, +)
            XCTAssertEqual(area, 2 * (2 + 2 + 1), accuracy: 1e-12)
            // ∮ n ds = 0 over the closed surface; ∫ n_x ds = +1 on the right face (area 1).
            for axis in 0..<3 {
                XCTAssertEqual(try space.assembleBoundary(LinearForm { v, p in p.normal[axis] * v.value }).reduce(0, +), 0, accuracy: 1e-12)
            }
            XCTAssertEqual(try space.assembleBoundary(LinearForm { v, p in p.normal.x * v.value }, tags: [2]).reduce(0, +), 1, accuracy: 1e-12)
        }
    }

    func testDirichletConditionKeepsTheSystemSymmetric() throws {
        let space = try FunctionSpace(mesh: Mesh.rectangle(nx: 3, ny: 3), element: LagrangeP1(.triangle))
        let stiffness = try space.assemble(.laplace)
        let (k, _) = try DirichletCondition(space: space, tags: [1]) { _ in 1 }.apply(to: stiffness, rightHandSide: [Double](repeating: 0, count: space.dofCount))
        for row in 0..<k.rowCount {
            for e in Int(k.rowPointers[row])..<Int(k.rowPointers[row + 1]) {
                XCTAssertEqual(k.values[e], k[Int(k.columnIndices[e]), row])
            }
        }
    }
}

private extension LinearForm {
    /// A constant source: ∫ value · v dx.
    init(usesNothing value: Double) { self.init { v, _ in value * v.value } }
}
