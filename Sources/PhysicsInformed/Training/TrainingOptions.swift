import Autodiff
import Foundation
import NeuralNetworks

/// One optimisation stage of a ``Trainer``.
public enum TrainingStage: Sendable {
    /// `steps` Adam steps under `schedule` (mini-batches, resampling, refinement and loss balancing
    /// apply here).
    case adam(steps: Int, schedule: LearningRateSchedule)
    /// Up to `iterations` L-BFGS iterations (strong Wolfe line search) on the full batch of the
    /// current points, in float64. It stops earlier only when the gradient's max-norm falls below
    /// `gradientTolerance` or the line search cannot decrease the loss.
    case lbfgs(iterations: Int, historySize: Int = 50, gradientTolerance: Double = 1e-12)

    /// `"adam"` or `"lbfgs"`.
    public var name: String {
        switch self { case .adam: return "adam"; case .lbfgs: return "lbfgs" }
    }

    /// The number of steps (iterations) the stage runs at most.
    public var length: Int {
        switch self { case let .adam(steps, _): return steps; case let .lbfgs(iterations, _, _): return iterations }
    }
}

/// How the condition losses are combined.
public enum LossWeighting: Sendable {
    /// `Σ wᵢ Lᵢ` with each condition's fixed weight.
    case fixed
    /// Gradient-norm balancing: every `every` Adam steps, λᵢ ← α λᵢ + (1 − α) Σⱼ‖∇Lⱼ‖ / ‖∇Lᵢ‖
    /// (gradients with respect to all parameters, α = `smoothing`), and the loss is `Σ λᵢ wᵢ Lᵢ`.
    /// Terms whose gradient is small get larger weights, so no term is left untrained.
    case gradientNormBalancing(every: Int = 100, smoothing: Double = 0.9)
}

/// Residual-based adaptive refinement: every `every` Adam steps, and every `every` iterations of
/// L-BFGS (which then restarts on the enlarged point set), `candidates` points are drawn for each
/// refinable condition (the PDE residual) and the `added` points of largest squared residual are
/// added to it for the rest of training (they survive resampling), up to `maximumAdded` in all.
public struct ResidualRefinement: Sendable {
    /// Adam steps between refinements.
    public var every: Int
    /// Candidate points drawn per refinement.
    public var candidates: Int
    /// Points added per refinement.
    public var added: Int
    /// The most points refinement adds to one condition over the whole run.
    public var maximumAdded: Int

    /// Creates a refinement schedule.
    public init(every: Int, candidates: Int, added: Int, maximumAdded: Int = .max) {
        self.every = every
        self.candidates = candidates
        self.added = added
        self.maximumAdded = maximumAdded
    }
}

/// A reference solution to validate against during training.
public struct Validation {
    /// Points, `[n, d]`.
    public var points: Tensor
    /// Reference values of the outputs `components` at `points`, `[n, components.count]`.
    public var reference: Tensor
    /// The outputs compared (columns of the model output).
    public var components: [Int]
    /// Steps between validations (the last step is always validated).
    public var every: Int

    /// A measure of the model's error that replaces the comparison at `points` (nil: compare).
    public var measure: ((any Layer) -> Double)?

    /// Creates a validation set; the error reported is ‖prediction − reference‖₂ / ‖reference‖₂ over
    /// all compared components.
    public init(points: Tensor, reference: Tensor, components: [Int] = [0], every: Int = 500) {
        self.points = points
        self.reference = reference
        self.components = components
        self.every = every
    }

    /// Validation by any error measure of the model, for errors that are not a comparison at fixed
    /// points — e.g. a Lagrangian model's U against the reference at its own predicted positions X.
    public init(every: Int = 500, measure: @escaping (any Layer) -> Double) {
        self.points = Tensor.zeros([0, 0])
        self.reference = Tensor.zeros([0, 0])
        self.components = []
        self.every = every
        self.measure = measure
    }
}

/// What a ``Trainer`` does besides optimising: stages, sampling, weighting, output and stopping.
public struct TrainingOptions {
    /// The optimisation stages, in order.
    public var stages: [TrainingStage]
    /// Redraw every resamplable condition's points every this many Adam steps (nil: never).
    public var resampleEvery: Int?
    /// Residual-based adaptive refinement (nil: none).
    public var refinement: ResidualRefinement?
    /// How the condition losses are combined.
    public var weighting: LossWeighting = .fixed
    /// Causal weighting of a time-dependent residual condition (nil: none). Combines with any
    /// ``weighting``.
    public var causal: CausalWeighting?
    /// Adam steps use a random mini-batch of this many points per condition (nil: full batch).
    public var batchSize: Int?
    /// A reference to validate against (nil: none).
    public var validation: Validation?
    /// Print a progress line every this many steps (0: silent).
    public var progressEvery: Int = 100
    /// Where progress lines go.
    public var log: (String) -> Void = { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
    /// The folder for `model.ckpt` and `loss.csv` (nil: nothing is written).
    public var output: URL?
    /// Write the checkpoint and `loss.csv` every this many steps (nil: only at the end).
    public var checkpointEvery: Int?
    /// Continue from `output/model.ckpt` if it exists.
    public var resume: Bool = false
    /// Stop (keeping the state reached) after this many wall-clock seconds, counting earlier runs
    /// of a resumed training.
    public var wallClockBudget: Double?
    /// Seed of the point sampling and mini-batches.
    public var seed: UInt64 = 0
    /// Called after every step with the progress; return false to stop.
    public var callback: ((TrainingProgress) -> Bool)?

    /// Creates options with the given stages and defaults for everything else.
    public init(stages: [TrainingStage]) { self.stages = stages }

    func check() throws(TrainingError) {
        guard !stages.isEmpty else { throw .invalidConfiguration("no training stages") }
        for stage in stages where stage.length < 0 {
            throw .invalidConfiguration("\(stage.name) stage has a negative length")
        }
        if let r = resampleEvery, r < 1 { throw .invalidConfiguration("resampleEvery must be at least 1") }
        if let b = batchSize, b < 1 { throw .invalidConfiguration("batchSize must be at least 1") }
        if let c = checkpointEvery, c < 1 { throw .invalidConfiguration("checkpointEvery must be at least 1") }
        if let r = refinement, r.every < 1 || r.candidates < 1 || r.added < 1 || r.added > r.candidates {
            throw .invalidConfiguration("refinement needs every ≥ 1 and 1 ≤ added ≤ candidates")
        }
        if case let .gradientNormBalancing(every, smoothing) = weighting, every < 1 || !(0...1).contains(smoothing) {
            throw .invalidConfiguration("gradient-norm balancing needs every ≥ 1 and smoothing in [0, 1]")
        }
        if let v = validation, v.measure != nil {
            guard v.every >= 1 else { throw .invalidConfiguration("validation needs every ≥ 1") }
        } else if let v = validation {
            guard v.points.rank == 2, v.reference.rank == 2, v.points.shape[0] == v.reference.shape[0],
                  v.reference.shape[1] == v.components.count, v.every >= 1 else {
                throw .invalidConfiguration("validation points \(v.points.shape) and reference \(v.reference.shape) do not match "
                                            + "\(v.components.count) components")
            }
        }
        if let budget = wallClockBudget, !(budget > 0) { throw .invalidConfiguration("the wall-clock budget must be positive") }
        if resume && output == nil { throw .invalidConfiguration("resuming needs an output folder") }
    }
}

/// The state after a step, passed to ``TrainingOptions/callback``.
public struct TrainingProgress {
    /// The global step (Adam steps and L-BFGS iterations counted together), 1-based.
    public let step: Int
    /// `"adam"` or `"lbfgs"`.
    public let stage: String
    /// The weighted total loss.
    public let loss: Double
    /// The unweighted loss of each condition, by name.
    public let terms: [String: Double]
    /// The latest validation error, if any.
    public let validationError: Double?
    /// The physical parameters' current values, by name.
    public let physicalParameters: [String: Double]
    /// Wall-clock seconds since training started (including earlier runs when resumed).
    public let seconds: Double
    /// The causal weighting state (ε, min wᵢ, slice losses), nil without causal weighting.
    public let causal: CausalRecord?
}
