// poisson-3d-fem: −Δu = 3π² sin(πx) sin(πy) sin(πz) on the unit cube, u = 0 on the boundary, P1
// or P2 tetrahedra on n × n × n meshes (each cube split into six). Exact u = Π sin(πxᵢ).
//
// `--n N` solves once; without it, a convergence table over n = 4, 8, … up to --max-n for the
// chosen order (both orders by default), with L2 and H1-seminorm errors and observed orders.
// Writes metrics.json, errors.csv (table runs), solution.vtu and slice.png (the plane z = 1/2:
// solution | exact | error) to runs/poisson-3d-fem/.
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

@main
struct Poisson3DFEMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poisson-3d-fem",
        abstract: "Finite elements for −Δu = 3π² Π sin(πxᵢ) on the unit cube: errors, orders and timings.")

    @Option(help: "Output folder (default runs/poisson-3d-fem).") var output: String?
    @Option(help: "Element order, 1 (P1) or 2 (P2); a table run without it covers both.") var order: Int?
    @Option(help: "Cells per side; solves once at this size instead of the table.") var n: Int?
    @Option(name: .customLong("max-n"), help: "Largest n of the convergence table.") var maxN: Int = 16
    @Option(help: "Linear solver: cholmod, pcg (IC(0)-preconditioned CG) or amg (CG with smoothed-aggregation AMG).") var solver: PoissonFEM.Solver = .cholmod

    func validate() throws {
        if let order, order != 1, order != 2 { throw ValidationError("--order must be 1 or 2, got \(order)") }
        if let n, n < 1 { throw ValidationError("--n must be at least 1, got \(n)") }
        guard maxN >= 4 else { throw ValidationError("--max-n must be at least 4, got \(maxN)") }
    }

    func run() throws {
        try ExampleRunner.main("poisson-3d-fem") {
            let start = Date()
            let folder = try FEMOutputs.makeFolder(output, example: "poisson-3d-fem")
            var (last, metrics) = try PoissonFEM.runTable(example: "poisson-3d-fem", dimension: 3, order: order, n: n, firstN: 4,
                                                          maxN: maxN, solver: solver, folder: folder)
            try FEMOutputs.writeSlicePictures(space: last.space, solution: last.solution, exact: PoissonFEM.exact, z: 0.5, folder: folder)
            try FEMOutputs.writeVTU(space: last.space, fields: ["u": last.solution], to: folder.appendingPathComponent("solution.vtu"))
            metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
            try metrics.write(to: folder.appendingPathComponent("metrics.json"))
            print(PoissonFEM.summary("poisson-3d-fem", last, folder: folder))
        }
    }
}
