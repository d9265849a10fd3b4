// inverse-conductivity: recover κ(x, y) > 0 in −∇·(κ∇u) = 10 on the unit square, u = 0 on the
// boundary, from nodal observations of u with 1% Gaussian noise. κ = exp(N(x, y)) with a small tanh
// network N; L-BFGS on the data misfit, each gradient one forward and one adjoint finite-element
// solve (the differentiable solve of FiniteElements). Writes metrics.json (relative_error_kappa,
// data_misfit, iterations), loss.csv, kappa.png (recovered | true | error), solution.vtu (u and κ)
// to runs/inverse-conductivity/.
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

@main
struct InverseConductivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inverse-conductivity",
        abstract: "Recover a conductivity field from noisy observations through the adjoint of a finite-element solve.")

    @Option(help: "Output folder (default runs/inverse-conductivity).") var output: String?
    @Option(help: "Random seed (network weights and noise).") var seed: UInt64 = 0
    @Option(help: "Squares per side of the P1 mesh.") var n: Int = 32
    @Option(help: "Noise standard deviation relative to max |u|.") var noise: Double = 0.01
    @Option(help: "L-BFGS iterations.") var iterations: Int = 1000
    @Option(help: "Hidden layer width of the conductivity network.") var width: Int = 16

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1, got \(iterations)") }
        guard width >= 1 else { throw ValidationError("--width must be at least 1, got \(width)") }
    }

    func run() throws {
        try ExampleRunner.main("inverse-conductivity") {
            let start = Date()
            let folder = try FEMOutputs.makeFolder(output, example: "inverse-conductivity")
            let problem = try ConductivityInversion(n: n, noise: noise, seed: seed)
            var model = MLP(sizes: [2, width, width, 1], activation: .tanh, key: RandomKey(seed: seed))
            let template = model.parameterTensors
            var failure: Error?
            var rows = ["iteration,loss,relative_error_kappa"]
            let optimizer = LBFGS(historySize: 20, maxIterations: iterations, gradientTolerance: 1e-12)
            let report = optimizer.minimize(from: ParameterVector.flatten(template), { x in
                var trial = model
                trial.setParameterTensors(ParameterVector.unflatten(x, like: template))
                do { return try problem.lossAndGradient(trial) } catch {
                    failure = error
                    return (.infinity, [Double](repeating: 0, count: x.count))
                }
            }, callback: { p in
                var trial = model
                trial.setParameterTensors(ParameterVector.unflatten(p.x, like: template))
                let e = problem.relativeError(trial)
                rows.append("\(p.iteration),\(p.value),\(e)")
                if p.iteration % 25 == 0 {
                    print(String(format: "L-BFGS %4d  misfit %.3e  κ error %.3e  |g| %.2e", p.iteration, p.value, e, p.gradientNorm))
                }
                return failure == nil
            })
            if let failure { throw failure }
            model.setParameterTensors(ParameterVector.unflatten(report.x, like: template))
            let error = problem.relativeError(model)
            try (rows.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("loss.csv"), atomically: true, encoding: .utf8)

            // κ on a P1 field for the picture: the network at the nodes.
            let nodes = Tensor(shape: [problem.space.nodeCount, 2], scalars: problem.space.nodeCoordinates)
            let kappaNodes = model(nodes).scalars.map { Foundation.exp($0) }
            try FEMOutputs.writeGridPictures(space: problem.space, solution: kappaNodes, exact: ConductivityInversion.trueConductivity,
                                             folder: folder, name: "kappa")
            try FEMOutputs.writeVTU(space: problem.space, fields: ["u_observed": problem.observations, "kappa": kappaNodes],
                                    cellData: ["kappa_cell": problem.conductivity(model).value.scalars],
                                    to: folder.appendingPathComponent("solution.vtu"))
            var metrics = MetricsFile()
            metrics["example"] = .text("inverse-conductivity")
            metrics["seed"] = .integer(Int(seed))
            metrics["relative_error_kappa"] = .number(error)
            metrics["data_misfit"] = .number(report.value)
            metrics["noise"] = .number(noise)
            metrics["iterations"] = .integer(report.iterations)
            metrics["lbfgs_stop_reason"] = .text(report.reason.rawValue)
            metrics["cells"] = .integer(problem.space.mesh.cellCount)
            metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
            try metrics.write(to: folder.appendingPathComponent("metrics.json"))
            print(String(format: "inverse-conductivity: relative error of κ %.2e, data misfit %.2e after %d L-BFGS iterations; outputs in ",
                         error, report.value, report.iterations) + folder.path)
        }
    }
}
