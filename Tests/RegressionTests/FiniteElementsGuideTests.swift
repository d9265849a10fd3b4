import Foundation
import XCTest
import PDEKit

/// The snippets of Documentation/FiniteElements.md, verbatim, and the numbers the guide states.
final class FiniteElementsGuideTests: XCTestCase {
    func testPoissonSnippet() throws {
        let mesh = try Mesh.rectangle(nx: 32, ny: 32)
        let space = try FunctionSpace(mesh: mesh, element: LagrangeP2(.triangle))
        let stiffness = try space.assemble(.laplace)
        let load = try space.assemble(.source { x in 2 * Double.pi * Double.pi * sin(Double.pi * x.x) * sin(Double.pi * x.y) })
        let wall = DirichletCondition(space: space) { _ in 0 }
        let (k, b) = try wall.apply(to: stiffness, rightHandSide: load)
        let u = try SparseCholesky(factoring: k).solve(b)
        let error = try space.l2Error(u) { x in sin(Double.pi * x[0]) * sin(Double.pi * x[1]) }
        XCTAssertEqual(error, 8.6e-6, accuracy: 0.05e-6)
    }

    func testBoundaryConditionSnippet() throws {
        let mesh = try Mesh.rectangle(nx: 4, ny: 4)
        let space = try FunctionSpace(mesh: mesh, element: LagrangeP2(.triangle))
        let stiffness = try space.assemble(.laplace)
        let right = try mesh.tag(named: "right")
        let neumann = try space.assembleBoundary(.source { _ in 2 }, tags: [right])            // ∂u/∂n = 2
        let robin = try space.assembleBoundary(BilinearForm { u, v, _ in 3 * u.value * v.value }, tags: [right])
        let k = try stiffness.adding(robin)                                                    // same pattern
        let fixed = DirichletCondition(space: space, tags: [1, 3, 4]) { x in x[0] * x[0] + x[1] }
        // With the Robin term, u = x² + y needs g = 2 + 3(1 + y) on the right and f = −2 inside.
        let robinLoad = try space.assembleBoundary(.source { x in 3 * (1 + x.y) }, tags: [right])
        let source = try space.assemble(.source { _ in -2 })
        let rhs = (0..<space.dofCount).map { source[$0] + neumann[$0] + robinLoad[$0] }
        let (system, b) = try fixed.apply(to: k, rightHandSide: rhs)
        let u = try SparseCholesky(factoring: system).solve(b)
        XCTAssertLessThan(try space.l2Error(u) { $0[0] * $0[0] + $0[1] }, 1e-12)
    }

    func testGuideSnippetsAppearVerbatim() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let guide = try String(contentsOf: root.appendingPathComponent("Documentation/FiniteElements.md"), encoding: .utf8)
        let test = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let blocks = guide.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        XCTAssertEqual(blocks.count, 3)
        for block in [blocks[0], blocks[2]] {
            for line in block.split(separator: "\n") {
                XCTAssertTrue(test.contains(line.trimmingCharacters(in: .whitespaces)), "missing: \(line)")
            }
        }
    }

    func testCustomFormSnippetAssembles() throws {
        let space = try FunctionSpace(mesh: Mesh.rectangle(nx: 2, ny: 2), element: LagrangeP1(.triangle))
        let reaction = BilinearForm { u, v, p in (1 + p.x.x) * u.value * v.value }
        let advection = BilinearForm { u, v, _ in (u.gradient.x + 0.5 * u.gradient.y) * v.value }
        // ∫ (1 + x) dx over the unit square is 3/2; the advection of a constant vanishes.
        XCTAssertEqual(try space.assemble(reaction).values.reduce(0, +), 1.5, accuracy: 1e-12)
        let ones = [Double](repeating: 1, count: space.dofCount)
        XCTAssertLessThan(try space.assemble(advection).multiplied(by: ones).map(abs).max()!, 1e-14)
    }
}
