import ArgumentParser
import Foundation
import PDEKit

/// The model Poisson problem of the finite-element examples: −Δu = dπ² Π sin(πxᵢ) on the unit
/// square or cube, u = 0 on the boundary, exact solution u = Π sin(πxᵢ).
public enum PoissonFEM {
    /// How the assembled system is solved.
    public enum Solver: String, ExpressibleByArgument, CaseIterable, Sendable {
        /// Sparse Cholesky (SuiteSparse CHOLMOD).
        case cholmod
        /// Conjugate gradients with an incomplete Cholesky IC(0) preconditioner, relative residual 1e-10.
        case pcg
        /// Conjugate gradients with a smoothed-aggregation AMG preconditioner, relative residual 1e-10.
        case amg
    }

    /// One solve: the space, the solution and what it cost.
    public struct Result {
        public let space: FunctionSpace
        public let solution: [Double]
        public let l2Error: Double
        public let h1Error: Double
        public let meshSeconds: Double
        public let assemblySeconds: Double
        public let solveSeconds: Double
        public let iterations: Int?
        public var dofs: Int { space.dofCount }
    }

    /// The exact solution in `dimension` dimensions.
    public static func exact(_ x: [Double]) -> Double { x.reduce(1.0) { $0 * sin(Double.pi * $1) } }

    /// Its gradient.
    public static func exactGradient(_ x: [Double]) -> [Double] {
        (0..<x.count).map { k in (0..<x.count).reduce(Double.pi) { $0 * ($1 == k ? cos(Double.pi * x[$1]) : sin(Double.pi * x[$1])) } }
    }

    /// Solves on the `n × n` (× n) mesh of triangles (tetrahedra) with P`order` elements.
    public static func solve(dimension: Int, order: Int, n: Int, solver: Solver) throws -> Result {
        guard order == 1 || order == 2 else { throw ValidationError("--order must be 1 or 2, got \(order)") }
        guard n >= 1 else { throw ValidationError("--n must be at least 1, got \(n)") }
        let clock = Stopwatch()
        let mesh = dimension == 2 ? try Mesh.rectangle(nx: n, ny: n) : try Mesh.box(nx: n, ny: n, nz: n)
        let cell: CellType = dimension == 2 ? .triangle : .tetrahedron
        let element: any ReferenceElement = order == 1 ? LagrangeP1(cell) : LagrangeP2(cell)
        let space = try FunctionSpace(mesh: mesh, element: element)
        let meshSeconds = clock.lap()
        let stiffness = try space.assemble(.laplace)
        let d = Double(dimension)
        let load = try space.assemble(.source { x in
            var u = 1.0
            for k in 0..<dimension { u *= sin(Double.pi * x[k]) }
            return d * Double.pi * Double.pi * u
        })
        let (k, b) = try DirichletCondition(space: space) { _ in 0 }.apply(to: stiffness, rightHandSide: load)
        let assemblySeconds = clock.lap()
        var iterations: Int?
        let u: [Double]
        switch solver {
        case .cholmod:
            u = try SparseCholesky(factoring: k).solve(b)
        case .pcg, .amg:
            let cg = ConjugateGradient(tolerances: SolverTolerances(relative: 1e-10, maxIterations: 100_000))
            let report = solver == .pcg
                ? try cg.solve(k, rightHandSide: b, preconditioner: try IncompleteCholeskyPreconditioner(k))
                : try cg.solve(k, rightHandSide: b, preconditioner: try SmoothedAggregationPreconditioner(k))
            u = report.solution
            iterations = report.iterations
        }
        let solveSeconds = clock.lap()
        let l2 = try space.l2Error(u, exact: exact)
        let h1 = try space.h1SeminormError(u, exactGradient: exactGradient)
        return Result(space: space, solution: u, l2Error: l2, h1Error: h1, meshSeconds: meshSeconds,
                      assemblySeconds: assemblySeconds, solveSeconds: solveSeconds, iterations: iterations)
    }
}

/// Wall-clock laps.
public final class Stopwatch {
    private var last = DispatchTime.now().uptimeNanoseconds
    public init() {}
    /// Seconds since the previous lap (or creation).
    public func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e9
    }
}
