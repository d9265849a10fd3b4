import ArgumentParser
import Foundation
import PDEKit

/// The transient heat problem of the heat example: u_t = Δu on the unit square, u = 0 on the
/// boundary, u(x, 0) = sin(πx) sin(πy); exact u = e^{−2π² t} sin(πx) sin(πy).
public enum HeatFEM {
    /// The θ-scheme (M + θ Δt K) uⁿ⁺¹ = (M − (1 − θ) Δt K) uⁿ.
    public enum Scheme: String, CaseIterable, Sendable {
        case backwardEuler = "backward_euler", crankNicolson = "crank_nicolson"
        /// θ: 1 for backward Euler, 1/2 for Crank–Nicolson.
        public var theta: Double { self == .backwardEuler ? 1 : 0.5 }
    }

    /// The exact solution at time t.
    public static func exact(_ x: [Double], time t: Double) -> Double {
        exp(-2 * Double.pi * Double.pi * t) * sin(Double.pi * x[0]) * sin(Double.pi * x[1])
    }

    /// The space and its mass and stiffness matrices, assembled once for all runs.
    public struct Discretisation {
        public let space: FunctionSpace
        let mass: CSRMatrix
        let stiffness: CSRMatrix
        let wall: DirichletCondition

        /// P`order` triangles on the n × n mesh.
        public init(order: Int, n: Int) throws {
            guard order == 1 || order == 2 else { throw ValidationError("--order must be 1 or 2, got \(order)") }
            guard n >= 1 else { throw ValidationError("--n must be at least 1, got \(n)") }
            let mesh = try Mesh.rectangle(nx: n, ny: n)
            space = try FunctionSpace(mesh: mesh, element: order == 1 ? LagrangeP1(.triangle) : LagrangeP2(.triangle))
            mass = try space.assemble(.mass)
            stiffness = try space.assemble(.laplace)
            wall = DirichletCondition(space: space) { _ in 0 }
        }

        /// Marches to `finalTime` in `steps` equal steps; returns the solution at the final time.
        public func march(_ scheme: Scheme, finalTime: Double, steps: Int) throws -> [Double] {
            guard steps >= 1, finalTime > 0 else { throw ValidationError("--steps and --final-time must be positive") }
            let dt = finalTime / Double(steps), theta = scheme.theta
            let left = try mass.adding(stiffness, scaledBy: theta * dt)
            let right = try mass.adding(stiffness, scaledBy: -(1 - theta) * dt)
            let zero = [Double](repeating: 0, count: space.dofCount)
            let (system, _) = try wall.apply(to: left, rightHandSide: zero)
            let cholesky = try SparseCholesky(factoring: system)
            var u = space.interpolate { HeatFEM.exact($0, time: 0) }
            for _ in 0..<steps {
                let b = try right.multiplied(by: u)
                u = try cholesky.solve(try wall.apply(to: left, rightHandSide: b).rightHandSide)
            }
            return u
        }
    }
}
