// poisson-fem: −Δu = 2π² sin(πx) sin(πy) on the unit square, u = 0 on the boundary, P1 or P2
// triangles on n × n meshes (each square split in two). Exact solution u = sin(πx) sin(πy).
//
// `--n N` solves once; without it, a convergence table over n = 16, 32, … up to --max-n for the
// chosen order (both orders by default), with L2 and H1-seminorm errors and observed orders.
// Writes metrics.json, errors.csv (table runs), solution.vtu, solution.npy and solution.png
// (solution | exact | error) to runs/poisson-fem/.
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

@main
struct PoissonFEMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poisson-fem",
        abstract: "Finite elements for −Δu = 2π² sin(πx) sin(πy) on the unit square: errors, orders and timings.")

    @Option(help: "Output folder (default runs/poisson-fem).") var output: String?
    @Option(help: "Element order, 1 (P1) or 2 (P2); a table run without it covers both.") var order: Int?
    @Option(help: "Cells per side; solves once at this size instead of the table.") var n: Int?
    @Option(name: .customLong("max-n"), help: "Largest n of the convergence table.") var maxN: Int = 256
    @Option(help: "Linear solver: cholmod, pcg (IC(0)-preconditioned CG) or amg (CG with smoothed-aggregation AMG).") var solver: PoissonFEM.Solver = .cholmod

    func validate() throws {
        if let order, order != 1, order != 2 { throw ValidationError("--order must be 1 or 2, got \(order)") }
        if let n, n < 1 { throw ValidationError("--n must be at least 1, got \(n)") }
        guard maxN >= 16 else { throw ValidationError("--max-n must be at least 16, got \(maxN)") }
    }

    func run() throws {
        try ExampleRunner.main("poisson-fem") {
            let start = Date()
            let folder = try FEMOutputs.makeFolder(output, example: "poisson-fem")
            var (last, metrics) = try PoissonFEM.runTable(example: "poisson-fem", dimension: 2, order: order, n: n, firstN: 16,
                                                          maxN: maxN, solver: solver, folder: folder)
            try FEMOutputs.writeGridPictures(space: last.space, solution: last.solution, exact: PoissonFEM.exact, folder: folder)
            try FEMOutputs.writeVTU(space: last.space, fields: ["u": last.solution], to: folder.appendingPathComponent("solution.vtu"))
            metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
            try metrics.write(to: folder.appendingPathComponent("metrics.json"))
            print(PoissonFEM.summary("poisson-fem", last, folder: folder))
        }
    }
}
