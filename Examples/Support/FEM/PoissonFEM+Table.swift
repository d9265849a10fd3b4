import Foundation
import PDEKit

extension PoissonFEM {
    /// What `poisson-fem` and `poisson-3d-fem` do: one `--n` solve with its metrics, or a
    /// convergence table from `firstN` to `maxN` for one or both orders (`errors.csv`, errors and
    /// observed orders in the metrics). Prints the table; returns the last (finest) solve and the
    /// metrics so far.
    public static func runTable(
        example: String, dimension: Int, order: Int?, n: Int?, firstN: Int, maxN: Int, solver: Solver, folder: URL
    ) throws -> (last: Result, metrics: MetricsFile) {
        var metrics = MetricsFile()
        metrics["example"] = .text(example)
        metrics["seed"] = .integer(0)
        metrics["solver"] = .text(solver.rawValue)
        if let n {
            let p = order ?? 1
            let r = try solve(dimension: dimension, order: p, n: n, solver: solver)
            print(String(format: "P%d n=%d dofs=%d  L2 %.3e  H1 %.3e  assembly %.3f s  solve %.3f s", p, n, r.dofs, r.l2Error, r.h1Error, r.assemblySeconds, r.solveSeconds))
            metrics["order"] = .integer(p)
            metrics["n"] = .integer(n)
            metrics["dofs"] = .integer(r.dofs)
            metrics["l2_error"] = .number(r.l2Error)
            metrics["h1_error"] = .number(r.h1Error)
            metrics["assembly_seconds"] = .number(r.assemblySeconds)
            metrics["solve_seconds"] = .number(r.solveSeconds)
            if let iterations = r.iterations { metrics["iterations"] = .integer(iterations) }
            return (r, metrics)
        }
        var rows = ["order,n,dofs,l2_error,h1_error,l2_order,h1_order,assembly_seconds,solve_seconds"]
        var finest: Result?
        print("order      n       dofs    L2 error  order    H1 error  order  assembly s  solve s")
        for p in order.map({ [$0] }) ?? [1, 2] {
            var previous: Result?
            var size = firstN
            while size <= maxN {
                let r = try solve(dimension: dimension, order: p, n: size, solver: solver)
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
        guard let finest else { throw FiniteElementError.invalidArgument("--max-n (\(maxN)) is below the first size \(firstN)") }
        return (finest, metrics)
    }

    /// The one-line summary of a run.
    public static func summary(_ example: String, _ r: Result, folder: URL) -> String {
        "\(example): L2 error " + String(format: "%.2e", r.l2Error) + ", H1 error " + String(format: "%.2e", r.h1Error)
            + " at \(r.dofs) dofs; outputs in \(folder.path)"
    }
}
