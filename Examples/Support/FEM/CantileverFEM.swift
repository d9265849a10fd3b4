import ArgumentParser
import Foundation
import PDEKit

/// The plane-strain cantilever of the elasticity example: [0, 4] × [0, 1], E = 1, ν = 0.3,
/// clamped at x = 0, a total downward traction of 1 spread uniformly over x = 4.
public enum CantileverFEM {
    public static let length = 4.0, height = 1.0, youngsModulus = 1.0, poissonsRatio = 0.3

    /// One solve.
    public struct Result {
        public let space: FunctionSpace
        public let displacement: [Double]
        /// Mean vertical displacement on x = 4, sign flipped (positive downward).
        public let tipDeflection: Double
        /// fᵀu, the work of the load.
        public let compliance: Double
        public let seconds: Double
    }

    /// Timoshenko beam theory for the same beam: bending P L³ / (3 E' I) with the plane-strain
    /// modulus E' = E / (1 − ν²), plus shear P L / (κ G A) with κ = 5/6.
    public static var beamTheoryDeflection: Double {
        let plane = youngsModulus / (1 - poissonsRatio * poissonsRatio)
        let inertia = height * height * height / 12
        let shear = youngsModulus / (2 * (1 + poissonsRatio))
        return pow(length, 3) / (3 * plane * inertia) + length / (5.0 / 6.0 * shear * height)
    }

    /// Solves on 4n × n squares split into triangles, with P`order` elements.
    public static func solve(n: Int, order: Int = 1) throws -> Result {
        guard n >= 1 else { throw ValidationError("--n must be at least 1, got \(n)") }
        guard order == 1 || order == 2 else { throw ValidationError("--order must be 1 or 2, got \(order)") }
        let clock = Stopwatch()
        let mesh = try Mesh.rectangle(x: 0...length, y: 0...height, nx: 4 * n, ny: n)
        let space = try FunctionSpace(mesh: mesh, element: order == 1 ? LagrangeP1(.triangle) : LagrangeP2(.triangle), components: 2)
        let (lambda, mu) = BilinearForm.lameParameters(youngsModulus: youngsModulus, poissonsRatio: poissonsRatio)
        let stiffness = try space.assemble(.elasticity(lambda: lambda, mu: mu))
        let right = try mesh.tag(named: "right")
        // Traction (0, −1/height) on x = 4: total force 1 downward.
        let load = try space.assembleBoundary(.vectorSource { _ in SIMD3(0, -1 / height, 0) }, tags: [right])
        let clamp = DirichletCondition(space: space, tags: [try mesh.tag(named: "left")]) { _ in 0 }
        let (k, b) = try clamp.apply(to: stiffness, rightHandSide: load)
        let u = try SparseCholesky(factoring: k).solve(b)
        // Mean u_y over x = 4: ∫ u_y ds / height, with the boundary mass of the y component.
        let weights = try space.assembleBoundary(.vectorSource { _ in SIMD3(0, 1, 0) }, tags: [right])
        let meanUy = zip(weights, u).reduce(0) { $0 + $1.0 * $1.1 } / height
        let compliance = zip(load, u).reduce(0) { $0 + $1.0 * $1.1 }
        return Result(space: space, displacement: u, tipDeflection: -meanUy, compliance: compliance, seconds: clock.lap())
    }
}
