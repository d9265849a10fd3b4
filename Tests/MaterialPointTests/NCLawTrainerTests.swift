import Autodiff
import NeuralNetworks
import XCTest
import MaterialPoint

final class NCLawTrainerTests: XCTestCase {
    func setUp2D() throws -> (MPMSimulator, ObservedTrajectory) {
        let sim = try MPMSimulator(dimension: 2, resolution: 16, timeStep: 2e-3, materials: [NeoHookean(youngsModulus: 300, poissonsRatio: 0.3)])
        let cube = ParticleSampling.box(dimension: 2, lower: SIMD3(0.3, 0.3, 0), upper: SIMD3(0.6, 0.55, 0), counts: SIMD3(8, 7, 1), density: 1,
                                        velocity: { x in SIMD3(1, -2, 0) + 3 * SIMD3(-(x.y - 0.42), x.x - 0.45, 0) })
        return (sim, try ObservedTrajectory.simulate(sim, from: cube, steps: 60, keyframeEvery: 10))
    }

    func options(epochs: Int) -> NCLawTrainingOptions {
        var o = NCLawTrainingOptions()
        o.epochs = epochs
        o.learningRate = 1e-2
        o.finalLearningRate = 1e-3
        o.firstSegment = 10
        o.lastSegment = 30
        o.rolloutCheckpointEvery = 4
        o.gradientClip = 1
        o.update = .perSegment
        o.plasticLearningRateFactor = 1
        return o
    }

    /// Learning through the simulator lowers the position error of the rollout from the start.
    func testTrainingReducesThePositionError() throws {
        let (sim, data) = try setUp2D()
        let law = NeuralConstitutiveLaw(dimension: 2, plasticity: false, hidden: [16, 16], stressScale: 300, outputScale: 0.01, key: RandomKey(seed: 3))
        func rolloutError(_ l: NeuralConstitutiveLaw) throws -> Double {
            data.positionMSE(try NCLawTrainer.predict(l, simulator: sim, from: data.initial, steps: data.steps))
        }
        let before = try rolloutError(law)
        var trainer = try NCLawTrainer(law: law, simulator: sim, trajectory: data, options: options(epochs: 12))
        try trainer.train()
        let after = try rolloutError(trainer.law)
        XCTAssertEqual(trainer.history.count, 12)
        XCTAssertLessThan(after, 0.2 * before, "before \(before), after \(after)")
    }

    /// A small elastic law and a trainer whose constant learning rate `rate` is far too large.
    func divergingTrainer(rate: Double, retries: Int, update: NCLawUpdate = .perSegment) throws
        -> (NeuralConstitutiveLaw, NCLawTrainer, MPMSimulator, ObservedTrajectory) {
        let (sim, data) = try setUp2D()
        let law = NeuralConstitutiveLaw(dimension: 2, plasticity: false, hidden: [8, 8], stressScale: 300, outputScale: 0.01, key: RandomKey(seed: 5))
        var o = options(epochs: 30)
        o.learningRate = rate
        o.finalLearningRate = rate
        o.gradientClip = 1e6
        o.divergenceRetries = retries
        o.update = update
        o.segmentCapGrowthEpochs = 0
        return (law, try NCLawTrainer(law: law, simulator: sim, trajectory: data, options: o), sim, data)
    }

    /// A learning rate far too large makes a rollout diverge; training stops with `.diverged` and the
    /// trainer holds the weights (and epoch count) of the last completed epoch, not the weights whose
    /// rollout diverged.
    func testDivergenceKeepsTheLastCompletedEpoch() throws {
        let (law, diverging, sim, data) = try divergingTrainer(rate: 3, retries: 0)
        var trainer = diverging
        var completed = law.parameters.map(\.value)
        var divergedAt: Int?
        do {
            try trainer.train { t, _ in completed = t.law.parameters.map(\.value) }
        } catch MaterialPointError.diverged(let step) {
            divergedAt = step
        }
        XCTAssertNotNil(divergedAt, "the run was meant to diverge")
        XCTAssertLessThan(trainer.epoch, 30)
        XCTAssertEqual(trainer.history.count, trainer.epoch)
        XCTAssertEqual(trainer.law.parameters.map(\.value), completed)
        // The kept weights roll out the epoch's first segment without diverging.
        let model = try DifferentiableMPM(simulator: sim, materials: [trainer.law], particles: data.initial)
        let first = try model.positionLossAndGradient(from: data.keyframes[0]!, targets: Array(data.positions[0..<10]))
        XCTAssertTrue(first.loss.isFinite)
    }

    /// Two epochs, a checkpoint, a fresh trainer restored from it and two more epochs give the same
    /// weights as four epochs in one go.
    func testResumeIsBitForBit() throws {
        let (sim, data) = try setUp2D()
        let law = NeuralConstitutiveLaw(dimension: 2, plasticity: true, hidden: [8, 8], stressScale: 300, outputScale: 0.01, key: RandomKey(seed: 4))
        var straight = try NCLawTrainer(law: law, simulator: sim, trajectory: data, options: options(epochs: 4))
        try straight.train()
        var first = try NCLawTrainer(law: law, simulator: sim, trajectory: data, options: options(epochs: 4))
        XCTAssertThrowsError(try first.train { _, record in
            if record.epoch == 2 { throw CancellationError() }
        })
        let saved = try Checkpoint(data: first.checkpoint().encoded())
        var second = try NCLawTrainer(law: law, simulator: sim, trajectory: data, options: options(epochs: 4))
        try second.restore(saved)
        XCTAssertEqual(second.epoch, 2)
        try second.train()
        XCTAssertEqual(second.law.parameters.map(\.value), straight.law.parameters.map(\.value))
        XCTAssertEqual(second.history.map(\.loss), straight.history.map(\.loss))
    }

    /// With `.perEpoch` an epoch is one Adam step per network on the length-weighted mean of the
    /// segments' (scaled, clipped) gradients: the trainer's weights equal those of that step done by hand.
    func testPerEpochUpdateIsOneStepOnTheMeanGradient() throws {
        let (sim, data) = try setUp2D()
        let law = NeuralConstitutiveLaw(dimension: 2, plasticity: true, hidden: [8, 8], stressScale: 300, outputScale: 0.01, key: RandomKey(seed: 6))
        var o = options(epochs: 1)
        o.update = .perEpoch
        o.firstSegment = 20
        o.lastSegment = 20
        o.gradientClip = 1e-3
        o.plasticLearningRateFactor = 0.5
        var trainer = try NCLawTrainer(law: law, simulator: sim, trajectory: data, options: o)
        try trainer.train()

        // By hand: segments of 20 steps from steps 0, 20 and 40 (weights 1/3 each).
        let model = try DifferentiableMPM(simulator: sim, materials: [law], particles: data.initial)
        var mean: [Tensor]? = nil
        for begin in stride(from: 0, to: 60, by: 20) {
            let r = try model.positionLossAndGradient(from: data.keyframes[begin]!, targets: Array(data.positions[begin..<(begin + 20)]),
                                                      checkpointEvery: o.rolloutCheckpointEvery)
            let g = r.parameterGradients[0].map { $0 * (o.lossScale / 3) }
            mean = mean.map { zip($0, g).map { $0 + $1 } } ?? g
        }
        let e = law.elastic.parameters.count
        var elastic = Array(law.parameters.map(\.value)[0..<e]), plastic = Array(law.parameters.map(\.value)[e...])
        // A one-epoch schedule is at its end: the rate is the final one.
        let rate = trainer.learningRate(atEpoch: 0)
        XCTAssertEqual(rate, o.finalLearningRate)
        var adamE = Adam(learningRate: rate), adamP = Adam(learningRate: rate * o.plasticLearningRateFactor)
        adamE.update(&elastic, gradients: GradientClipping.clipByGlobalNorm(Array(mean![0..<e]), maxNorm: o.gradientClip).gradients)
        adamP.update(&plastic, gradients: GradientClipping.clipByGlobalNorm(Array(mean![e...]), maxNorm: o.gradientClip).gradients)
        for (got, want) in zip(trainer.law.parameters.map(\.value), elastic + plastic) {
            XCTAssertLessThan(zip(got.scalars, want.scalars).map { abs($0 - $1) }.max()!, 1e-12)
        }
        XCTAssertEqual(trainer.history.count, 1)
    }

    /// Adam's first step moves every weight by about the learning rate unless its gradient is below
    /// Adam's ε (1e-8), where the step shrinks in proportion. The plastic network's gradients in this
    /// small scene are near ε (a few 1e-8), and 100 times smaller with the loss scaled by 1e-2: then
    /// its weights barely move; with the default scale (1e4) they move by the full learning rate.
    func testLossScaleLiftsGradientsAboveAdamsEpsilon() throws {
        let (sim, data) = try setUp2D()
        let law = NeuralConstitutiveLaw(dimension: 2, plasticity: true, hidden: [8, 8], stressScale: 300, outputScale: 0.01, key: RandomKey(seed: 7))
        func largestPlasticChange(lossScale: Double) throws -> Double {
            var o = options(epochs: 1)
            o.update = .perEpoch
            o.lossScale = lossScale
            o.gradientClip = 1e6
            var trainer = try NCLawTrainer(law: law, simulator: sim, trajectory: data, options: o)
            try trainer.train()
            let e = law.elastic.parameters.count
            return zip(trainer.law.parameters[e...], law.parameters[e...]).map { pair in
                zip(pair.0.value.scalars, pair.1.value.scalars).map { abs($0 - $1) }.max()!
            }.max()!
        }
        let lr = options(epochs: 1).finalLearningRate   // the rate of a one-epoch schedule
        let tiny = try largestPlasticChange(lossScale: 1e-2), unscaled = try largestPlasticChange(lossScale: 1)
        let scaled = try largestPlasticChange(lossScale: 1e4)
        XCTAssertLessThan(tiny, 0.1 * lr)
        XCTAssertLessThan(unscaled, scaled)
        XCTAssertGreaterThan(scaled, 0.9 * lr)
        XCTAssertLessThanOrEqual(scaled, lr * (1 + 1e-9))
    }

    /// A diverging epoch is retried from the last completed epoch with the learning rates halved and
    /// the segments capped (here at the shortest, one keyframe interval), `divergenceRetries` times;
    /// then training stops with the last good weights.
    func testDivergenceIsRetriedWithHalvedLearningRates() throws {
        let (law, diverging, sim, data) = try divergingTrainer(rate: 300, retries: 2)
        var trainer = diverging
        var completedAt = [0: law.parameters.map(\.value)]
        var retries = [Int]()
        XCTAssertThrowsError(try trainer.train(onEpoch: { t, record in completedAt[record.epoch] = t.law.parameters.map(\.value) },
                                               onRetry: { epoch, _ in retries.append(epoch) }))
        XCTAssertEqual(trainer.divergenceRetriesUsed, 2)
        XCTAssertEqual(retries.count, 2)
        XCTAssertEqual(trainer.learningRateMultiplier, 0.25)
        XCTAssertEqual(trainer.learningRate(atEpoch: 0), 75)
        XCTAssertEqual(trainer.segmentCap, 10)
        XCTAssertEqual(trainer.segmentLength(atEpoch: 29), 10)
        XCTAssertEqual(trainer.law.parameters.map(\.value), completedAt[trainer.epoch])
        // The multiplier and the retry count survive a checkpoint.
        var restored = try NCLawTrainer(law: law, simulator: sim, trajectory: data, options: trainer.options)
        try restored.restore(try Checkpoint(data: trainer.checkpoint().encoded()))
        XCTAssertEqual(restored.learningRateMultiplier, 0.25)
        XCTAssertEqual(restored.divergenceRetriesUsed, 2)
        XCTAssertEqual(restored.segmentCap, 10)
    }

    /// A cap left by a retry grows back by one keyframe interval (10 steps here) every
    /// `segmentCapGrowthEpochs` completed epochs and is dropped once it reaches the last segment length.
    func testSegmentCapGrowsBackAfterQuietEpochs() throws {
        let (sim, data) = try setUp2D()
        let law = NeuralConstitutiveLaw(dimension: 2, plasticity: false, hidden: [8, 8], stressScale: 300, outputScale: 0.01, key: RandomKey(seed: 5))
        var o = options(epochs: 12)
        o.firstSegment = 30                      // the schedule asks for 30 steps from the start
        o.segmentCapGrowthEpochs = 2
        (o.learningRate, o.finalLearningRate) = (1e-3, 1e-4)
        var trainer = try NCLawTrainer(law: law, simulator: sim, trajectory: data, options: o)
        var c = trainer.checkpoint()
        c.metadata["segment_cap"] = "10"        // as a retry would have left it
        try trainer.restore(try Checkpoint(data: c.encoded()))
        var segments = [Int]()
        try trainer.train(onEpoch: { _, record in segments.append(record.segment) }, onRetry: { _, _ in XCTFail("no divergence expected") })
        XCTAssertEqual(segments, [10, 10, 20, 20, 30, 30, 30, 30, 30, 30, 30, 30])
        XCTAssertNil(trainer.segmentCap)
        // Part-way counts survive a checkpoint.
        var paused = try NCLawTrainer(law: law, simulator: sim, trajectory: data, options: o)
        c.metadata["epochs_at_cap"] = "1"
        try paused.restore(try Checkpoint(data: c.encoded()))
        XCTAssertEqual(paused.epochsAtCap, 1)
        var first = [Int]()
        paused.options.epochs = 2
        try paused.train(onEpoch: { _, record in first.append(record.segment) })
        XCTAssertEqual(first, [10, 20])
    }

    /// `capSegments(at:)` starts a trained law on short segments that grow by one keyframe interval
    /// every `segmentCapGrowthEpochs` epochs up to a longer `lastSegment` (here the whole 60-step
    /// trajectory, one free rollout), and refuses a cap below one keyframe interval.
    func testSegmentCapMovesTrainingOntoLongerRollouts() throws {
        let (sim, data) = try setUp2D()
        let law = NeuralConstitutiveLaw(dimension: 2, plasticity: false, hidden: [8, 8], stressScale: 300, outputScale: 0.01, key: RandomKey(seed: 5))
        var o = options(epochs: 8)
        (o.firstSegment, o.lastSegment) = (60, 60)
        o.segmentCapGrowthEpochs = 1
        (o.learningRate, o.finalLearningRate) = (1e-3, 1e-4)
        var trainer = try NCLawTrainer(law: law, simulator: sim, trajectory: data, options: o)
        XCTAssertThrowsError(try trainer.capSegments(at: 5))
        XCTAssertThrowsError(try trainer.capSegments(at: 25))   // not a multiple of the 10-step keyframe interval
        try trainer.capSegments(at: 20)
        XCTAssertEqual(trainer.segmentLength(atEpoch: 0), 20)
        var segments = [Int]()
        try trainer.train(onEpoch: { _, record in segments.append(record.segment) }, onRetry: { _, _ in XCTFail("no divergence expected") })
        XCTAssertEqual(segments, [20, 30, 40, 50, 60, 60, 60, 60])
        XCTAssertNil(trainer.segmentCap)
    }

    /// A law far too stiff for the time step diverges part-way through a segment: without
    /// truncation the epoch fails; with it the segment is trained on the first half of its finite
    /// part, and the epoch completes with a finite loss.
    func testDivergingSegmentIsTrainedOnItsFiniteFirstHalf() throws {
        let (sim, data) = try setUp2D()
        let law = NeuralConstitutiveLaw(dimension: 2, plasticity: false, hidden: [8, 8], stressScale: 3e5, outputScale: 1, key: RandomKey(seed: 5))
        var divergedAt = 0
        do { _ = try NCLawTrainer.predict(law, simulator: sim, from: data.initial, steps: 60) } catch MaterialPointError.diverged(let k) { divergedAt = k }
        XCTAssertGreaterThan(divergedAt, 2, "the stiff law was meant to diverge after a few steps")
        var o = options(epochs: 1)
        (o.firstSegment, o.lastSegment) = (60, 60)
        (o.learningRate, o.finalLearningRate) = (1e-6, 1e-6)
        o.divergenceRetries = 0
        var strict = try NCLawTrainer(law: law, simulator: sim, trajectory: data, options: o)
        XCTAssertThrowsError(try strict.train())
        o.truncateDivergingSegments = true
        var lenient = try NCLawTrainer(law: law, simulator: sim, trajectory: data, options: o)
        try lenient.train()
        XCTAssertEqual(lenient.epoch, 1)
        XCTAssertEqual(lenient.truncatedSegments, 1)
        XCTAssertTrue(lenient.history[0].loss.isFinite)
        XCTAssertNotEqual(lenient.law.parameters.map(\.value), law.parameters.map(\.value))
    }

    /// With one step per epoch, weights that diverge are the product of the last completed epoch's
    /// update: a retry undoes that epoch and redoes it at half the rate, so the same epoch number
    /// completes twice, and the weights kept at the end are those of the last epoch still counted.
    func testPerEpochRetryUndoesTheLastUpdate() throws {
        let (law, diverging, _, _) = try divergingTrainer(rate: 30, retries: 3, update: .perEpoch)
        var trainer = diverging
        var completedAt = [0: law.parameters.map(\.value)]
        var completions = [Int]()
        var retries = 0
        do {
            try trainer.train(onEpoch: { t, record in
                completedAt[record.epoch] = t.law.parameters.map(\.value)
                completions.append(record.epoch)
            }, onRetry: { _, _ in retries += 1 })
        } catch MaterialPointError.diverged {}
        XCTAssertGreaterThan(retries, 0, "the run was meant to diverge")
        XCTAssertGreaterThan(completions.count, Set(completions).count, "an undone epoch is completed again")
        XCTAssertEqual(trainer.history.map(\.epoch), (0..<trainer.epoch).map { $0 + 1 })
        XCTAssertEqual(trainer.law.parameters.map(\.value), completedAt[trainer.epoch])
    }
}
