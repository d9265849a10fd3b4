import Autodiff
import Foundation
import NeuralNetworks

/// Settings of constitutive-law training.
public struct NCLawTrainingOptions: Sendable {
    /// Passes over the trajectory.
    public var epochs: Int = 80
    /// Adam's learning rate at the start (of the elastic network; see `plasticLearningRateFactor`);
    /// it decays to `finalLearningRate` along a cosine. The default suits networks whose output is
    /// scaled by `NeuralConstitutiveLaw.stressScale` ≈ Young's modulus.
    public var learningRate: Double = 3e-2
    /// The learning rate at the last epoch.
    public var finalLearningRate: Double = 3e-4
    /// Each network's gradient is clipped to this global norm.
    public var gradientClip: Double = 0.1
    /// Teacher-forcing segment length at the first epoch…
    public var firstSegment: Int = 25
    /// …and at the last (cosine in between, rounded to multiples of the keyframe interval).
    public var lastSegment: Int = 200
    /// A segment whose rollout diverges at its k-th step is trained on its first k/2 steps (weighted
    /// by that length) instead of failing the epoch: the error is already growing there, and its
    /// gradient is the signal that the law is unstable; without it a diverging segment can only be
    /// retried shorter, and a law that cannot roll out a stretch of the trajectory never learns to.
    public var truncateDivergingSegments: Bool = false
    /// A penalty on observed states where the learned elastic law loses strong ellipticity
    /// (`NCLawStabilityPrior`; nil: position loss only). Its gradient joins the epoch's update
    /// (with per-segment updates, the first segment's).
    public var stability: NCLawStabilityPrior? = nil
    /// Checkpointing interval of the differentiable rollouts.
    public var rolloutCheckpointEvery: Int = 25
    /// How many times a diverging epoch is retried — from the weights and optimiser states of the
    /// last completed epoch, with the learning rates halved and the segments shortened from then on —
    /// before training stops.
    public var divergenceRetries: Int = 3
    /// After a retry has capped the segments, the cap grows by one keyframe interval after every
    /// this many completed epochs, until the schedule's own length is reached (0: the cap stays).
    public var segmentCapGrowthEpochs: Int = 5
    /// Stop after this many seconds (the state reached is kept).
    public var budget: Double? = nil
    /// Print a progress line every N epochs (0: quiet).
    public var progressEvery: Int = 1
    /// When the networks are updated: after every segment, or once per epoch with the gradient of
    /// the whole trajectory's loss (the segments' gradients averaged, weighted by their lengths).
    public var update: NCLawUpdate = .perEpoch
    /// The plastic network's learning rate relative to the elastic one's.
    public var plasticLearningRateFactor: Double = 3
    /// The position MSE is multiplied by this before it is differentiated. Position errors of
    /// millimetres give gradients far below Adam's ε (1e-8), which then damps the updates, most of
    /// all the plastic network's (its correction is scaled by α = 1e-3); 1e4 is the factor of the
    /// authors' loss.
    public var lossScale: Double = 1e4
    /// Creates the default settings.
    public init() {}
}

/// When `NCLawTrainer` takes an Adam step.
public enum NCLawUpdate: String, Sendable, CaseIterable {
    /// One step per teacher-forced segment, on that segment's loss.
    case perSegment = "segment"
    /// One step per epoch, on the loss of all the epoch's segments together.
    case perEpoch = "epoch"
}

/// One epoch of the training history.
public struct NCLawEpochRecord: Sendable {
    /// 1-based epoch.
    public var epoch: Int
    /// Mean position MSE of the segments.
    public var loss: Double
    /// Segment length.
    public var segment: Int
    /// Learning rate used.
    public var learningRate: Double
    /// Seconds since training started (including earlier runs when resumed).
    public var seconds: Double
}

/// Learns a `NeuralConstitutiveLaw` from one observed trajectory by differentiating through the
/// simulator: each epoch splits the trajectory into segments that restart from the observed state
/// (teacher forcing), with segment length growing along a cosine from `firstSegment` to
/// `lastSegment`; by default each epoch is one Adam step per network (gradient-norm clipped) on the
/// position MSE of the whole trajectory, as in the NCLaw paper (`options.update = .perSegment`
/// steps after every segment instead).
public struct NCLawTrainer {
    /// The law being learned.
    public var law: NeuralConstitutiveLaw
    /// The simulator (grid, dt, gravity, walls).
    public let simulator: MPMSimulator
    /// The data.
    public let trajectory: ObservedTrajectory
    /// Settings.
    public var options: NCLawTrainingOptions
    /// Completed epochs.
    public private(set) var epoch = 0
    /// One record per completed epoch.
    public private(set) var history: [NCLawEpochRecord] = []
    /// Multiplies the scheduled learning rates: halved at every retried divergence.
    public private(set) var learningRateMultiplier = 1.0
    /// Diverging epochs retried so far.
    public private(set) var divergenceRetriesUsed = 0
    /// Segments this trainer trained on their first half before divergence
    /// (`options.truncateDivergingSegments`; not kept in checkpoints).
    public private(set) var truncatedSegments = 0
    /// The stability penalty and the fraction of observed states below its margin, at the start
    /// of the last epoch (with `options.stability`).
    public private(set) var lastStability: (penalty: Double, belowMargin: Double)? = nil
    /// The longest segment allowed after a retried divergence (nil: the schedule's).
    public private(set) var segmentCap: Int? = nil
    /// Epochs completed since the cap last changed.
    public private(set) var epochsAtCap = 0
    var elasticOptimizer = Adam(learningRate: 1e-3)
    var plasticOptimizer = Adam(learningRate: 1e-3)
    var elapsedBefore = 0.0
    /// The mean segment loss of the epoch just trained.
    private var lastEpochLoss = Double.nan

    /// Prepares training.
    public init(law: NeuralConstitutiveLaw, simulator: MPMSimulator, trajectory: ObservedTrajectory, options: NCLawTrainingOptions) throws {
        guard options.epochs >= 1, options.firstSegment >= 1, options.lastSegment >= options.firstSegment,
              options.learningRate > 0, options.gradientClip > 0 else {
            throw MaterialPointError.invalidSetting("epochs ≥ 1, 1 ≤ first segment ≤ last segment, learning rate > 0 and clip > 0 are required")
        }
        guard law.dimension == simulator.dimension, trajectory.initial.dimension == simulator.dimension else {
            throw MaterialPointError.invalidSetting("the law, the simulator and the trajectory must have the same dimension")
        }
        self.law = law
        self.simulator = simulator
        self.trajectory = trajectory
        self.options = options
    }

    /// The segment length at 0-based epoch `e`.
    public func segmentLength(atEpoch e: Int) -> Int {
        let k = trajectory.keyframeEvery
        let progress = options.epochs > 1 ? Double(e) / Double(options.epochs - 1) : 1
        let raw = Double(options.lastSegment) - (Double(options.lastSegment - options.firstSegment)) * (1 + cos(Double.pi * progress)) / 2
        let rounded = max(k, Int((raw / Double(k)).rounded()) * k)
        return min(rounded, trajectory.steps, segmentCap ?? Int.max)
    }

    /// The (elastic network's) learning rate at 0-based epoch `e`: the cosine schedule times
    /// `learningRateMultiplier`.
    public func learningRate(atEpoch e: Int) -> Double {
        let progress = options.epochs > 1 ? Double(e) / Double(options.epochs - 1) : 1
        let scheduled = options.finalLearningRate + (options.learningRate - options.finalLearningRate) * (1 + cos(Double.pi * progress)) / 2
        return scheduled * learningRateMultiplier
    }

    /// Runs the remaining epochs. `onEpoch` is called after each with the record (e.g. to write a
    /// checkpoint). A rollout that diverges (or a non-finite loss or weight) restores the weights and
    /// optimiser states of the end of the last completed epoch — the last ones whose rollouts all
    /// stayed finite (the weights that diverged are the product of the update before the failing
    /// segment, so they are not kept) — and retries with the learning rates halved and the segments
    /// capped below the failing length (`segmentCap`, which then grows back by one keyframe interval
    /// every `options.segmentCapGrowthEpochs` epochs); with `.perEpoch` updates the last completed
    /// epoch, whose update produced the diverging weights, is undone and redone first. Up to
    /// `options.divergenceRetries` times (`onRetry` is told the epoch and the segment's first step);
    /// one more divergence stops training with `.diverged`, the last good state kept.
    public mutating func train(onEpoch: (NCLawTrainer, NCLawEpochRecord) throws -> Void = { _, _ in },
                               onRetry: (_ epoch: Int, _ step: Int) -> Void = { _, _ in }) throws {
        let start = Date()
        let elasticCount = law.elastic.parameters.count
        // The state before the last completed epoch (this run's), to undo that epoch's update.
        var beforeLast: (NeuralConstitutiveLaw, Adam, Adam)? = nil
        while epoch < options.epochs {
            if let budget = options.budget, elapsedBefore + Date().timeIntervalSince(start) >= budget { break }
            let lastGood = (law, elasticOptimizer, plasticOptimizer)
            do {
                try trainEpoch(elasticCount: elasticCount)
            } catch MaterialPointError.diverged(let step) {
                (law, elasticOptimizer, plasticOptimizer) = lastGood
                guard divergenceRetriesUsed < options.divergenceRetries else {
                    elapsedBefore += Date().timeIntervalSince(start)
                    throw MaterialPointError.diverged(step: step)
                }
                divergenceRetriesUsed += 1
                learningRateMultiplier /= 2
                let k = trajectory.keyframeEvery, failing = segmentLength(atEpoch: epoch)
                onRetry(epoch + 1, step)
                // With one step per epoch the weights that diverged are the product of the last
                // completed epoch's update: undo it too and redo that epoch at the lower rate.
                if options.update == .perEpoch, let before = beforeLast {
                    (law, elasticOptimizer, plasticOptimizer) = before
                    epoch -= 1
                    history.removeLast()
                    beforeLast = nil
                }
                // From now on, segments no longer than the redone epoch's and shorter than the failing one.
                segmentCap = max(k, min(segmentLength(atEpoch: epoch), failing - k))
                epochsAtCap = 0
                continue
            }
            beforeLast = lastGood
            let record = NCLawEpochRecord(epoch: epoch, loss: lastEpochLoss, segment: segmentLength(atEpoch: epoch - 1),
                                          learningRate: learningRate(atEpoch: epoch - 1), seconds: elapsedBefore + Date().timeIntervalSince(start))
            history.append(record)
            relaxSegmentCap()
            try onEpoch(self, record)
        }
        elapsedBefore += Date().timeIntervalSince(start)
    }

    /// Caps the segments at `length` steps from the next epoch on; the cap then grows by one
    /// keyframe interval every `options.segmentCapGrowthEpochs` epochs, as after a retry. With a
    /// `lastSegment` above the cap (up to the whole trajectory) this moves a trained law gradually
    /// onto longer free rollouts.
    public mutating func capSegments(at length: Int) throws {
        guard length >= trajectory.keyframeEvery, length % trajectory.keyframeEvery == 0 else {
            throw MaterialPointError.invalidSetting("the segment cap must be a positive multiple of the keyframe interval (\(trajectory.keyframeEvery) steps), got \(length)")
        }
        segmentCap = length
        epochsAtCap = 0
    }

    /// Lets a cap set by a retry grow again by one keyframe interval every
    /// `options.segmentCapGrowthEpochs` completed epochs, and drops it once it no longer binds.
    private mutating func relaxSegmentCap() {
        guard let cap = segmentCap, options.segmentCapGrowthEpochs > 0 else { return }
        epochsAtCap += 1
        guard epochsAtCap >= options.segmentCapGrowthEpochs else { return }
        epochsAtCap = 0
        let grown = cap + trajectory.keyframeEvery
        segmentCap = grown >= min(options.lastSegment, trajectory.steps) ? nil : grown
    }

    /// One epoch: every segment of the trajectory, with one Adam step per network after each segment
    /// or one after all of them (`options.update`); `epoch` advances and `lastEpochLoss` holds the
    /// mean segment loss. Throws `.diverged` on a non-finite rollout, loss or weight (`train` then
    /// restores the state of the last completed epoch).
    private mutating func trainEpoch(elasticCount: Int) throws {
        let segment = segmentLength(atEpoch: epoch)
        let rate = learningRate(atEpoch: epoch)
        elasticOptimizer.schedule = .constant(rate)
        plasticOptimizer.schedule = .constant(rate * options.plasticLearningRateFactor)
        var losses = [Double]()
        var accumulated: [Tensor]? = nil
        var prior: [Tensor]? = nil
        if let stability = options.stability, stability.weight > 0 {
            let result = stability.evaluate(law, at: stability.states(observed: trajectory.deformationGradients(every: stability.every),
                                                                      dimension: law.dimension))
            lastStability = (result.penalty, result.belowMargin)
            prior = result.gradients
            if options.update == .perEpoch { accumulated = result.gradients }
        }
        var begin = 0
        while begin < trajectory.steps {
            let length = min(segment, trajectory.steps - begin)
            let (loss, grads, trained) = try segmentGradient(begin: begin, length: length)
            losses.append(loss)
            switch options.update {
            case .perSegment:
                var scaled = grads.map { $0 * options.lossScale }
                if begin == 0, let prior { scaled = zip(scaled, prior).map { $0 + $1 } }
                try step(scaled, elasticCount: elasticCount, failingAt: begin)
            case .perEpoch:
                let weight = options.lossScale * Double(trained) / Double(trajectory.steps)
                accumulated = accumulated.map { zip($0, grads).map { $0 + $1 * weight } } ?? grads.map { $0 * weight }
            }
            begin += length
        }
        if let accumulated { try step(accumulated, elasticCount: elasticCount, failingAt: 0) }
        epoch += 1
        lastEpochLoss = losses.reduce(0, +) / Double(losses.count)
    }

    /// The position MSE of the teacher-forced segment of `length` steps from observed step `begin`,
    /// its gradient with respect to the law's parameters (unscaled: the caller applies `lossScale`
    /// together with any weight), and the steps trained: `length`, or half the diverging step with
    /// `options.truncateDivergingSegments`.
    private mutating func segmentGradient(begin: Int, length: Int) throws -> (loss: Double, gradients: [Tensor], steps: Int) {
        guard let initial = trajectory.keyframes[begin] else {
            throw MaterialPointError.invalidSetting("no observed state at step \(begin) (keyframes every \(trajectory.keyframeEvery))")
        }
        let model = try DifferentiableMPM(simulator: simulator, materials: [law], particles: trajectory.initial)
        var steps = length
        while true {
            let targets = Array(trajectory.positions[begin..<(begin + steps)])
            do {
                let result = try model.positionLossAndGradient(from: initial, targets: targets, checkpointEvery: options.rolloutCheckpointEvery)
                guard result.loss.isFinite else { throw MaterialPointError.diverged(step: steps) }
                return (result.loss, result.parameterGradients[0], steps)
            } catch MaterialPointError.diverged(let k) {
                guard options.truncateDivergingSegments, k / 2 >= 1, k / 2 < steps else { throw MaterialPointError.diverged(step: begin) }
                steps = k / 2
                truncatedSegments += 1
            }
        }
    }

    /// One Adam step per network on `grads` (each network's part clipped to the global norm).
    private mutating func step(_ grads: [Tensor], elasticCount: Int, failingAt begin: Int) throws {
        var params = law.parameters.map(\.value)
        var elastic = Array(params[0..<elasticCount])
        elasticOptimizer.update(&elastic, gradients: GradientClipping.clipByGlobalNorm(Array(grads[0..<elasticCount]), maxNorm: options.gradientClip).gradients)
        params.replaceSubrange(0..<elasticCount, with: elastic)
        if law.plastic != nil {
            var plastic = Array(params[elasticCount...])
            plasticOptimizer.update(&plastic, gradients: GradientClipping.clipByGlobalNorm(Array(grads[elasticCount...]), maxNorm: options.gradientClip).gradients)
            params.replaceSubrange(elasticCount..., with: plastic)
        }
        guard params.allSatisfy({ $0.scalars.allSatisfy(\.isFinite) }) else { throw MaterialPointError.diverged(step: begin) }
        law.parameters = params.map { Variable.parameter($0) }
    }

    /// Predicted positions `[N, 3]` after each of `steps` steps from `initial`, with the learned law
    /// for material 0 and `others` for materials 1, 2, ….
    public static func predict(_ law: any DifferentiableMaterial, others: [any DifferentiableMaterial] = [], simulator: MPMSimulator,
                               from initial: ParticleState, steps: Int) throws -> [Tensor] {
        let model = try DifferentiableMPM(simulator: simulator, materials: [law] + others, particles: initial)
        var frames = [Tensor]()
        _ = try model.rollout(ParticleVariables(initial), steps: steps) { _, s in frames.append(s.positions.value) }
        return frames
    }
}

extension NCLawTrainer {
    /// A checkpoint of the weights, both optimisers, the epoch and the history.
    public func checkpoint() -> Checkpoint {
        var c = Checkpoint()
        for (i, p) in law.parameters.enumerated() { c.set("parameters.\(i)", p.value) }
        for (k, v) in elasticOptimizer.state { c.set("elastic_adam.\(k)", v) }
        for (k, v) in plasticOptimizer.state { c.set("plastic_adam.\(k)", v) }
        c.set("history", Tensor(shape: [history.count, 5], scalars: history.flatMap {
            [Double($0.epoch), $0.loss, Double($0.segment), $0.learningRate, $0.seconds]
        }))
        c.metadata["epoch"] = String(epoch)
        c.metadata["elapsed"] = String(elapsedBefore)
        c.metadata["priors"] = String(law.priors)
        c.metadata["lr_multiplier"] = String(learningRateMultiplier)
        c.metadata["retries_used"] = String(divergenceRetriesUsed)
        if let segmentCap { c.metadata["segment_cap"] = String(segmentCap) }
        c.metadata["epochs_at_cap"] = String(epochsAtCap)
        return c
    }

    /// Restores a checkpoint written by `checkpoint()` for the same law layout.
    public mutating func restore(_ c: Checkpoint) throws {
        let count = law.parameters.count
        var values = [Tensor]()
        for i in 0..<count {
            let t = try c.tensor("parameters.\(i)")
            guard t.shape == law.parameters[i].shape else {
                throw MaterialPointError.invalidSetting("checkpoint parameter \(i) has shape \(t.shape), expected \(law.parameters[i].shape)")
            }
            values.append(t)
        }
        guard c.metadata["priors"] == String(law.priors) else { throw MaterialPointError.invalidSetting("the checkpoint is for a different network kind") }
        law.parameters = values.map { Variable.parameter($0) }
        let elasticCount = law.elastic.parameters.count
        func state(_ prefix: String) -> [String: Tensor] {
            c.entries(withPrefix: prefix + ".").reduce(into: [:]) { $0[String($1.key.dropFirst(prefix.count + 1))] = $1.value }
        }
        try elasticOptimizer.restore(state("elastic_adam"), for: Array(values[0..<elasticCount]))
        if law.plastic != nil { try plasticOptimizer.restore(state("plastic_adam"), for: Array(values[elasticCount...])) }
        epoch = Int(c.metadata["epoch"] ?? "0") ?? 0
        elapsedBefore = Double(c.metadata["elapsed"] ?? "0") ?? 0
        learningRateMultiplier = Double(c.metadata["lr_multiplier"] ?? "1") ?? 1
        divergenceRetriesUsed = Int(c.metadata["retries_used"] ?? "0") ?? 0
        segmentCap = c.metadata["segment_cap"].flatMap { Int($0) }
        epochsAtCap = Int(c.metadata["epochs_at_cap"] ?? "0") ?? 0
        let h = try c.tensor("history")
        history = (0..<(h.shape.first ?? 0)).map { r in
            let s = Array(h.scalars[(5 * r)..<(5 * r + 5)])
            return NCLawEpochRecord(epoch: Int(s[0]), loss: s[1], segment: Int(s[2]), learningRate: s[3], seconds: s[4])
        }
    }
}
