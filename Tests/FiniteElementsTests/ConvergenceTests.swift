import Foundation
import XCTest
import Meshes
import FiniteElements

/// Observed convergence rates on the sine solutions: L2 order p + 1 and H1 order p.
final class ConvergenceTests: XCTestCase {
    private func rates(sizes: [Int], element: any ReferenceElement, mesh: (Int) throws -> Mesh) throws -> (l2: [Double], h1: [Double]) {
        var l2: [Double] = [], h1: [Double] = []
        for n in sizes {
            let space = try FunctionSpace(mesh: try mesh(n), element: element)
            let d = space.dimension
            let exact: @Sendable ([Double]) -> Double = { x in x.prefix(d).reduce(1.0) { $0 * sin(Double.pi * $1) } }
            let u = try solvePoisson(space, source: { Double(d) * Double.pi * Double.pi * exact($0) }, boundary: { _ in 0 })
            l2.append(try space.l2Error(u, exact: exact))
            h1.append(try space.h1SeminormError(u, exactGradient: { x in
                (0..<d).map { k in (0..<d).reduce(Double.pi) { $0 * ($1 == k ? cos(Double.pi * x[$1]) : sin(Double.pi * x[$1])) } }
            }))
        }
        return (observedOrders(l2), observedOrders(h1))
    }

    private func assertRates(_ r: (l2: [Double], h1: [Double]), degree p: Double, _ label: String) {
        XCTAssertLessThan(abs(r.l2.last! - (p + 1)), 0.1, "\(label) L2 orders \(r.l2)")
        XCTAssertLessThan(abs(r.h1.last! - p), 0.1, "\(label) H1 orders \(r.h1)")
    }

    func testP1AndP2OnTriangles() throws {
        assertRates(try rates(sizes: [16, 32, 64], element: LagrangeP1(.triangle)) { try Mesh.rectangle(nx: $0, ny: $0) }, degree: 1, "P1 triangles")
        assertRates(try rates(sizes: [8, 16, 32], element: LagrangeP2(.triangle)) { try Mesh.rectangle(nx: $0, ny: $0) }, degree: 2, "P2 triangles")
    }

    func testQ1OnQuadrilaterals() throws {
        assertRates(try rates(sizes: [16, 32, 64], element: LagrangeQ1(.quadrilateral)) { try Mesh.rectangle(nx: $0, ny: $0, cells: .quadrilaterals) },
                    degree: 1, "Q1 quadrilaterals")
    }

    func testP1AndP2OnTetrahedra() throws {
        assertRates(try rates(sizes: [8, 16, 32], element: LagrangeP1(.tetrahedron)) { try Mesh.box(nx: $0, ny: $0, nz: $0) }, degree: 1, "P1 tetrahedra")
        assertRates(try rates(sizes: [4, 8, 16], element: LagrangeP2(.tetrahedron)) { try Mesh.box(nx: $0, ny: $0, nz: $0) }, degree: 2, "P2 tetrahedra")
    }
}
