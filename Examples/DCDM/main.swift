// dcdm: the deep conjugate direction method for the 3-D pressure Poisson equation (7-point Laplacian
// on an n³ box, optionally with a solid sphere). Trains the direction network on a small grid
// (`--train`), or loads Data/dcdm_weights.ckpt, then solves a random right-hand side at each size in
// `--sizes` with DCDM, CG, Jacobi-PCG, IC(0)-PCG and CHOLMOD to the same relative residual and
// reports iterations and seconds. Writes metrics.json, residuals_<N>[_obstacle].svg and, when
// training, loss.csv, loss.svg and the weights to runs/dcdm/.
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

struct DCDMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcdm",
        abstract: "Deep conjugate directions vs CG, Jacobi-PCG, IC(0)-PCG and CHOLMOD on 3-D Poisson problems.")

    enum Obstacle: String, ExpressibleByArgument, CaseIterable { case none, sphere, both }

    @Option(help: "Output folder (default runs/dcdm).") var output: String?
    @Option(help: "Random seed (network, Lanczos start, samples, right-hand sides).") var seed: UInt64 = 0
    @Option(help: "Weights to load (ignored with --train).") var weights: String = "Data/dcdm_weights.ckpt"
    @Flag(help: "Train a network instead of loading one; writes OUTPUT/dcdm_weights.ckpt.") var train = false
    @Flag(name: .customLong("fine-tune"), help: "With --train: start from --weights instead of fresh weights.") var fineTune = false
    @Option(name: .customLong("train-n"), help: "Training grid cells per side (even).") var trainN: Int = 16
    @Option(name: .customLong("train-steps"), help: "Adam steps.") var trainSteps: Int = 2000
    @Option(name: .customLong("train-budget"), help: "Stop training after this many seconds.") var trainBudget: Double = 240
    @Option(name: .customLong("lanczos-steps"), help: "Lanczos steps for the training right-hand sides.") var lanczosSteps: Int = 200
    @Option(help: "Training right-hand sides.") var samples: Int = 400
    @Option(name: .customLong("extra-levels"), help: "With --train (fresh weights): coarsening levels added to the spec's network (0: the spec's).") var extraLevels: Int = 0
    @Option(name: .customLong("batch-size"), help: "Right-hand sides per Adam step.") var batchSize: Int = 4
    @Option(name: .customLong("learning-rate"), help: "Adam learning rate.") var learningRate: Double = 1e-3
    @Option(help: "Comma-separated evaluation grid sizes (even), e.g. 64,128; empty: no evaluation.") var sizes: String = "64"
    @Option(help: "none, sphere (a solid ball of radius n/4 in the middle) or both.") var obstacle: Obstacle = .none
    @Flag(name: .customLong("solid-channel"), help: "With --train: the network also reads the solid cells (a second input channel; added with zero weights to --fine-tune weights that lack it).") var solidChannel = false
    @Option(name: .customLong("train-obstacle"), help: "With --train: the training grid has none, a sphere, or both in turn (one step each).") var trainObstacle: Obstacle = .none
    @Option(help: "Comma-separated methods among dcdm, cg, jacobi, ic0, cholmod.") var methods: String = "dcdm,cg,jacobi,ic0,cholmod"
    @Option(help: "Relative residual ‖b − Ax‖/‖b‖ to reach.") var tolerance: Double = 1e-6
    @Option(name: .customLong("max-iterations"), help: "Iteration limit of the Krylov methods.") var maxIterations: Int = 5000
    @Option(name: .customLong("dcdm-max-iterations"), help: "Iteration limit of DCDM.") var dcdmMaxIterations: Int = 300
    @Option(help: "Previous directions each DCDM direction is A-orthogonalised against (k; the paper: 2).") var directions: Int = 2
    @Option(name: .customLong("residual-steps"), help: "Conjugate-gradient steps along the residual after each network step (0: the paper's DCDM).") var residualSteps: Int = 0
    @Option(name: .customLong("progress-every"), help: "Print a training line every N steps (0: quiet).") var progressEvery: Int = 50

    var sizeList: [Int] { sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
    var methodList: [SolverComparison.Method] {
        methods.split(separator: ",").compactMap { SolverComparison.Method(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        let sizeParts = sizes.split(separator: ",")
        guard sizeList.count == sizeParts.count, sizeList.allSatisfy({ $0 >= 4 && $0 % 2 == 0 && $0 <= 512 }) else {
            throw ValidationError("--sizes must list even grid sizes between 4 and 512, got '\(sizes)'")
        }
        guard methodList.count == methods.split(separator: ",").count, !methodList.isEmpty else {
            throw ValidationError("--methods must list some of dcdm, cg, jacobi, ic0, cholmod, got '\(methods)'")
        }
        guard trainN >= 4, trainN % 2 == 0 else { throw ValidationError("--train-n must be even and at least 4, got \(trainN)") }
        guard (0...4).contains(extraLevels) else { throw ValidationError("--extra-levels must be between 0 and 4, got \(extraLevels)") }
        guard trainSteps >= 1, samples >= 1, batchSize >= 1, lanczosSteps >= 2 else {
            throw ValidationError("--train-steps, --samples and --batch-size must be ≥ 1 and --lanczos-steps ≥ 2")
        }
        guard learningRate > 0, tolerance > 0, tolerance < 1 else {
            throw ValidationError("--learning-rate must be > 0 and --tolerance in (0, 1)")
        }
        guard maxIterations >= 1, dcdmMaxIterations >= 1 else { throw ValidationError("iteration limits must be ≥ 1") }
        guard (0...64).contains(directions) else { throw ValidationError("--directions must be between 0 and 64, got \(directions)") }
        guard (0...16).contains(residualSteps) else { throw ValidationError("--residual-steps must be between 0 and 16, got \(residualSteps)") }
    }

    func run() throws {
        try ExampleRunner.main("dcdm") {
            AllocatorTuning.keepLargeBuffers()
            let start = Date()
            let folder = try FEMOutputs.makeFolder(output, example: "dcdm")
            var metrics = MetricsFile()
            metrics["example"] = .text("dcdm")
            metrics["seed"] = .integer(Int(seed))
            metrics["directions"] = .integer(directions)
            metrics["residual_steps"] = .integer(residualSteps)
            metrics["tolerance"] = .number(tolerance)

            var network: DCDMNetwork?
            if train {
                let training = DCDMTraining(n: trainN, lanczosSteps: lanczosSteps, sampleCount: samples, batchSize: batchSize,
                                            steps: trainSteps, learningRate: learningRate, budget: trainBudget, seed: seed,
                                            extraLevels: extraLevels, solidChannel: solidChannel,
                                            grids: trainObstacle == .none ? [.box] : trainObstacle == .sphere ? [.sphere] : [.box, .sphere])
                let loaded = fineTune ? try loadNetwork() : nil
                let initial = solidChannel ? loaded?.addingSolidChannel() : loaded
                let multiple = initial?.sizeMultiple ?? 2 << extraLevels
                guard trainN % multiple == 0 else {
                    throw ValidationFailure("--train-n must be a multiple of \(multiple) for this network, got \(trainN)")
                }
                let result = try training.run(from: initial, progressEvery: progressEvery)
                network = result.network
                try writeTrainingOutputs(result, folder: folder, metrics: &metrics)
            } else if methodList.contains(.dcdm) {
                network = try loadNetwork()
            }

            if let network, let size = sizeList.first(where: { $0 % network.sizeMultiple != 0 }) {
                throw ValidationFailure("--sizes must be multiples of \(network.sizeMultiple) for this network, got \(size)")
            }
            let obstacles: [Bool] = obstacle == .none ? [false] : obstacle == .sphere ? [true] : [false, true]
            var summary: [String] = []
            for n in sizeList {
                for withSphere in obstacles {
                    let grid = withSphere ? try PoissonGrid.sphereObstacle(n: n) : try PoissonGrid.box(n: n)
                    let problem = try SolverComparison(grid: grid, seed: seed)
                    let suffix = "\(n)" + (withSphere ? "_obstacle" : "")
                    var plot = LinePlot(title: "\(n)³\(withSphere ? " with a solid sphere" : ""): relative residual",
                                        xLabel: "iteration", yLabel: "‖r‖/‖b‖", yScale: .log10)
                    for method in methodList {
                        let limit = method == .dcdm ? dcdmMaxIterations : maxIterations
                        let outcome: SolverComparison.Outcome
                        do {
                            outcome = try problem.run(method, tolerance: tolerance, maxIterations: limit, network: network,
                                                  directions: directions, residualSteps: residualSteps)
                        } catch let error as SparseCholeskyError {
                            // A factor that does not fit in memory (CHOLMOD status −2) is recorded, and the run goes on.
                            metrics["failed_\(method.rawValue)_\(suffix)"] = .integer(1)
                            say("dcdm: \(method.rawValue) at \(n)³\(withSphere ? " sphere" : ""): \(error)")
                            summary.append("\(method.rawValue) \(n)³: \(error)")
                            continue
                        }
                        metrics["iterations_\(method.rawValue)_\(suffix)"] = .integer(outcome.iterations)
                        metrics["seconds_\(method.rawValue)_\(suffix)"] = .number(outcome.seconds)
                        metrics["relative_residual_\(method.rawValue)_\(suffix)"] = .number(outcome.relativeResidual)
                        if !outcome.converged { metrics["converged_\(method.rawValue)_\(suffix)"] = .integer(0) }
                        if !outcome.history.isEmpty { plot.addSeries(method.rawValue, y: outcome.history) }
                        let name = method.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                        let line = String(format: "%@ %4d³%@ %6d it  %8.2f s (setup %.2f s)  ‖r‖/‖b‖ %.2e%@",
                                          name, n, withSphere ? " sphere" : "       ", outcome.iterations,
                                          outcome.seconds, outcome.setupSeconds, outcome.relativeResidual,
                                          outcome.converged ? "" : "  NOT CONVERGED")
                        say("dcdm: " + line)
                        summary.append(line)
                    }
                    if !plot.series.isEmpty { try plot.write(to: folder.appendingPathComponent("residuals_\(suffix).svg")) }
                }
            }
            metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
            try metrics.write(to: folder.appendingPathComponent("metrics.json"))
            say("dcdm: \(summary.count) solves in \(String(format: "%.0f", Date().timeIntervalSince(start))) s; outputs in \(folder.path)")
        }
    }

    func loadNetwork() throws -> DCDMNetwork {
        let url = URL(fileURLWithPath: weights)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ValidationFailure("no weights at \(url.path) (run with --train, or pass --weights)")
        }
        return try DCDMNetwork(checkpoint: Checkpoint(contentsOf: url))
    }

    func writeTrainingOutputs(_ result: DCDMTraining.Result, folder: URL, metrics: inout MetricsFile) throws {
        var checkpoint = result.network.checkpoint()
        checkpoint.metadata["train_n"] = "\(trainN)"
        checkpoint.metadata["train_obstacle"] = trainObstacle.rawValue
        checkpoint.metadata["steps"] = "\(result.losses.count)"
        checkpoint.metadata["command"] = CommandLine.arguments.dropFirst().joined(separator: " ")
        try checkpoint.write(to: folder.appendingPathComponent("dcdm_weights.ckpt"))
        let rows = ["step,loss"] + result.losses.enumerated().map { "\($0.offset),\($0.element)" }
        try (rows.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("loss.csv"), atomically: true, encoding: .utf8)
        var plot = LinePlot(title: "DCDM training loss at \(trainN)³", xLabel: "Adam step", yLabel: "loss", yScale: .log10)
        plot.addSeries("loss", y: result.losses)
        try plot.write(to: folder.appendingPathComponent("loss.svg"))
        let tail = result.losses.suffix(50)
        metrics["train_n"] = .integer(trainN)
        metrics["train_obstacle"] = .text(trainObstacle.rawValue)
        metrics["solid_channel"] = .integer(result.network.hasSolidChannel ? 1 : 0)
        metrics["train_steps"] = .integer(result.losses.count)
        metrics["train_seconds"] = .number(result.seconds)
        metrics["lanczos_seconds"] = .number(result.lanczosSeconds)
        metrics["final_loss"] = .number(tail.reduce(0, +) / Double(max(tail.count, 1)))
        say(String(format: "dcdm: trained %d steps in %.0f s, final loss %.4f; weights in %@", result.losses.count,
                     result.seconds, tail.reduce(0, +) / Double(max(tail.count, 1)),
                     folder.appendingPathComponent("dcdm_weights.ckpt").path))
    }
}

DCDMCommand.main()
