import Autodiff
import Foundation
import NeuralNetworks

/// Trains a ``PINN`` on a ``Problem``: Adam and L-BFGS stages, resampling, residual-based
/// refinement, loss balancing, validation, progress lines, `loss.csv`, checkpoints and resume.
///
/// ```swift
/// var options = TrainingOptions(stages: [.adam(steps: 5000, schedule: .constant(1e-3)), .lbfgs(iterations: 2000)])
/// options.output = URL(fileURLWithPath: "runs/burgers")
/// options.checkpointEvery = 1000
/// let trainer = try Trainer(problem: problem, model: model, options: options)
/// let report = try trainer.train()
/// let u = trainer.model.predict(points)
/// ```
///
/// Reproducibility: sampling, mini-batches and refinement draw from keys derived from
/// ``TrainingOptions/seed`` and the step number, so a run stopped and resumed from a checkpoint
/// written during Adam continues bit for bit like an uninterrupted one. Resuming inside an L-BFGS
/// stage restarts L-BFGS from the saved parameters (its curvature memory is not saved).
///
/// Divergence: when the loss becomes NaN or infinite, the parameters of the last finite loss are
/// restored, written to `model.ckpt` (when there is an output folder) and
/// ``TrainingError/diverged(step:stage:loss:checkpoint:)`` is thrown.
public final class Trainer<Network: Layer> {
    /// The problem being solved.
    public let problem: Problem
    /// The model in its current state.
    public internal(set) var model: PINN<Network>
    /// The options.
    public let options: TrainingOptions
    /// The loss history so far.
    public internal(set) var history: [TrainingRecord] = []

    // Training state (all of it is checkpointed or recomputable from the step counters).
    var step = 0
    var stageIndex = 0
    var stepInStage = 0
    var adamSteps = 0
    var adam: Adam?
    var refined: [Tensor?]
    var balance: [Double]
    var batches: [PointBatch] = []
    var lastValidation: Double?
    var lbfgsStopReasons: [String] = []
    var elapsedBefore = 0.0
    var runStart = Date()
    var runStartStep = 0
    var causalLevel = 0
    var causalLevelStart = 0
    var lastCausal: CausalRecord?
    let causalSetup: (index: Int, initial: [Int], range: ClosedRange<Double>)?
    let key: RandomKey
    let derivativeNames: [[String]]

    /// Creates a trainer, checking the problem and the options against the model.
    public init(problem: Problem, model: PINN<Network>, options: TrainingOptions) throws {
        try problem.check()
        try options.check()
        self.problem = problem
        self.model = model
        self.options = options
        self.key = RandomKey(seed: options.seed)
        self.refined = Array(repeating: nil, count: problem.conditions.count)
        self.balance = Array(repeating: 1, count: problem.conditions.count)
        self.derivativeNames = problem.conditions.indices.map { problem.derivatives(of: $0) }
        self.causalSetup = try Self.resolveCausal(options.causal, problem: problem)
    }

    /// The condition names, in order.
    public var conditionNames: [String] { problem.conditions.map(\.name) }

    /// The points condition `name` is currently trained on (including points added by refinement),
    /// or nil for an unknown name. Empty before training starts.
    public func currentPoints(of name: String) -> PointBatch? {
        guard let i = conditionNames.firstIndex(of: name), i < batches.count else { return nil }
        return batches[i]
    }

    /// Draws every condition's points as training would first see them (training draws the same
    /// points again), so ``currentPoints(of:)`` can be read before ``train()``.
    public func samplePoints() throws { try sampleAll() }

    /// The loss training minimises, evaluated for `model` (default: the trainer's) on the current
    /// points (drawn first if training has not started): `total` is Σ λᵢ wᵢ Lᵢ and `terms` the
    /// condition losses, all differentiable with respect to the model's parameters. Causal weights are
    /// constants, as in training.
    public func loss(of model: PINN<Network>? = nil) throws -> (total: Variable, terms: [Variable]) {
        if batches.isEmpty { try sampleAll() }
        let terms = conditionLosses(model ?? self.model, on: batches)
        return (total(terms), terms)
    }

    /// The current multipliers λᵢ of the condition weights (all 1 unless gradient-norm balancing is on).
    public var lossMultipliers: [Double] { balance }

    /// Runs the remaining stages (all of them, unless resumed) and returns how it ended.
    public func train() throws -> TrainingReport {
        if options.resume, let folder = options.output,
           FileManager.default.fileExists(atPath: folder.appendingPathComponent(Self.checkpointName).path) {
            try restore(from: folder.appendingPathComponent(Self.checkpointName))
            options.log(stageIndex < options.stages.count
                        ? "resumed at step \(step) (\(options.stages[stageIndex].name) stage \(stageIndex + 1) of \(options.stages.count))"
                        : "resumed at step \(step): every stage is already done")
        }
        runStart = Date()
        runStartStep = step
        try sampleAll()
        var stopReason = TrainingReport.StopReason.completed
        // L-BFGS compares loss values along a line and needs double-precision gradients; Adam stages
        // run in the model's own precision.
        let requestedPrecision = model.precision
        defer { model.precision = requestedPrecision }
        stages: while stageIndex < options.stages.count {
            let outcome: StageOutcome
            switch options.stages[stageIndex] {
            case let .adam(steps, schedule):
                model.precision = requestedPrecision
                outcome = try runAdam(steps: steps, schedule: schedule)
            case let .lbfgs(iterations, historySize, tolerance):
                model.precision = .float64
                outcome = try runLBFGS(iterations: iterations, historySize: historySize, gradientTolerance: tolerance)
            }
            switch outcome {
            case .finished:
                stageIndex += 1
                stepInStage = 0
                adam = nil
            case .stopped(let reason):
                stopReason = reason
                break stages
            }
        }
        return try finish(stopReason)
    }

    enum StageOutcome { case finished, stopped(TrainingReport.StopReason) }

    /// Seconds since training started, including earlier runs of a resumed training.
    var seconds: Double { elapsedBefore + Date().timeIntervalSince(runStart) }

    var budgetExhausted: Bool { options.wallClockBudget.map { seconds >= $0 } ?? false }

    // MARK: Losses

    /// The unweighted loss of each condition on `batches` (for the causally weighted condition, its
    /// causal loss (1/M) Σ wᵢ Lᵢ).
    func conditionLosses(_ model: PINN<Network>, on batches: [PointBatch]) -> [Variable] {
        var losses = problem.conditions.indices.map { i -> Variable in
            guard batches[i].count > 0, i != causalSetup?.index else { return Variable(0) }
            return residualColumns(model, condition: i, on: batches[i]).map { $0.squared().mean() }.reduce(Variable(0), +)
        }
        if let c = causalSetup?.index { losses[c] = causalLoss(model, batch: batches[c], otherLosses: losses) }
        return losses
    }

    /// The residual columns of condition `index` at the points of `batch`.
    func residualColumns(_ model: PINN<Network>, condition index: Int, on batch: PointBatch) -> [Variable] {
        let fields = Fields(of: { model($0) }, at: Variable(batch.points), coordinates: problem.coordinates,
                            derivatives: derivativeNames[index])
        return problem.conditions[index].residual(
            ConditionContext(fields: fields, batch: batch, parameters: model.physicalParameters))
    }

    /// `Σ λᵢ wᵢ Lᵢ`.
    func total(_ losses: [Variable]) -> Variable {
        var sum = Variable(0)
        for (i, l) in losses.enumerated() where problem.conditions[i].weight != 0 {
            sum = sum + l * (problem.conditions[i].weight * balance[i])
        }
        return sum
    }

    /// Loss and gradient of the model with parameters `theta` on the full batch (for L-BFGS).
    func lossAndGradient(_ theta: [Double], template: [Tensor]) -> (loss: Double, gradient: [Double], terms: [Double]) {
        var candidate = model
        candidate.setParameterTensors(ParameterVector.unflatten(theta, like: template))
        let losses = conditionLosses(candidate, on: batches)
        let l = total(losses)
        let g = gradients(of: l, wrt: candidate.parameters).map(\.value)
        return (l.scalar, ParameterVector.flatten(g), losses.map(\.scalar))
    }

    // MARK: Points

    /// Draws every condition's points for the current resampling round and appends refined points.
    func sampleAll() throws {
        let round = options.resampleEvery.map { adamSteps / $0 } ?? 0
        batches = try problem.conditions.indices.map { i in
            let condition = problem.conditions[i]
            let k = key.fold(in: i).fold(in: condition.points.isRedrawn ? round : 0)
            var batch: PointBatch
            do { batch = try condition.points.sample(key: k) } catch let error as SamplingError {
                throw TrainingError.sampling(condition: condition.name, error)
            }
            if let extra = refined[i] { batch = batch.appending(PointBatch(points: extra)) }
            return batch
        }
    }

    /// The batches for Adam step `adamStep`: random rows when mini-batching.
    func miniBatches(at adamStep: Int) -> [PointBatch] {
        guard let size = options.batchSize else { return batches }
        return batches.enumerated().map { i, batch in
            guard batch.selectableCount > size else { return batch }
            let order = key.fold(in: 1_000_003 + i).fold(in: adamStep).permutation(batch.selectableCount)
            return batch.rows(Array(order.prefix(size)).sorted())
        }
    }

    // MARK: Validation and records

    /// The relative L2 error against the validation reference, or nil without one.
    public func validationError() -> Double? {
        guard let v = options.validation else { return nil }
        if let measure = v.measure { return measure(model) }
        let prediction = model.predict(v.points)
        let columns = v.components.map { prediction.slice($0..<($0 + 1), alongAxis: 1) }
        let predicted = columns.count == 1 ? columns[0] : Tensor.concatenate(columns, alongAxis: 1)
        return (predicted - v.reference).norm() / max(v.reference.norm(), .leastNormalMagnitude)
    }

    func record(stage: String, loss: Double, terms: [Double]) {
        var validation: Double? = nil
        if let v = options.validation, step % v.every == 0 || isLastStep {
            validation = validationError()
            lastValidation = validation
        }
        let r = TrainingRecord(step: step, stage: stage, loss: loss, terms: terms, validationError: validation,
                               physicalParameters: model.physicalParameters.values, seconds: seconds,
                               causal: options.causal == nil ? nil : lastCausal)
        history.append(r)
        if options.progressEvery > 0 && (step % options.progressEvery == 0 || isLastStep || step == runStartStep + 1) {
            options.log(progressLine(r))
        }
    }

    var totalSteps: Int { options.stages.reduce(0) { $0 + $1.length } }
    var isLastStep: Bool { step == totalSteps }

    func callbackAllowsContinuing(_ r: TrainingRecord) -> Bool {
        guard let callback = options.callback else { return true }
        let names = conditionNames
        return callback(TrainingProgress(
            step: r.step, stage: r.stage, loss: r.loss,
            terms: Dictionary(uniqueKeysWithValues: zip(names, r.terms)), validationError: lastValidation,
            physicalParameters: Dictionary(uniqueKeysWithValues: zip(model.physicalParameters.names, r.physicalParameters)),
            seconds: r.seconds, causal: r.causal))
    }

    func finish(_ reason: TrainingReport.StopReason) throws -> TrainingReport {
        let losses = conditionLosses(model, on: batches)
        let loss = total(losses).scalar
        let validation = validationError()
        try writeOutputs()
        let names = conditionNames
        return TrainingReport(
            steps: step, loss: loss,
            terms: Dictionary(uniqueKeysWithValues: zip(names, losses.map(\.scalar))),
            validationError: validation,
            physicalParameters: Dictionary(uniqueKeysWithValues: zip(model.physicalParameters.names, model.physicalParameters.values)),
            seconds: seconds, stopReason: reason, lbfgsStopReasons: lbfgsStopReasons)
    }
}
