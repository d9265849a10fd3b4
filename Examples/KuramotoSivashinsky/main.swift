// kuramoto-sivashinsky: u_t + (100/16) u u_x + (100/16²) u_xx + (100/16⁴) u_xxxx = 0, x ∈ [0, 2π) periodic,
// t ∈ [0, 1], u(x, 0) = cos x (1 + sin x), by time marching with causal weighting in each window (fourth
// derivatives from Taylor jets); `--compare` trains one plain PINN over [0, 1] with the same network and
// total budget. Reference: the ETDRK4 spectral solver (512 modes, dt = 1e-4).
// Writes metrics.json, window-<k>/loss.csv and model.ckpt, solution.npy (256 × 101, x first) and
// solution.png to runs/kuramoto-sivashinsky/.
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

@main
struct KuramotoSivashinsky: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kuramoto-sivashinsky", abstract: "Causal physics-informed time marching for the Kuramoto–Sivashinsky equation.")

    @Option(help: "Output folder (default runs/kuramoto-sivashinsky).") var output: String?
    @Option(help: "Random seed of the weights and points.") var seed: UInt64 = 0
    @Option(help: "Time windows over [0, 1].") var windows: Int = 5
    @Option(help: "Adam steps per window.") var steps: Int = 1500
    @Option(help: "Collocation points per window, redrawn every step.") var points: Int = 1024
    @Option(help: "Hidden layer width (modified MLP).") var width: Int = 64
    @Option(help: "Hidden layers.") var depth: Int = 4
    @Option(help: "Frequencies of the periodic embedding of x (cos kx, sin kx, k = 1…N).") var harmonics: Int = 1
    @Option(help: "Causal time slices per window.") var slices: Int = 16
    @Option(help: "Causality parameters ε, comma-separated, increasing (each for a third of the steps unless min w > 0.99 sooner).")
    var epsilons: String = "0.01,0.1,1"
    @Flag(name: .customLong("weight-factorization"), help: "Train the modified MLP's weights as W = V diag(exp(s)), s ~ N(1, 0.1²) (random weight factorisation).") var weightFactorization = false
    @Flag(help: "Continue from the windows' checkpoints in OUTPUT.") var resume = false
    @Option(help: "Stop after this many seconds, keeping the windows trained.") var budget: Double?
    @Option(help: "Print a progress line every N steps (0: quiet).") var progressEvery: Int = 250
    @Flag(help: "Also train one plain PINN over [0, 1] with the same network and total budget.") var compare = false
    @Option(help: "float64, or float32: the network's jets in single precision (faster steps; losses and parameters stay double).")
    var precision: NetworkPrecision = .float64

    func validate() throws {
        guard windows >= 1, points >= 1, width >= 1, depth >= 1, slices >= 1, steps >= 1 else {
            throw ValidationError("--windows, --steps, --points, --width, --depth and --slices must be at least 1")
        }
        guard parsedEpsilons != nil else { throw ValidationError("--epsilons must be a comma-separated list of non-negative numbers") }
        guard (1...32).contains(harmonics) else { throw ValidationError("--harmonics must be between 1 and 32") }
        guard progressEvery >= 0 else { throw ValidationError("--progress-every must be ≥ 0") }
        if let budget, !(budget > 0) { throw ValidationError("--budget must be a positive number of seconds") }
    }

    var parsedEpsilons: [Double]? { nonNegativeNumbers(epsilons) }

    func schedule(_ steps: Int) -> LearningRateSchedule { .exponentialDecay(initial: 1e-3, rate: 0.9, decaySteps: max(steps / 10, 1)) }

    func run() throws {
        try ExampleRunner.main("kuramoto-sivashinsky") {
            AllocatorTuning.keepLargeBuffers()
            let start = Date()
            let folder = URL(fileURLWithPath: output ?? "runs/kuramoto-sivashinsky")
            let reference = try KuramotoSivashinskyCase.reference()
            let xs = KuramotoSivashinskyCase.gridX, ts = KuramotoSivashinskyCase.gridT
            let grid = GridSolutionOutput.points(xs, ts)

            var options = TrainingOptions(stages: [.adam(steps: steps, schedule: schedule(steps))])
            options.output = folder
            options.resume = resume
            options.wallClockBudget = budget
            options.progressEvery = progressEvery
            options.checkpointEvery = 500
            options.seed = seed
            let marching = KuramotoSivashinskyCase.marching(windows: windows, points: points, width: width, depth: depth, harmonics: harmonics,
                                                            weightFactorization: weightFactorization, slices: slices,
                                                            epsilons: parsedEpsilons!, stepsPerLevel: max(steps / parsedEpsilons!.count, 1), options: options, seed: seed,
                                                            precision: precision)
            try marching.train()
            guard marching.models.count == windows else {
                throw TrainingError.invalidConfiguration("stopped after \(marching.models.count) of \(windows) windows "
                                                         + "(budget); rerun with --resume to continue")
            }
            let trainingSeconds = Date().timeIntervalSince(start)
            let (error, maxAbs) = try GridSolutionOutput.write(prediction: marching.predict(grid).scalars, reference: reference,
                                                                xs: xs, ts: ts, folder: folder)
            var metrics = MetricsFile()
            if compare {
                var plainOptions = TrainingOptions(stages: [.adam(steps: steps * windows, schedule: schedule(steps * windows))])
                plainOptions.output = folder.appendingPathComponent("plain")
                plainOptions.progressEvery = progressEvery
                plainOptions.resampleEvery = 1
                plainOptions.weighting = .gradientNormBalancing(every: 500, smoothing: 0.9)
                plainOptions.seed = seed
                let (problem, model) = KuramotoSivashinskyCase.plain(points: points, width: width, depth: depth, harmonics: harmonics,
                                                                            weightFactorization: weightFactorization, seed: seed,
                                                                            precision: precision)
                print("kuramoto-sivashinsky: training one plain PINN over [0, 1] for comparison → \(plainOptions.output!.path)")
                let trainer = try Trainer(problem: problem, model: model, options: plainOptions)
                let report = try trainer.train()
                let (plainError, _) = try GridSolutionOutput.write(prediction: trainer.model.predict(grid).scalars, reference: reference,
                                                                    xs: xs, ts: ts, folder: plainOptions.output!)
                metrics["relative_l2_plain"] = .number(plainError)
                metrics["training_seconds_plain"] = .number(report.seconds)
            }
            metrics["example"] = .text("kuramoto-sivashinsky")
            metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
            metrics["training_seconds"] = .number(trainingSeconds)
            metrics["seed"] = .integer(Int(seed))
            metrics["relative_l2"] = .number(error)
            metrics["max_abs_error"] = .number(maxAbs)
            metrics["windows"] = .integer(windows)
            metrics["steps_per_window"] = .integer(steps)
            metrics["precision"] = .text(precision.rawValue)
            try metrics.write(to: folder.appendingPathComponent("metrics.json"))
            print("kuramoto-sivashinsky: relative L2 error " + String(format: "%.2e", error) + " (\(windows) windows, "
                  + String(format: "%.1f", trainingSeconds) + " s) → \(folder.path)")
        }
    }
}
