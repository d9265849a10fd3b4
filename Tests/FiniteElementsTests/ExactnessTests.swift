import Foundation
import XCTest
import Meshes
import FiniteElements

/// Solutions that lie inside the finite-element space are reproduced to rounding.
final class ExactnessTests: XCTestCase {
    func testP1ReproducesLinearFunctionsOnTrianglesAndTetrahedra() throws {
        let linear2D: @Sendable ([Double]) -> Double = { 1 + 2 * $0[0] - 3 * $0[1] }
        let triangles = try FunctionSpace(mesh: Mesh.rectangle(x: 0...2, y: 0...1, nx: 6, ny: 3), element: LagrangeP1(.triangle))
        let u2 = try solvePoisson(triangles, source: { _ in 0 }, boundary: linear2D)
        XCTAssertLessThan(try triangles.l2Error(u2, exact: linear2D), 1e-12)

        let linear3D: @Sendable ([Double]) -> Double = { 1 + $0[0] - 2 * $0[1] + 0.5 * $0[2] }
        let tets = try FunctionSpace(mesh: Mesh.box(nx: 3, ny: 3, nz: 3), element: LagrangeP1(.tetrahedron))
        let u3 = try solvePoisson(tets, source: { _ in 0 }, boundary: linear3D)
        XCTAssertLessThan(try tets.l2Error(u3, exact: linear3D), 1e-12)
        XCTAssertLessThan(try tets.h1SeminormError(u3, exactGradient: { _ in [1, -2, 0.5] }), 1e-11)
    }

    func testP2ReproducesQuadraticFunctions() throws {
        // u = x² + xy − 2y² has −Δu = 2; u = x² + y² − 2z² + xz is harmonic.
        let quadratic2D: @Sendable ([Double]) -> Double = { $0[0] * $0[0] + $0[0] * $0[1] - 2 * $0[1] * $0[1] }
        let triangles = try FunctionSpace(mesh: Mesh.rectangle(nx: 4, ny: 5), element: LagrangeP2(.triangle))
        let u2 = try solvePoisson(triangles, source: { _ in 2 }, boundary: quadratic2D)
        XCTAssertLessThan(try triangles.l2Error(u2, exact: quadratic2D), 1e-12)

        let quadratic3D: @Sendable ([Double]) -> Double = { $0[0] * $0[0] + $0[1] * $0[1] - 2 * $0[2] * $0[2] + $0[0] * $0[2] }
        let tets = try FunctionSpace(mesh: Mesh.box(nx: 2, ny: 3, nz: 2), element: LagrangeP2(.tetrahedron))
        let u3 = try solvePoisson(tets, source: { _ in 0 }, boundary: quadratic3D)
        XCTAssertLessThan(try tets.l2Error(u3, exact: quadratic3D), 1e-12)
    }

    func testQ1ReproducesBilinearAndTrilinearHarmonicFunctions() throws {
        let bilinear: @Sendable ([Double]) -> Double = { 1 + $0[0] - $0[1] + 3 * $0[0] * $0[1] }
        let quads = try FunctionSpace(mesh: Mesh.rectangle(nx: 5, ny: 4, cells: .quadrilaterals), element: LagrangeQ1(.quadrilateral))
        XCTAssertLessThan(try quads.l2Error(try solvePoisson(quads, source: { _ in 0 }, boundary: bilinear), exact: bilinear), 1e-12)

        let trilinear: @Sendable ([Double]) -> Double = { $0[0] * $0[1] * $0[2] - $0[1] + 2 }
        let hexes = try FunctionSpace(mesh: Mesh.box(nx: 3, ny: 2, nz: 3, cells: .hexahedra), element: LagrangeQ1(.hexahedron))
        XCTAssertLessThan(try hexes.l2Error(try solvePoisson(hexes, source: { _ in 0 }, boundary: trilinear), exact: trilinear), 1e-12)
    }

    func testMassMatrixIntegratesConstantsAndStiffnessIsSymmetricWithConstantKernel() throws {
        for (mesh, element) in [(try Mesh.rectangle(x: 0...3, y: 0...2, nx: 4, ny: 3), LagrangeP2(.triangle) as any ReferenceElement),
                                (try Mesh.box(nx: 2, ny: 2, nz: 2), LagrangeP2(.tetrahedron)),
                                (try Mesh.box(nx: 2, ny: 2, nz: 2, cells: .hexahedra), LagrangeQ1(.hexahedron))] {
            let space = try FunctionSpace(mesh: mesh, element: element)
            let mass = try space.assemble(.mass)
            let stiffness = try space.assemble(.laplace)
            let ones = [Double](repeating: 1, count: space.dofCount)
            let measure = mesh.dimension == 2 ? 6.0 : 1.0
            XCTAssertEqual(mass.values.reduce(0, +), measure, accuracy: 1e-12)
            XCTAssertLessThan(try stiffness.multiplied(by: ones).map(abs).max()!, 1e-12)
            for row in 0..<stiffness.rowCount {
                for k in Int(stiffness.rowPointers[row])..<Int(stiffness.rowPointers[row + 1]) {
                    XCTAssertEqual(stiffness.values[k], stiffness[Int(stiffness.columnIndices[k]), row], accuracy: 1e-13)
                }
            }
        }
    }
}

final class EvaluationTests: XCTestCase {
    func testPointEvaluationReproducesInterpolatedPolynomials() throws {
        let quadratic: ([Double]) -> Double = { x in
            let xy: Double = x[0] * x[1]
            return 1 + xy - x[1] * x[1] + 0.5 * x[0]
        }
        let cases: [(Mesh, any ReferenceElement)] = [
            (try Mesh.rectangle(x: -1...1, y: 0...2, nx: 7, ny: 5), LagrangeP2(.triangle)),
            (try Mesh.box(nx: 3, ny: 4, nz: 2), LagrangeP2(.tetrahedron)),
            (try Mesh.rectangle(nx: 3, ny: 3, cells: .quadrilaterals), LagrangeQ1(.quadrilateral)),
        ]
        for (mesh, element) in cases {
            let space = try FunctionSpace(mesh: mesh, element: element)
            let d = space.dimension
            // Q1 reproduces only bilinear functions.
            let bilinear: ([Double]) -> Double = { x in
                let xy: Double = x[0] * x[1]
                return 1 + 2 * x[0] - x[1] + xy
            }
            let f = element.degree == 2 ? quadratic : bilinear
            let u = space.interpolate(f)
            var points: [Double] = []
            var lcg: UInt64 = 12345
            for _ in 0..<50 {
                for k in 0..<d {
                    lcg = lcg &* 6364136223846793005 &+ 1442695040888963407
                    let r = Double(lcg >> 11) / Double(1 << 53)
                    let lower = k == 0 && d == 2 && element.degree == 2 ? -1.0 : 0.0
                    let upper = k == 1 && d == 2 && element.degree == 2 ? 2.0 : 1.0
                    points.append(lower + (upper - lower) * r)
                }
            }
            let values = try space.evaluate(u, at: points)
            for p in 0..<50 {
                XCTAssertEqual(values[p], f(Array(points[p * d ..< (p + 1) * d])), accuracy: 1e-12, "\(element)")
            }
        }
    }

    func testPointsOutsideTheMeshAreAnErrorOrTheFillValue() throws {
        let space = try FunctionSpace(mesh: Mesh.rectangle(nx: 2, ny: 2), element: LagrangeP1(.triangle))
        let u = space.interpolate { _ in 1.0 }
        XCTAssertThrowsError(try space.evaluate(u, at: [0.5, 0.5, 1.5, 0.5])) { error in
            XCTAssertEqual("\(error)", "point 1 at [1.5, 0.5] lies outside the mesh")
        }
        XCTAssertTrue(try space.evaluate(u, at: [1.5, 0.5], outsideValue: .nan)[0].isNaN)
        XCTAssertEqual(try space.evaluate(u, at: [1.0, 1.0])[0], 1, accuracy: 1e-14)
    }
}
