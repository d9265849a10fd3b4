import Foundation
import XCTest
import Meshes
import FiniteElements
import SparseLinearAlgebra

final class ElasticityTests: XCTestCase {
    /// Patch test: an affine displacement with zero body force is reproduced exactly from its
    /// boundary values, in 2D (P1, P2) and 3D (P1).
    func testAffineDisplacementIsReproduced() throws {
        let (lambda, mu) = BilinearForm.lameParameters(youngsModulus: 2, poissonsRatio: 0.3)
        let cases: [(Mesh, any ReferenceElement)] = [
            (try Mesh.rectangle(x: 0...2, nx: 4, ny: 3), LagrangeP1(.triangle)),
            (try Mesh.rectangle(nx: 3, ny: 3), LagrangeP2(.triangle)),
            (try Mesh.box(nx: 2, ny: 2, nz: 2), LagrangeP1(.tetrahedron)),
        ]
        for (mesh, element) in cases {
            let d = mesh.dimension
            let space = try FunctionSpace(mesh: mesh, element: element, components: d)
            // u_c = 0.1 (c + 1) + Σ_k 0.01 (3c + k + 1) x_k
            let affine: ([Double]) -> [Double] = { x in
                var u = [Double](repeating: 0, count: d)
                for c in 0..<d {
                    u[c] = 0.1 * Double(c + 1)
                    for k in 0..<d { u[c] += 0.01 * Double(3 * c + k + 1) * x[k] }
                }
                return u
            }
            let k = try space.assemble(.elasticity(lambda: lambda, mu: mu))
            let dofs = space.boundaryDofs()
            let exact = space.interpolate(affine)
            let wall = try DirichletCondition(dofs: dofs, values: dofs.map { exact[Int($0)] })
            let (system, rhs) = try wall.apply(to: k, rightHandSide: [Double](repeating: 0, count: space.dofCount))
            let u = try SparseCholesky(factoring: system).solve(rhs)
            XCTAssertLessThan(zip(u, exact).map { abs($0 - $1) }.max()!, 1e-12, "\(element)")
        }
    }

    func testRigidMotionsAreTheKernelOfTheStiffness() throws {
        let space = try FunctionSpace(mesh: Mesh.rectangle(nx: 3, ny: 2), element: LagrangeP2(.triangle), components: 2)
        let k = try space.assemble(.elasticity(lambda: 1.5, mu: 0.7))
        for motion in [{ (_: [Double]) in [1.0, 0.0] }, { (_: [Double]) in [0.0, 1.0] }, { (x: [Double]) in [-x[1], x[0]] }] {
            XCTAssertLessThan(try k.multiplied(by: space.interpolate(motion)).map(abs).max()!, 1e-12)
        }
        // A stretch is not in the kernel: the check can fail.
        XCTAssertGreaterThan(try k.multiplied(by: space.interpolate { x in [x[0], 0] }).map(abs).max()!, 1e-3)
    }
}
