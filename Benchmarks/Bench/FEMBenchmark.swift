import ArgumentParser
import Dispatch
import Foundation
import PDEKit

/// Times the finite-element layer on the meshes `Benchmarks/Peers/fem_skfem.py` rebuilds for
/// scikit-fem: P1 stiffness assembly on unit-square triangle meshes and unit-cube tetrahedron
/// meshes, and a full Poisson solve −Δu = 2π² sin(πx) sin(πy), u = 0 on the boundary.
///
/// The meshes are `Mesh.rectangle(nx: n, ny: n)` (each square split along its lower-left to
/// upper-right diagonal) and `Mesh.box(nx: n, ny: n, nz: n)` (six Kuhn tetrahedra per cube).
/// Assembly lines carry `quadratic_form` = xᵀ A x with xᵢ = sin(i), which depends on every entry
/// and on the vertex numbering, so equal values on both sides show the same matrix on the same mesh;
/// `nnz` counts the stored entries and `nonzero_values` those that are not exactly zero.
struct FEMBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fem",
        abstract: "Times P1 stiffness assembly and a full Poisson solve (CHOLMOD, IC(0)-PCG); one JSON line per result.")

    @Option(name: .customLong("assembly-2d"), help: "Grid sizes n of the n × n triangle meshes for assembly, comma-separated (empty skips).")
    var assembly2D: String = "512,1024"
    @Option(name: .customLong("assembly-3d"), help: "Grid sizes n of the n³ tetrahedron meshes for assembly, comma-separated (empty skips).")
    var assembly3D: String = "32,64"
    @Option(help: "Grid size n of the n × n Poisson solve (0 skips it).") var solveGrid: Int = 1024
    @Option(help: "Solvers of the Poisson solve, comma-separated: cholmod, pcg (IC(0)), amg (smoothed aggregation).") var solvers: String = "cholmod,pcg,amg"
    @Option(help: "Relative residual tolerance of IC(0)-PCG.") var tolerance: Double = 1e-10
    @Option(help: "Timed assemblies per mesh (the fastest and the median are reported).") var repeats: Int = 3
    @Option(help: "Timed full solves per solver (the fastest is reported).") var solveRepeats: Int = 1

    enum Solver: String { case cholmod, pcg, amg }

    func validate() throws {
        guard parsedGrids(assembly2D) != nil, parsedGrids(assembly3D) != nil else {
            throw ValidationError("--assembly-2d and --assembly-3d must be positive integers separated by commas")
        }
        guard parsedSolvers() != nil else { throw ValidationError("--solvers must be a comma-separated subset of cholmod, pcg, amg") }
        guard solveGrid >= 0, repeats >= 1, solveRepeats >= 1, tolerance > 0 else {
            throw ValidationError("--solve-grid must be ≥ 0, --repeats and --solve-repeats ≥ 1, --tolerance > 0")
        }
    }

    func parsedGrids(_ text: String) -> [Int]? {
        let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.allSatisfy({ ($0 ?? 0) >= 1 }) else { return nil }
        return parts.map { $0! }
    }

    func parsedSolvers() -> [Solver]? {
        let parts = solvers.split(separator: ",").map { Solver(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.map { $0! }
    }

    func run() throws {
        AllocatorTuning.keepLargeBuffers()
        for n in parsedGrids(assembly2D) ?? [] { try benchAssembly(dimension: 2, n: n) }
        for n in parsedGrids(assembly3D) ?? [] { try benchAssembly(dimension: 3, n: n) }
        if solveGrid > 0 {
            for solver in parsedSolvers() ?? [] { try benchPoisson(n: solveGrid, solver: solver) }
        }
    }

    /// The unit-square (dimension 2) or unit-cube (dimension 3) mesh with n cells per side.
    func unitMesh(dimension: Int, n: Int) throws -> Mesh {
        dimension == 2 ? try Mesh.rectangle(nx: n, ny: n) : try Mesh.box(nx: n, ny: n, nz: n)
    }

    /// P1 stiffness assembly from an existing mesh and function space.
    func benchAssembly(dimension: Int, n: Int) throws {
        let mesh = try unitMesh(dimension: dimension, n: n)
        let space = try FunctionSpace(mesh: mesh, element: LagrangeP1(dimension == 2 ? .triangle : .tetrahedron))
        var a = try space.assemble(.laplace)  // warm-up: first-touch page faults, thread start-up
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            a = try space.assemble(.laplace)
            times.append(seconds(since: start))
        }
        times.sort()
        let x = (0..<a.rowCount).map { sin(Double($0)) }
        let ax = try a.multiplied(by: x)
        let quadraticForm = zip(x, ax).reduce(0) { $0 + $1.0 * $1.1 }
        // The pattern keeps every pair of nodes sharing a cell; some of those entries are exactly 0
        // (edges opposite right angles), which scikit-fem drops.
        let nonzeroValues = a.values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        emit(["task": "assembly", "dimension": dimension, "grid": n, "cells": mesh.cellCount, "vertices": mesh.vertexCount,
              "rows": a.rowCount, "nnz": a.nonzeroCount, "nonzero_values": nonzeroValues, "threads": SparseParallelism.defaultThreadCount,
              "quadrature_degree": space.defaultQuadratureDegree(for: .laplace), "seconds_min": times[0], "seconds_median": times[times.count / 2],
              "repeats": repeats, "quadratic_form": quadraticForm])
    }

    /// The full Poisson solve from an existing mesh: space, stiffness, load, boundary condition, solve.
    func benchPoisson(n: Int, solver: Solver) throws {
        let mesh = try unitMesh(dimension: 2, n: n)
        var best: [String: Any] = [:]
        var bestTotal = Double.infinity
        for _ in 0..<solveRepeats {
            var t0 = DispatchTime.now().uptimeNanoseconds
            let space = try FunctionSpace(mesh: mesh, element: LagrangeP1(.triangle))
            let stiffness = try space.assemble(.laplace)
            let assembly = seconds(since: t0)
            t0 = DispatchTime.now().uptimeNanoseconds
            // Quadrature degree 3 (the default for a linear form on P1), as the peer's load.
            let load = try space.assemble(LinearForm { v, p in
                2 * Double.pi * Double.pi * sin(Double.pi * p.x.x) * sin(Double.pi * p.x.y) * v.value
            }, quadratureDegree: 3)
            let loadSeconds = seconds(since: t0)
            t0 = DispatchTime.now().uptimeNanoseconds
            let (k, b) = try DirichletCondition(space: space) { _ in 0 }.apply(to: stiffness, rightHandSide: load)
            let boundary = seconds(since: t0)
            t0 = DispatchTime.now().uptimeNanoseconds
            let u: [Double]
            var iterations: Int?
            var setup: Double?
            var reportedResidual: Double?
            switch solver {
            case .cholmod:
                u = try SparseCholesky(factoring: k).solve(b)
            case .pcg, .amg:
                let cg = ConjugateGradient(tolerances: SolverTolerances(relative: tolerance, maxIterations: 100_000))
                let report: SolveReport
                if solver == .pcg {
                    let preconditioner = try IncompleteCholeskyPreconditioner(k)
                    setup = seconds(since: t0)
                    report = try cg.solve(k, rightHandSide: b, preconditioner: preconditioner)
                } else {
                    let preconditioner = try SmoothedAggregationPreconditioner(k)
                    setup = seconds(since: t0)
                    report = try cg.solve(k, rightHandSide: b, preconditioner: preconditioner)
                }
                u = report.solution
                iterations = report.iterations
                reportedResidual = report.relativeResidual
            }
            let solve = seconds(since: t0)
            let total = assembly + loadSeconds + boundary + solve
            guard total < bestTotal else { continue }
            bestTotal = total
            let ku = try k.multiplied(by: u)
            let residual = zip(ku, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                / b.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let l2 = try space.l2Error(u) { x in sin(Double.pi * x[0]) * sin(Double.pi * x[1]) }
            best = ["task": "poisson", "dimension": 2, "grid": n, "solver": ["cholmod": "cholmod", "pcg": "pcg-ic0", "amg": "pcg-amg"][solver.rawValue]!,
                    "dofs": space.dofCount, "unknowns": k.rowCount, "threads": SparseParallelism.defaultThreadCount,
                    "blas_threads": ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "default",
                    "assembly_seconds": assembly, "load_seconds": loadSeconds, "boundary_seconds": boundary,
                    "solve_seconds": solve, "total_seconds": total, "relative_residual": residual, "l2_error": l2,
                    "load_quadrature_degree": 3]
            if let iterations { best["iterations"] = iterations; best["tolerance"] = tolerance }
            if let setup { best["setup_seconds"] = setup }
            // CG's own (recursively updated) residual; `relative_residual` is recomputed as ‖b − K u‖ / ‖b‖.
            if let reportedResidual { best["reported_relative_residual"] = reportedResidual }
        }
        emit(best)
    }

    func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }

    /// Prints one JSON object with the keys in sorted order, prefixed by `"peer": "pdekit"`.
    func emit(_ fields: [String: Any]) {
        var line = fields
        line["peer"] = "pdekit"
        if let data = try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]),
           let text = String(data: data, encoding: .utf8) {
            FileHandle.standardOutput.write(Data((text + "\n").utf8))  // unbuffered: lines appear as they finish
        }
    }
}
