// fem-vs-pinn: −Δu = 2π² sin(πx) sin(πy) on the unit square, u = 0 on the boundary (exact
// u = sin(πx) sin(πy)), solved by finite elements (P1 and P2 on n × n meshes) and by the PINN of
// poisson-2d (hard-constrained tanh network, Adam then L-BFGS). Both are measured the same way: the
// relative L2 error on the same 101 × 101 grid and the wall time, side by side.
// Writes metrics.json, comparison.csv and solution.png (PINN | FE P2 | exact) to runs/fem-vs-pinn/.
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

@main
struct FEMvsPINNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fem-vs-pinn",
        abstract: "The same 2D Poisson problem by finite elements and by a PINN: accuracy and time side by side.")

    @Option(help: "Output folder (default runs/fem-vs-pinn).") var output: String?
    @Option(help: "Random seed of the PINN.") var seed: UInt64 = 0
    @Option(help: "PINN Adam steps (default: poisson-2d's).") var steps: Int?
    @Option(name: .customLong("lbfgs-steps"), help: "PINN L-BFGS iterations (default: poisson-2d's).") var lbfgsSteps: Int?
    @Option(help: "Comma-separated mesh sizes n for the finite elements.") var sizes: String = "8,16,32,64"

    func run() throws {
        try ExampleRunner.main("fem-vs-pinn") {
            let start = Date()
            let folder = try FEMOutputs.makeFolder(output, example: "fem-vs-pinn")
            let meshSizes = try sizes.split(separator: ",").map { text -> Int in
                guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 1 else {
                    throw ValidationError("--sizes must be positive integers separated by commas, got '\(sizes)'")
                }
                return n
            }
            // The PINN, on the gallery definition of poisson-2d.
            let example = Gallery.poisson2D(domain: .square, seed: seed)
            var options = example.options(stages: example.stages(adam: steps, lbfgs: lbfgsSteps), seed: seed)
            options.progressEvery = 0
            let trainer = try Trainer(problem: example.problem, model: example.model, options: options)
            let clock = Stopwatch()
            _ = try trainer.train()
            let pinnSeconds = clock.lap()
            let (pinnError, _, _) = example.errors(of: trainer.model)
            let grid = example.reference.points
            let exact = example.reference.values.scalars
            let exactNorm = exact.reduce(0) { $0 + $1 * $1 }.squareRoot()

            var metrics = MetricsFile()
            metrics["example"] = .text("fem-vs-pinn")
            metrics["seed"] = .integer(Int(seed))
            metrics["relative_l2_pinn"] = .number(pinnError)
            metrics["seconds_pinn"] = .number(pinnSeconds)
            metrics["parameters_pinn"] = .integer(trainer.model.network.parameterCount)
            var rows = ["method,n,unknowns,seconds,relative_l2"]
            rows.append("pinn,,\(trainer.model.network.parameterCount),\(pinnSeconds),\(pinnError)")
            print("method        n    unknowns    seconds   relative L2 (101×101 grid)")
            print(String(format: "PINN          -  %10d  %9.3f   %.3e", trainer.model.network.parameterCount, pinnSeconds, pinnError))
            var lastP2: [Double] = []
            for order in [1, 2] {
                for n in meshSizes {
                    let clock = Stopwatch()
                    let r = try PoissonFEM.solve(dimension: 2, order: order, n: n, solver: .cholmod)
                    let seconds = clock.lap()
                    let values = try r.space.evaluate(r.solution, at: grid.scalars)
                    let error = zip(values, exact).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() / exactNorm
                    print(String(format: "FE P%d  %6d  %10d  %9.3f   %.3e", order, n, r.dofs, seconds, error))
                    rows.append("fem_p\(order),\(n),\(r.dofs),\(seconds),\(error)")
                    metrics["relative_l2_fem_p\(order)_n\(n)"] = .number(error)
                    metrics["seconds_fem_p\(order)_n\(n)"] = .number(seconds)
                    if order == 2 { lastP2 = values }
                }
            }
            try (rows.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("comparison.csv"), atomically: true, encoding: .utf8)
            // Pictures: the grid is x-major ([x, y] with y fastest); heat maps want y rows.
            let count = example.reference.axes[0].count
            func image(_ v: [Double]) -> [Double] {
                var out = [Double](repeating: 0, count: v.count)
                for i in 0..<count { for j in 0..<count { out[j * count + i] = v[i * count + j] } }
                return out
            }
            let pinn = trainer.model.predict(grid).scalars
            let panels = [("PINN", pinn), ("FE P2", lastP2), ("EXACT", exact)].map { title, values in
                HeatMap(values: image(values), width: count, height: count, xExtent: 0...1, yExtent: 0...1,
                        title: title, xLabel: "x", yLabel: "y", scale: 3)
            }
            try HeatMapPanels(panels).write(to: folder.appendingPathComponent("solution.png"))
            metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
            try metrics.write(to: folder.appendingPathComponent("metrics.json"))
            print(String(format: "fem-vs-pinn: PINN relative L2 %.2e in %.1f s; outputs in ", pinnError, pinnSeconds) + folder.path)
        }
    }
}
