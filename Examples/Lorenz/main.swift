// lorenz: x′ = σ(y − x), y′ = x(ρ − z) − y, z′ = xy − βz with σ = 10, ρ = 28, β = 8/3, x(0) = (1, 1, 1),
// t ∈ [0, 10], by time marching (the end of each window is the next window's initial value) with
// causal weighting inside each window; `--compare` trains one plain PINN over [0, 10] with the same
// network, all the windows' points and the same wall-clock time. Reference: Dormand–Prince 5(4) at tolerance 1e-12.
// Writes metrics.json, loss.csv (per window, window-<k>/), solution.npy ([1001, 7]: t, prediction x y z,
// reference x y z) and solution.svg / error.svg to runs/lorenz/.
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

@main
struct Lorenz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lorenz", abstract: "Causal physics-informed time marching for the Lorenz system.")

    @Option(help: "Output folder (default runs/lorenz).") var output: String?
    @Option(help: "Random seed of the weights.") var seed: UInt64 = 0
    @Option(help: "The final time T.") var horizon: Double = 10
    @Option(help: "Time windows over [0, T].") var windows: Int = 40
    @Option(help: "Adam steps per window.") var steps: Int = 500
    @Option(name: .customLong("lbfgs-steps"), help: "L-BFGS iterations per window after Adam.") var lbfgsSteps: Int = 2000
    @Option(help: "Initial Adam learning rate (halved over the Adam steps).") var learningRate: Double = 1e-2
    @Option(help: "Collocation points per window.") var points: Int = 128
    @Option(help: "Hidden layer width.") var width: Int = 64
    @Option(help: "Hidden layers.") var depth: Int = 3
    @Option(help: "Causal time slices per window.") var slices: Int = 8
    @Flag(help: "Continue from the windows' checkpoints in OUTPUT.") var resume = false
    @Option(help: "Stop after this many seconds, keeping the windows trained.") var budget: Double?
    @Option(help: "Print a progress line every N steps (0: quiet).") var progressEvery: Int = 500
    @Flag(help: "Also train one plain PINN over [0, T] with the same network for the same wall-clock time.") var compare = false

    func validate() throws {
        guard horizon > 0, horizon.isFinite else { throw ValidationError("--horizon must be a positive number") }
        guard windows >= 1, points >= 1, width >= 1, depth >= 1, slices >= 1 else {
            throw ValidationError("--windows, --points, --width, --depth and --slices must be at least 1")
        }
        guard steps >= 0, lbfgsSteps >= 0, steps + lbfgsSteps > 0 else { throw ValidationError("--steps and --lbfgs-steps must be ≥ 0, not both 0") }
        guard progressEvery >= 0 else { throw ValidationError("--progress-every must be ≥ 0") }
        if let budget, !(budget > 0) { throw ValidationError("--budget must be a positive number of seconds") }
    }

    var stages: [TrainingStage] {
        (steps > 0 ? [.adam(steps: steps, schedule: .exponentialDecay(initial: learningRate, rate: 0.5, decaySteps: max(steps / 2, 1)))] : [])
            + (lbfgsSteps > 0 ? [.lbfgs(iterations: lbfgsSteps)] : [])
    }

    func run() throws {
        try ExampleRunner.main("lorenz") {
            let start = Date()
            let folder = URL(fileURLWithPath: output ?? "runs/lorenz")
            let times = (0...1000).map { horizon * Double($0) / 1000 }
            let reference = try LorenzCase.reference(times: times)
            let grid = Tensor(shape: [times.count, 1], scalars: times)

            var options = TrainingOptions(stages: stages)
            options.output = folder
            options.resume = resume
            options.wallClockBudget = budget
            options.progressEvery = progressEvery
            options.checkpointEvery = max(steps + lbfgsSteps, 1)
            let marching = LorenzCase.marching(horizon: horizon, windows: windows, points: points, width: width, depth: depth, slices: slices,
                                               options: options, seed: seed)
            try marching.train()
            guard marching.models.count == windows else {
                throw TrainingError.invalidConfiguration("stopped after \(marching.models.count) of \(windows) windows "
                                                         + "(budget); rerun with --resume to continue")
            }
            let prediction = marching.predict(grid)
            let trainingSeconds = Date().timeIntervalSince(start)

            var extra: [(String, MetricsFile.Value)] = []
            if compare {
                var plainOptions = TrainingOptions(stages: stages.map { stage in
                    switch stage {
                    case let .adam(s, _): return .adam(steps: s * windows, schedule: .exponentialDecay(initial: learningRate, rate: 0.5,
                                                                                                     decaySteps: max(s * windows / 2, 1)))
                    case let .lbfgs(i, h, g): return .lbfgs(iterations: i * windows, historySize: h, gradientTolerance: g)
                    }
                })
                plainOptions.output = folder.appendingPathComponent("plain")
                plainOptions.progressEvery = progressEvery
                plainOptions.wallClockBudget = budget ?? trainingSeconds     // the same wall-clock budget
                let (problem, model) = LorenzCase.plain(horizon: horizon, points: points * windows, width: width, depth: depth, seed: seed)
                print("lorenz: training one plain PINN over [0, 10] for comparison → \(plainOptions.output!.path)")
                let trainer = try Trainer(problem: problem, model: model, options: plainOptions)
                let report = try trainer.train()
                extra.append(("relative_l2_plain", .number(relativeError(trainer.model.predict(grid), reference))))
                extra.append(("training_seconds_plain", .number(report.seconds)))
            }
            try write(prediction: prediction, reference: reference, times: times, folder: folder,
                      trainingSeconds: trainingSeconds, start: start, extra: extra)
        }
    }

    func relativeError(_ p: Tensor, _ r: Tensor, component: Int? = nil) -> Double {
        var d = 0.0, n = 0.0
        for i in 0..<r.count where component == nil || i % 3 == component! {
            d += (p.scalars[i] - r.scalars[i]) * (p.scalars[i] - r.scalars[i])
            n += r.scalars[i] * r.scalars[i]
        }
        return (d / n).squareRoot()
    }

    func write(prediction: Tensor, reference: Tensor, times: [Double], folder: URL, trainingSeconds: Double, start: Date,
               extra: [(String, MetricsFile.Value)]) throws {
        let n = times.count
        let error = relativeError(prediction, reference)
        var table: [Double] = []
        for i in 0..<n { table += [times[i]] + prediction.scalars[(3 * i)..<(3 * i + 3)] + reference.scalars[(3 * i)..<(3 * i + 3)] }
        do {
            try Tensor(shape: [n, 7], scalars: table).writeNumpy(to: folder.appendingPathComponent("solution.npy"))
            var curves = LinePlot(title: "lorenz: prediction and reference", xLabel: "t", yLabel: "value")
            var errors = LinePlot(title: "lorenz: pointwise error", xLabel: "t", yLabel: "error", yScale: .log10)
            for (c, name) in ["x", "y", "z"].enumerated() {
                let p = (0..<n).map { prediction.scalars[3 * $0 + c] }, r = (0..<n).map { reference.scalars[3 * $0 + c] }
                curves.addSeries("\(name) reference", x: times, y: r)
                curves.addSeries("\(name) prediction", x: times, y: p)
                errors.addSeries("|\(name) error|", x: times, y: zip(p, r).map { max(abs($0 - $1), 1e-300) })
            }
            try curves.write(to: folder.appendingPathComponent("solution.svg"))
            try errors.write(to: folder.appendingPathComponent("error.svg"))
        } catch {
            throw TrainingError.output("cannot write to \(folder.path): \(error)")
        }
        var metrics = MetricsFile()
        metrics["example"] = .text("lorenz")
        metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
        metrics["training_seconds"] = .number(trainingSeconds)
        metrics["seed"] = .integer(Int(seed))
        metrics["relative_l2"] = .number(error)
        for (c, name) in ["x", "y", "z"].enumerated() { metrics["relative_l2_\(name)"] = .number(relativeError(prediction, reference, component: c)) }
        let half = 3 * 501
        metrics["relative_l2_first_half"] = .number(relativeError(Tensor(Array(prediction.scalars[..<half])), Tensor(Array(reference.scalars[..<half]))))
        metrics["max_abs_error"] = .number(zip(prediction.scalars, reference.scalars).map { abs($0 - $1) }.max() ?? .nan)
        metrics["windows"] = .integer(windows)
        for (name, value) in extra { metrics[name] = value }
        try metrics.write(to: folder.appendingPathComponent("metrics.json"))
        print("lorenz: relative L2 error " + String(format: "%.2e", error) + " over t ∈ [0, \(horizon)] (\(windows) windows, "
              + String(format: "%.1f", trainingSeconds) + " s) → \(folder.path)")
    }
}
