// poisson-1d: −u″ = π² sin(πx) on [−1, 1], u(±1) = 0, exact solution u = sin(πx).
//
// A tanh network N(x) with the boundary conditions built in, u = (1 − x²) N(x), is trained on the
// residual at collocation points: Adam first, then L-BFGS. u″ comes from Taylor jets, so each
// loss-and-gradient evaluation is one forward pass and one reverse sweep.
import ArgumentParser
import Foundation
import PDEKit

@main
struct Poisson1D: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poisson-1d",
        abstract: "Physics-informed network for −u″ = π² sin(πx) on [−1, 1] with u(±1) = 0.")

    @Option(help: "Output folder.") var output: String = "runs/poisson-1d"
    @Option(help: "Random seed (weights and collocation points).") var seed: UInt64 = 0
    @Option(help: "Adam steps.") var steps: Int = 2000
    @Option(help: "L-BFGS iterations after Adam.") var lbfgsSteps: Int = 1000
    @Option(help: "Collocation points.") var points: Int = 128
    @Option(help: "Hidden layer width.") var width: Int = 32
    @Option(help: "Hidden layers.") var depth: Int = 3
    @Option(help: "Adam learning rate.") var learningRate: Double = 2e-3

    func validate() throws {
        guard steps >= 0, lbfgsSteps >= 0 else { throw ValidationError("--steps and --lbfgs-steps must be ≥ 0") }
        guard points >= 2 else { throw ValidationError("--points must be at least 2") }
        guard width >= 1, depth >= 1 else { throw ValidationError("--width and --depth must be at least 1") }
        guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--learning-rate must be positive") }
    }

    func run() throws {
        do { try solve() } catch let error as ExampleFailure {
            FileHandle.standardError.write(Data("poisson-1d: \(error.message)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("poisson-1d: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    func solve() throws {
        AllocatorTuning.keepLargeBuffers()
        let start = Date()
        let folder = URL(fileURLWithPath: output)
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw ExampleFailure(message: "cannot create output folder \(output): \(error.localizedDescription)")
        }
        let key = RandomKey(seed: seed)
        var net = MLP(sizes: [1] + Array(repeating: width, count: depth) + [1], activation: .tanh, key: key.fold(in: 0))

        // Collocation points: a stratified random sample of the open interval.
        let jitter = key.fold(in: 1).uniform([points])
        let x = Tensor(shape: [points, 1], scalars: (0..<points).map { -1 + 2 * (Double($0) + jitter.scalars[$0]) / Double(points) })
        let forcing = Variable(x.map { Double.pi * Double.pi * Foundation.sin(.pi * $0) })
        let plan = DerivativePlan(dimension: 1, partials: [[2]])

        /// u = (1 − x²) N(x) as a jet: the hard constraint makes u(±1) = 0 exactly.
        func solution(_ n: MLP, _ input: Jet) -> Jet { (1.0 - input * input) * n(input) }
        func loss(_ n: MLP) -> Variable {
            let d = plan.evaluate({ solution(n, $0) }, at: Variable(x))
            return (-d[[2]] - forcing).squared().mean()
        }

        var history: [(step: Int, stage: String, loss: Double)] = []
        var lastGood = net.parameterTensors

        // Stage 1: Adam.
        var adam = Adam(schedule: .exponentialDecay(initial: learningRate, rate: 0.5, decaySteps: max(steps / 3, 1)))
        var parameters = net.parameterTensors
        let progressEvery = max(steps / 10, 1)
        for step in 0..<steps {
            let l = loss(net)
            guard l.scalar.isFinite else {
                net.setParameterTensors(lastGood)
                try saveCheckpoint(net, step: step, to: folder)
                throw ExampleFailure(message: "loss became \(l.scalar) at Adam step \(step); the last good parameters are in \(output)/model.ckpt")
            }
            lastGood = parameters
            history.append((step, "adam", l.scalar))
            adam.update(&parameters, gradients: gradients(of: l, wrt: net.parameters).map(\.value))
            net.setParameterTensors(parameters)
            if step % progressEvery == 0 || step == steps - 1 {
                print(String(format: "adam  %5d/%d  loss %.3e", step + 1, steps, l.scalar))
            }
        }

        // Stage 2: L-BFGS on the flattened parameters.
        var lbfgsIterations = 0
        var stopReason = "none"
        if lbfgsSteps > 0 {
            let template = net.parameterTensors
            let offset = history.count
            let report = LBFGS(historySize: 50, maxIterations: lbfgsSteps, gradientTolerance: 1e-12)
                .minimize(from: ParameterVector.flatten(template)) { theta in
                    var model = net
                    model.setParameterTensors(ParameterVector.unflatten(theta, like: template))
                    let l = loss(model)
                    return (l.scalar, ParameterVector.flatten(gradients(of: l, wrt: model.parameters).map(\.value)))
                } callback: { progress in
                    history.append((offset + progress.iteration - 1, "lbfgs", progress.value))
                    if progress.iteration % max(lbfgsSteps / 10, 1) == 0 {
                        print(String(format: "lbfgs %5d/%d  loss %.3e  |grad| %.2e", progress.iteration, lbfgsSteps, progress.value, progress.gradientNorm))
                    }
                    return true
                }
            if report.value.isFinite {
                net.setParameterTensors(ParameterVector.unflatten(report.x, like: template))
            }
            lbfgsIterations = report.iterations
            stopReason = report.reason.rawValue
        }

        // Validation on a fine grid against the exact solution.
        let grid = Tensor(shape: [1001, 1], scalars: (0..<1001).map { -1 + 2 * Double($0) / 1000 })
        let predicted = solution(net, Jet(Variable(grid))).value.value
        let exact = grid.map { Foundation.sin(.pi * $0) }
        let relativeL2 = (predicted - exact).norm() / exact.norm()
        let maxError = (predicted - exact).maxAbs()
        let finalLoss = loss(net).scalar

        // Outputs.
        try saveCheckpoint(net, step: steps + lbfgsIterations, to: folder)
        try Tensor.concatenate([grid, predicted, exact], alongAxis: 1).writeNumpy(to: folder.appendingPathComponent("solution.npy"))
        var csv = CSVWriter(header: ["step", "stage", "loss"])
        for h in history { try csv.appendRow([.text(String(h.step)), .text(h.stage), .number(h.loss)]) }
        try csv.write(to: folder.appendingPathComponent("loss.csv"))
        var lossPlot = LinePlot(title: "poisson-1d training loss", xLabel: "step", yLabel: "loss", yScale: .log10)
        lossPlot.addSeries("loss", x: history.map { Double($0.step) }, y: history.map(\.loss))
        try lossPlot.write(to: folder.appendingPathComponent("loss.svg"))
        var solutionPlot = LinePlot(title: "u(x): prediction and exact sin(pi x)", xLabel: "x", yLabel: "u")
        solutionPlot.addSeries("exact", x: grid.scalars, y: exact.scalars)
        solutionPlot.addSeries("prediction", x: grid.scalars, y: predicted.scalars)
        try solutionPlot.write(to: folder.appendingPathComponent("solution.svg"))
        var errorPlot = LinePlot(title: "pointwise error |u - sin(pi x)|", xLabel: "x", yLabel: "error", yScale: .log10)
        errorPlot.addSeries("error", x: grid.scalars, y: (predicted - exact).scalars.map { Swift.abs($0) })
        try errorPlot.write(to: folder.appendingPathComponent("error.svg"))

        let wall = Date().timeIntervalSince(start)
        var metrics = MetricsFile()
        metrics["example"] = .text("poisson-1d")
        metrics["wall_seconds"] = .number(wall)
        metrics["seed"] = .integer(Int(seed))
        metrics["relative_l2"] = .number(relativeL2)
        metrics["max_abs_error"] = .number(maxError)
        metrics["final_loss"] = .number(finalLoss)
        metrics["adam_steps"] = .integer(steps)
        metrics["lbfgs_iterations"] = .integer(lbfgsIterations)
        metrics["lbfgs_stop_reason"] = .text(stopReason)
        metrics["parameters"] = .integer(net.parameterCount)
        try metrics.write(to: folder.appendingPathComponent("metrics.json"))
        print(String(format: "poisson-1d: relative L2 error %.2e, max error %.2e, %d Adam + %d L-BFGS steps in %.1f s → %@",
                     relativeL2, maxError, steps, lbfgsIterations, wall, output))
    }

    func saveCheckpoint(_ net: MLP, step: Int, to folder: URL) throws {
        var checkpoint = Checkpoint()
        checkpoint.set(net.parameterEntries())
        checkpoint.metadata["example"] = "poisson-1d"
        checkpoint.metadata["sizes"] = net.sizes.map(String.init).joined(separator: ",")
        checkpoint.metadata["step"] = "\(step)"
        try checkpoint.write(to: folder.appendingPathComponent("model.ckpt"))
    }
}

/// A failure the example reports in one line.
struct ExampleFailure: Error { let message: String }
