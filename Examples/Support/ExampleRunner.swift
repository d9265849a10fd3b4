import ArgumentParser
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import PDEKit

/// Trains a ``GalleryCase`` the way every example does and writes its outputs:
/// `metrics.json`, `loss.csv`, `model.ckpt`, `solution.npy`, a heat map (`solution.png`) or curves
/// (`solution.svg`, `error.svg`) and `loss.svg`; prints progress lines and a one-line summary.
public enum ExampleRunner {
    /// Runs `body`, turning any error into a one-line message on standard error and a non-zero exit
    /// (2 when training diverged, 1 otherwise).
    public static func main(_ name: String, _ body: () throws -> Void) throws {
        // OpenBLAS's kernels for this processor (a restart when it fell back to the generic ones).
        OpenBLASKernels.useProcessorKernels()
        // Progress lines reach a log file as they are printed, not when the buffer fills.
        setvbuf(stdout, nil, _IOLBF, 0)
        do { try body() } catch let error as TrainingError {
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            if case .diverged = error { throw ExitCode(2) }
            throw ExitCode(1)
        } catch let error as ExitCode { throw error } catch {
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Trains (or, with `--evaluate`, evaluates) `example` under `flags`; returns the report and the
    /// trained model of a training run (nil when evaluating).
    @discardableResult
    public static func run(_ example: GalleryCase, flags: ExampleFlags,
                           extraMetrics: [(String, MetricsFile.Value)] = []) throws -> (report: TrainingReport, model: PINN<Sequential>)? {
        AllocatorTuning.keepLargeBuffers()
        let start = Date()
        let folder = URL(fileURLWithPath: flags.output ?? "runs/\(example.name)")
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw TrainingError.output("cannot create the output folder \(folder.path): \(error.localizedDescription)")
        }
        if let evaluate = flags.evaluate {
            try evaluateSaved(example, points: evaluate, folder: folder)
            return nil
        }
        var options = example.options(stages: example.stages(adam: flags.steps, lbfgs: flags.lbfgsSteps), seed: flags.seed)
        options.output = folder
        options.checkpointEvery = flags.checkpointEvery
        options.resume = flags.resume
        options.wallClockBudget = flags.budget
        options.progressEvery = flags.progressEvery
        options.validation?.every = flags.validateEvery
        var initial = example.model
        initial.precision = flags.precision
        let trainer = try Trainer(problem: example.problem, model: initial, options: options)
        if let export = flags.exportInitial { try exportInitialState(trainer, to: URL(fileURLWithPath: export)) }
        let report = try trainer.train()
        var model = trainer.model
        model.precision = .float64   // the reported errors and the solution in double precision
        let (relativeL2, perComponent, maxAbs) = example.errors(of: model)

        try writeSolution(example, model: model, folder: folder)
        try writeLossPlot(trainer.history, terms: trainer.conditionNames, title: example.name, to: folder)

        var metrics = MetricsFile()
        metrics["example"] = .text(example.name)
        metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
        metrics["training_seconds"] = .number(report.seconds)
        metrics["seed"] = .integer(Int(flags.seed))
        metrics["precision"] = .text(flags.precision.rawValue)
        metrics["relative_l2"] = .number(relativeL2)
        metrics["max_abs_error"] = .number(maxAbs)
        if example.reference.componentNames.count > 1 {
            for (name, e) in zip(example.reference.componentNames, perComponent) { metrics["relative_l2_\(name)"] = .number(e) }
        }
        metrics["final_loss"] = .number(report.loss)
        if let c = trainer.history.last?.causal {
            metrics["causal_epsilon"] = .number(c.epsilon)
            metrics["causal_min_weight"] = .number(c.minimumWeight)
        }
        for name in trainer.conditionNames { metrics["loss_\(name)"] = .number(report.terms[name] ?? .nan) }
        for name in model.physicalParameters.names { metrics[name] = .number(report.physicalParameters[name] ?? .nan) }
        for (name, value) in example.extraMetrics(model) { metrics[name] = .number(value) }
        for (name, value) in extraMetrics { metrics[name] = value }
        metrics["steps"] = .integer(report.steps)
        metrics["adam_steps"] = .integer(trainer.history.filter { $0.stage == "adam" }.count)
        metrics["lbfgs_iterations"] = .integer(trainer.history.filter { $0.stage == "lbfgs" }.count)
        metrics["stop_reason"] = .text(report.stopReason.rawValue)
        metrics["lbfgs_stop_reason"] = .text(report.lbfgsStopReasons.last ?? "none")
        metrics["parameters"] = .integer(model.network.parameterCount)
        try metrics.write(to: folder.appendingPathComponent("metrics.json"))

        var summary = "\(example.name): relative L2 error " + String(format: "%.2e", relativeL2)
        if example.reference.componentNames.count > 1 {
            summary += " (" + zip(example.reference.componentNames, perComponent)
                .map { "\($0) " + String(format: "%.2e", $1) }.joined(separator: ", ") + ")"
        }
        for (name, value) in example.extraMetrics(model) { summary += ", \(name) " + String(format: "%.3e", value) }
        summary += ", \(report.steps) steps in " + String(format: "%.1f", report.seconds) + " s"
        if report.stopReason != .completed { summary += " (stopped: \(report.stopReason.rawValue))" }
        print(summary + " → \(folder.path)")
        return (report, model)
    }

    /// The initial network weights (`W<k>.npy` `[fan_in, fan_out]`, `b<k>.npy` `[fan_out]`, in layer
    /// order; for factorised weights `W<k>.npy` holds V and `s<k>.npy` the log-scales,
    /// W = V diag(exp s)) and each condition's first points (`<name>.npy`), for peer implementations of the
    /// same run.
    static func exportInitialState<Network: Layer>(_ trainer: Trainer<Network>, to folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try trainer.samplePoints()
            // Layers are W [in, out], b [out] and, for factorised weights, s [out] (W is then V).
            var layer = -1, inLayer = 0
            for tensor in trainer.model.network.parameterTensors {
                if tensor.rank == 2 { layer += 1; inLayer = 0 }
                guard layer >= 0, inLayer < 3 else { throw TrainingError.output("the network's parameters are not dense layers; cannot export them") }
                let name = ["W", "b", "s"][inLayer]
                try tensor.writeNumpy(to: folder.appendingPathComponent("\(name)\(layer).npy"))
                inLayer += 1
            }
            for name in trainer.conditionNames {
                if let batch = trainer.currentPoints(of: name) {
                    try batch.points.writeNumpy(to: folder.appendingPathComponent("\(name).npy"))
                }
            }
        } catch let error as TrainingError { throw error } catch {
            throw TrainingError.output("cannot export to \(folder.path): \(error)")
        }
    }

    /// Loads `folder/model.ckpt`, evaluates it at the points of a `.npy` file and writes `evaluation.npy`.
    static func evaluateSaved(_ example: GalleryCase, points path: String, folder: URL) throws {
        var model = example.model
        let checkpoint = folder.appendingPathComponent("model.ckpt")
        do { try model.load(from: checkpoint) } catch let error as TrainingError { throw error } catch {
            throw TrainingError.checkpoint("cannot load \(checkpoint.path): \(error)")
        }
        let points: Tensor
        do { points = try Tensor(numpyFile: URL(fileURLWithPath: path)) } catch {
            throw TrainingError.invalidConfiguration("cannot read points from \(path): \(error)")
        }
        let d = example.problem.coordinates.dimension
        guard points.rank == 2, points.shape[1] == d else {
            throw TrainingError.invalidConfiguration("\(path) holds an array of shape \(points.shape); expected [n, \(d)]")
        }
        let values = model.predict(points)
        try values.writeNumpy(to: folder.appendingPathComponent("evaluation.npy"))
        print("\(example.name): evaluated \(points.shape[0]) points → \(folder.appendingPathComponent("evaluation.npy").path)")
    }
}
