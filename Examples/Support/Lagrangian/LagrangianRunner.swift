import Foundation
import PDEKit

/// A trained Lagrangian model and its errors in physical space.
public struct LagrangianOutcome {
    /// The trained model (outputs X, U).
    public var model: PINN<Parallel>
    /// How training ended.
    public var report: TrainingReport
    /// The loss history.
    public var history: [TrainingRecord]
    /// U(x0, t) against u(X(x0, t), t) on the label grid.
    public var errors: ErrorSummary
    /// The prediction resampled on the Eulerian grid (x first) against the reference there.
    public var eulerianErrors: ErrorSummary
    /// The resampled prediction, x first.
    public var eulerianValues: [Double]
    /// X against the known characteristics (relative L2 of X, and of X − x0), where known.
    public var characteristicErrors: (position: Double, displacement: Double)?
    /// The model on the label grid.
    public var solution: LagrangianSolution
}

/// A trained plain (Eulerian) model and its errors.
public struct BaselineOutcome {
    /// The trained model u(x, t).
    public var model: PINN<Sequential>
    /// How training ended.
    public var report: TrainingReport
    /// The loss history.
    public var history: [TrainingRecord]
    /// The prediction on the Eulerian grid against the reference.
    public var errors: ErrorSummary
    /// The prediction on the Eulerian grid, x first.
    public var values: [Double]
}

/// Trains Lagrangian cases (and their plain baselines) and writes the example outputs.
public enum LagrangianRunner {
    /// Trainer settings shared by both models of a run.
    public struct Settings {
        /// The stages.
        public var stages: [TrainingStage]
        /// Seed of the weights and points.
        public var seed: UInt64 = 0
        /// Progress line interval (0: quiet).
        public var progressEvery = 500
        /// Checkpoint interval.
        public var checkpointEvery: Int? = nil
        /// Continue from the output folder's checkpoint.
        public var resume = false
        /// Wall-clock budget per model.
        public var budget: Double? = nil
        /// Measure the error against the reference every this many steps, into `loss.csv` (nil: only at the end).
        public var validateEvery: Int? = nil
        /// Write each model's initial weights and collocation points here (`lagrangian/`, `plain/`)
        /// before training, for peer implementations of the same runs.
        public var exportInitial: URL? = nil
        /// What the networks' jets compute in during Adam stages (see `NetworkPrecision`).
        public var precision: NetworkPrecision = .float64

        /// `model` computing in `precision`.
        func withPrecision<N: Layer>(_ model: PINN<N>) -> PINN<N> {
            var m = model
            m.precision = precision
            return m
        }

        /// Settings with the given stages.
        public init(stages: [TrainingStage]) { self.stages = stages }

        func options(output: URL?, label: String, error: ((any Layer) -> Double)? = nil) -> TrainingOptions {
            var o = TrainingOptions(stages: stages)
            if let validateEvery, let error { o.validation = Validation(every: validateEvery, measure: error) }
            o.seed = seed
            o.progressEvery = progressEvery
            o.output = output
            o.checkpointEvery = checkpointEvery
            o.resume = resume && output != nil
            o.wallClockBudget = budget
            o.log = { print("\(label): \($0)") }
            return o
        }
    }

    /// Trains the Lagrangian model of `example` and measures it.
    public static func trainLagrangian(_ example: LagrangianCase, settings: Settings, output: URL? = nil,
                                       label: String? = nil) throws -> LagrangianOutcome {
        let lagrangian = example.lagrangian
        let trainer = try Trainer(problem: lagrangian.problem(), model: settings.withPrecision(lagrangian.model(key: RandomKey(seed: settings.seed))),
                                  options: settings.options(output: output, label: label ?? "\(example.name) lpinn",
                                                            error: { model in
                                      lagrangianError(of: LagrangianSolution(model: model, labels: example.xs, times: example.times),
                                                      example: example).relativeL2
                                  }))
        if let folder = settings.exportInitial {
            try ExampleRunner.exportInitialState(trainer, to: folder.appendingPathComponent("lagrangian"))
        }
        let report = try trainer.train()
        var model = trainer.model
        model.precision = .float64   // errors and outputs in double precision
        let solution = LagrangianSolution(model: model, labels: example.xs, times: example.times)
        let errors = lagrangianError(of: solution, example: example)
        let values = lagrangian.eulerianValues(of: model, xs: example.xs, times: example.times)
        return LagrangianOutcome(
            model: model, report: report, history: trainer.history, errors: errors,
            eulerianErrors: ErrorSummary(prediction: values, reference: example.referenceValues), eulerianValues: values,
            characteristicErrors: example.characteristics.map { solution.characteristicErrors(exact: $0) }, solution: solution)
    }

    /// U against the exact solution or the reference at the model's own positions (x0, t) → (X, U).
    static func lagrangianError(of solution: LagrangianSolution, example: LagrangianCase) -> ErrorSummary {
        switch example.solution {
        case let .exact(u): return solution.errors(exact: u)
        case let .reference(snapshots): return solution.errors(reference: snapshots)
        }
    }

    /// Trains the plain baseline of `example` (same state width, depth, points and stages).
    public static func trainBaseline(_ example: LagrangianCase, settings: Settings, output: URL? = nil,
                                     label: String? = nil) throws -> BaselineOutcome {
        let baseline = example.lagrangian.eulerianBaseline()
        let trainer = try Trainer(problem: baseline.problem(), model: settings.withPrecision(baseline.model(key: RandomKey(seed: settings.seed))),
                                  options: settings.options(output: output, label: label ?? "\(example.name) plain", error: { model in
                                      ErrorSummary(prediction: baseline.values(of: model, xs: example.xs, times: example.times),
                                                   reference: example.referenceValues).relativeL2
                                  }))
        if let folder = settings.exportInitial {
            try ExampleRunner.exportInitialState(trainer, to: folder.appendingPathComponent("plain"))
        }
        let report = try trainer.train()
        var model = trainer.model
        model.precision = .float64
        let values = baseline.values(of: model, xs: example.xs, times: example.times)
        return BaselineOutcome(model: model, report: report, history: trainer.history,
                               errors: ErrorSummary(prediction: values, reference: example.referenceValues), values: values)
    }

    /// Trains `example` (and its baseline when `compare`), writes everything to `folder` and returns
    /// the metrics written to `folder/metrics.json`.
    @discardableResult
    public static func run(_ example: LagrangianCase, settings: Settings, compare: Bool, folder: URL,
                           extraMetrics: [(String, MetricsFile.Value)] = []) throws -> MetricsFile {
        AllocatorTuning.keepLargeBuffers()
        let start = Date()
        try makeFolder(folder)
        let outcome = try trainLagrangian(example, settings: settings, output: folder)
        var metrics = MetricsFile()
        metrics["example"] = .text(example.name)
        metrics["wall_seconds"] = .number(0)
        metrics["seed"] = .integer(Int(settings.seed))
        metrics["precision"] = .text(settings.precision.rawValue)
        for (name, value) in extraMetrics { metrics[name] = value }
        metrics["relative_l2"] = .number(outcome.errors.relativeL2)
        metrics["max_abs_error"] = .number(outcome.errors.maxAbs)
        metrics["relative_l2_eulerian"] = .number(outcome.eulerianErrors.relativeL2)
        metrics["max_abs_error_eulerian"] = .number(outcome.eulerianErrors.maxAbs)
        if let c = outcome.characteristicErrors {
            metrics["characteristic_error"] = .number(c.position)
            metrics["displacement_error"] = .number(c.displacement)
        }
        metrics["training_seconds"] = .number(outcome.report.seconds)
        metrics["final_loss"] = .number(outcome.report.loss)
        metrics["steps"] = .integer(outcome.report.steps)
        metrics["adam_steps"] = .integer(outcome.history.filter { $0.stage == "adam" }.count)
        metrics["lbfgs_iterations"] = .integer(outcome.history.filter { $0.stage == "lbfgs" }.count)
        metrics["stop_reason"] = .text(outcome.report.stopReason.rawValue)
        metrics["lbfgs_stop_reason"] = .text(outcome.report.lbfgsStopReasons.last ?? "none")
        metrics["parameters"] = .integer(outcome.model.network.parameterCount)

        let (xs, times) = (example.xs, example.times)
        let reference = example.referenceValues
        try writeGrid(outcome.eulerianValues, reference: reference, xs: xs, times: times, name: "solution", folder: folder)
        try Tensor(shape: [xs.count, times.count], scalars: transposed(outcome.solution.positions, rows: times.count))
            .writeNumpy(to: folder.appendingPathComponent("characteristics.npy"))
        try writeLossPlot(outcome.history, title: "\(example.name) (Lagrangian)", to: folder.appendingPathComponent("loss.svg"))

        var summary = "\(example.name): relative L2 " + String(format: "%.2e", outcome.errors.relativeL2)
        if let c = outcome.characteristicErrors { summary += ", characteristics " + String(format: "%.2e", c.position) }
        summary += String(format: " in %.1f s", outcome.report.seconds)
        if compare {
            let plainFolder = folder.appendingPathComponent("plain")
            try makeFolder(plainFolder)
            let plain = try trainBaseline(example, settings: settings, output: plainFolder)
            metrics["relative_l2_plain"] = .number(plain.errors.relativeL2)
            metrics["max_abs_error_plain"] = .number(plain.errors.maxAbs)
            metrics["training_seconds_plain"] = .number(plain.report.seconds)
            metrics["parameters_plain"] = .integer(plain.model.network.parameterCount)
            try writeGrid(plain.values, reference: reference, xs: xs, times: times, name: "solution_plain", folder: folder)
            try writeLossPlot(plain.history, title: "\(example.name) (plain PINN)", to: plainFolder.appendingPathComponent("loss.svg"))
            summary += "; plain PINN " + String(format: "%.2e in %.1f s", plain.errors.relativeL2, plain.report.seconds)
        }
        metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
        try write(metrics, to: folder)
        print(summary + " → \(folder.path)")
        return metrics
    }

    /// Writes `metrics.json` into `folder`, as a one-line error on failure.
    public static func write(_ metrics: MetricsFile, to folder: URL) throws {
        do { try metrics.write(to: folder.appendingPathComponent("metrics.json")) } catch {
            throw TrainingError.output("cannot write \(folder.path)/metrics.json: \(error.localizedDescription)")
        }
    }

    /// Creates `folder` (and its parents), as a one-line error on failure.
    public static func makeFolder(_ folder: URL) throws {
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw TrainingError.output("cannot create the output folder \(folder.path): \(error.localizedDescription)")
        }
    }

    /// `<name>.npy` (`[xs.count, times.count]`, x first) and `<name>.png` (prediction | reference |
    /// error, t upwards).
    static func writeGrid(_ values: [Double], reference: [Double], xs: [Double], times: [Double], name: String, folder: URL) throws {
        try Tensor(shape: [xs.count, times.count], scalars: values).writeNumpy(to: folder.appendingPathComponent("\(name).npy"))
        // Heat maps are row-major with t along rows: transpose the x-first grid.
        try HeatMapPanels.comparison(prediction: transposed(values, rows: xs.count), reference: transposed(reference, rows: xs.count),
                                     width: xs.count, height: times.count,
                                     xExtent: xs.first!...xs.last!, yExtent: times.first!...times.last!,
                                     xLabel: "x", yLabel: "t", scale: max(1, 300 / max(xs.count, times.count)))
            .write(to: folder.appendingPathComponent("\(name).png"))
    }

    /// The transpose of a row-major matrix with `rows` rows.
    static func transposed(_ values: [Double], rows: Int) -> [Double] {
        let columns = values.count / rows
        var out = [Double](repeating: 0, count: values.count)
        for i in 0..<rows { for j in 0..<columns { out[j * rows + i] = values[i * columns + j] } }
        return out
    }

    static func writeLossPlot(_ history: [TrainingRecord], title: String, to url: URL) throws {
        guard !history.isEmpty else { return }
        var plot = LinePlot(title: "\(title) training loss", xLabel: "step", yLabel: "loss", yScale: .log10)
        plot.addSeries("total", x: history.map { Double($0.step) }, y: history.map { max($0.loss, 1e-300) })
        try plot.write(to: url)
    }
}
