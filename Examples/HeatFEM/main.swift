// heat-fem: u_t = Δu on the unit square, u = 0 on the boundary, u(x, 0) = sin(πx) sin(πy), exact
// u = e^{−2π² t} sin(πx) sin(πy). θ-scheme in time (backward Euler and Crank–Nicolson), P2 (or P1)
// triangles in space; the L2 error at the final time for step counts 4, 8, … up to --max-steps, and
// the observed order in time of each scheme (1 and 2 expected while the spatial error is smaller).
// Writes metrics.json, errors.csv, solution.vtu and solution.png (final time: solution | exact |
// error) to runs/heat-fem/.
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

@main
struct HeatFEMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heat-fem",
        abstract: "Transient heat equation: θ-scheme in time, finite elements in space, errors and orders in time.")

    @Option(help: "Output folder (default runs/heat-fem).") var output: String?
    @Option(help: "Element order, 1 or 2.") var order: Int = 2
    @Option(help: "Squares per side of the mesh.") var n: Int = 32
    @Option(name: .customLong("final-time"), help: "Final time T.") var finalTime: Double = 0.1
    @Option(name: .customLong("max-steps"), help: "Largest number of time steps (from 4, doubling).") var maxSteps: Int = 64

    func validate() throws {
        guard order == 1 || order == 2 else { throw ValidationError("--order must be 1 or 2, got \(order)") }
        guard n >= 1 else { throw ValidationError("--n must be at least 1, got \(n)") }
        guard finalTime > 0, finalTime.isFinite else { throw ValidationError("--final-time must be positive, got \(finalTime)") }
        guard maxSteps >= 8 else { throw ValidationError("--max-steps must be at least 8, got \(maxSteps)") }
    }

    func run() throws {
        try ExampleRunner.main("heat-fem") {
            let start = Date()
            let folder = try FEMOutputs.makeFolder(output, example: "heat-fem")
            let problem = try HeatFEM.Discretisation(order: order, n: n)
            let exact: ([Double]) -> Double = { HeatFEM.exact($0, time: finalTime) }
            var metrics = MetricsFile()
            metrics["example"] = .text("heat-fem")
            metrics["seed"] = .integer(0)
            metrics["order"] = .integer(order)
            metrics["n"] = .integer(n)
            metrics["dofs"] = .integer(problem.space.dofCount)
            var rows = ["scheme,steps,dt,l2_error,order"]
            var finest: [Double] = []
            print("scheme            steps          dt    L2 error   order")
            for scheme in HeatFEM.Scheme.allCases {
                var previous: Double?
                var steps = 4
                while steps <= maxSteps {
                    let u = try problem.march(scheme, finalTime: finalTime, steps: steps)
                    let error = try problem.space.l2Error(u, exact: exact)
                    let observed = previous.map { log($0 / error) / log(2) }
                    print(String(format: "%-16@ %6d  %10.3e  %10.3e  %@", scheme.rawValue, steps, finalTime / Double(steps), error,
                                 observed.map { String(format: "%5.2f", $0) } ?? "    -"))
                    rows.append("\(scheme.rawValue),\(steps),\(finalTime / Double(steps)),\(error),\(observed.map { "\($0)" } ?? "")")
                    metrics["l2_error_\(scheme.rawValue)_steps\(steps)"] = .number(error)
                    if let observed { metrics["time_order_\(scheme.rawValue)"] = .number(observed) }
                    previous = error
                    finest = u
                    steps *= 2
                }
                metrics["l2_error_\(scheme.rawValue)"] = .number(previous ?? .nan)
            }
            metrics["l2_error"] = metrics["l2_error_crank_nicolson"]
            try (rows.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("errors.csv"), atomically: true, encoding: .utf8)
            try FEMOutputs.writeGridPictures(space: problem.space, solution: finest, exact: exact, folder: folder)
            try FEMOutputs.writeVTU(space: problem.space, fields: ["u": finest], to: folder.appendingPathComponent("solution.vtu"))
            metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
            try metrics.write(to: folder.appendingPathComponent("metrics.json"))
            func value(_ key: String) -> Double { if case let .number(v)? = metrics[key] { return v }; return .nan }
            print(String(format: "heat-fem: order in time %.2f (backward Euler), %.2f (Crank–Nicolson); final L2 error %.2e; outputs in ",
                         value("time_order_backward_euler"), value("time_order_crank_nicolson"), value("l2_error")) + folder.path)
        }
    }
}
