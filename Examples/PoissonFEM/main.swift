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
    @Option(help: "Linear solver: cholmod or pcg (IC(0)-preconditioned CG).") var solver: PoissonFEM.Solver = .cholmod

    func validate() throws {
        if let order, order != 1, order != 2 { throw ValidationError("--order must be 1 or 2, got \(order)") }
        if let n, n < 1 { throw ValidationError("--n must be at least 1, got \(n)") }
        guard maxN >= 16 else { throw ValidationError("--max-n must be at least 16, got \(maxN)") }
    }

    func run() throws {
        try ExampleRunner.main("poisson-fem") {
            let start = Date()
            let folder = try FEMOutputs.makeFolder(output, example: "poisson-fem")
            var metrics = MetricsFile()
            metrics["example"] = .text("poisson-fem")
            metrics["seed"] = .integer(0)
            metrics["solver"] = .text(solver.rawValue)
            let last: PoissonFEM.Result
            if let n {
                let p = order ?? 1
                let r = try PoissonFEM.solve(dimension: 2, order: p, n: n, solver: solver)
                print(String(format: "P%d n=%d dofs=%d  L2 %.3e  H1 %.3e  assembly %.3f s  solve %.3f s", p, n, r.dofs, r.l2Error, r.h1Error, r.assemblySeconds, r.solveSeconds))
                metrics["order"] = .integer(p)
                metrics["n"] = .integer(n)
                metrics["dofs"] = .integer(r.dofs)
                metrics["l2_error"] = .number(r.l2Error)
                metrics["h1_error"] = .number(r.h1Error)
                metrics["assembly_seconds"] = .number(r.assemblySeconds)
                metrics["solve_seconds"] = .number(r.solveSeconds)
                if let iterations = r.iterations { metrics["iterations"] = .integer(iterations) }
                last = r
            } else {
                var rows = ["order,n,dofs,l2_error,h1_error,l2_order,h1_order,assembly_seconds,solve_seconds"]
                var finest: PoissonFEM.Result?
                print("order      n       dofs    L2 error  order    H1 error  order  assembly s  solve s")
                for p in order.map({ [$0] }) ?? [1, 2] {
                    var previous: PoissonFEM.Result?
                    var size = 16
                    while size <= maxN {
                        let r = try PoissonFEM.solve(dimension: 2, order: p, n: size, solver: solver)
                        let l2Order = previous.map { log($0.l2Error / r.l2Error) / log(2) }
                        let h1Order = previous.map { log($0.h1Error / r.h1Error) / log(2) }
                        func f(_ x: Double?) -> String { x.map { String(format: "%5.2f", $0) } ?? "    -" }
                        print(String(format: "P%d    %6d %10d  %10.3e  %@  %10.3e  %@  %10.3f %8.3f", p, size, r.dofs, r.l2Error, f(l2Order), r.h1Error, f(h1Order), r.assemblySeconds, r.solveSeconds))
                        rows.append("\(p),\(size),\(r.dofs),\(r.l2Error),\(r.h1Error),\(l2Order.map { "\($0)" } ?? ""),\(h1Order.map { "\($0)" } ?? ""),\(r.assemblySeconds),\(r.solveSeconds)")
                        metrics["l2_error_p\(p)_n\(size)"] = .number(r.l2Error)
                        metrics["h1_error_p\(p)_n\(size)"] = .number(r.h1Error)
                        if let l2Order, let h1Order {
                            metrics["l2_order_p\(p)"] = .number(l2Order)
                            metrics["h1_order_p\(p)"] = .number(h1Order)
                        }
                        previous = r
                        finest = r
                        size *= 2
                    }
                }
                try (rows.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("errors.csv"), atomically: true, encoding: .utf8)
                last = finest!
            }
            try FEMOutputs.writeGridPictures(space: last.space, solution: last.solution, exact: PoissonFEM.exact, folder: folder)
            try FEMOutputs.writeVTU(space: last.space, fields: ["u": last.solution], to: folder.appendingPathComponent("solution.vtu"))
            metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
            try metrics.write(to: folder.appendingPathComponent("metrics.json"))
            print("poisson-fem: L2 error " + String(format: "%.2e", last.l2Error) + ", H1 error " + String(format: "%.2e", last.h1Error)
                  + " at \(last.dofs) dofs; outputs in \(folder.path)")
        }
    }
}
