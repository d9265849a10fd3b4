import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

/// One run of the nclaw example: data, training of both models, tests, outputs.
struct NCLawRun {
    let experiment: NCLawExperiment
    let seed: UInt64
    let epochs: Int
    let budget: Double
    let learningRate: Double
    let update: NCLawUpdate
    let segments: ClosedRange<Int>
    let segmentCap: Int?
    let capGrowthEpochs: Int
    let truncateDiverging: Bool
    let stability: NCLawStabilityPrior?
    let plasticLearningRateFactor: Double
    let lossScale: Double
    let plasticOutputScale: Double
    let elasticOutputScale: Double
    let weightFactorization: Bool
    let elasticForm: NeuralConstitutiveLaw.ElasticForm
    let baseline: Bool
    let resume: Bool
    let progressEvery: Int
    let tests: [NCLawExperiment.Test]
    let trajectoryOnly: Bool
    let evaluateOnly: Bool
    let folder: URL

    /// Loads a checkpoint, naming the flags that must match when its networks do not.
    func restore(_ trainer: inout NCLawTrainer, from url: URL) throws {
        do {
            try trainer.restore(try Checkpoint(contentsOf: url))
        } catch MaterialPointError.invalidSetting(let message) {
            throw ValidationError("\(url.path): \(message) (--elastic and --weight-factorization must match the run that wrote it)")
        }
    }

    func run() throws {
        let start = Date()
        let material = experiment.material
        print("nclaw: \(material.rawValue), ground truth from \(material.law.name); simulating the training trajectory")
        let trajectory = try experiment.trainingTrajectory()
        if trajectoryOnly {
            let frames = [ParticleVariables(trajectory.initial).positions.value] + trajectory.positions
            let n = trajectory.initial.count
            let url = folder.appendingPathComponent("trajectory.npy")
            try Tensor(shape: [frames.count, n, 3], scalars: frames.flatMap(\.scalars)).writeNumpy(to: url)
            print("nclaw: wrote \(url.path) (\(frames.count) frames × \(n) particles × 3)")
            return
        }
        let simulator = try experiment.simulator()
        var metrics = MetricsFile()
        metrics["example"] = .text("nclaw")
        metrics["material"] = .text(material.rawValue)
        metrics["seed"] = .integer(Int(seed))
        metrics["particles"] = .integer(trajectory.initial.count)
        metrics["steps"] = .integer(trajectory.steps)
        metrics["update"] = .text(update.rawValue)
        metrics["first_segment"] = .integer(segments.lowerBound)
        metrics["last_segment"] = .integer(segments.upperBound)
        metrics["stability_weight"] = .number(stability?.weight ?? 0)
        metrics["stability_margin"] = .number(stability?.margin ?? 0)
        metrics["stability_copies"] = .integer(stability?.perturbedCopies ?? 0)
        metrics["stability_perturbation"] = .number(stability?.perturbationSize ?? 0)
        metrics["learning_rate"] = .number(learningRate)
        metrics["plastic_lr_factor"] = .number(plasticLearningRateFactor)
        metrics["loss_scale"] = .number(lossScale)
        metrics["plastic_output_scale"] = .number(plasticOutputScale)
        metrics["elastic_output_scale"] = .number(elasticOutputScale)
        metrics["weight_factorization"] = .integer(weightFactorization ? 1 : 0)
        metrics["elastic_form"] = .text(elasticForm.rawValue)

        var models: [(name: String, law: NeuralConstitutiveLaw)] = []
        var curves = LinePlot(title: "nclaw (\(material.rawValue)): training loss", xLabel: "epoch", yLabel: "position MSE", yScale: .log10)
        var csv = CSVWriter(header: ["model", "epoch", "loss", "segment", "learning_rate", "seconds"])
        for priors in baseline ? [true, false] : [true] {
            let name = priors ? "nclaw" : "baseline"
            let law = NeuralConstitutiveLaw(dimension: 3, priors: priors, plasticity: material.isPlastic, stressScale: material.stressScale, outputScale: elasticOutputScale,
                                            plasticOutputScale: plasticOutputScale, weightFactorization: weightFactorization,
                                            elasticForm: priors ? elasticForm : .stress, key: RandomKey(seed: seed).fold(in: priors ? 1 : 2))
            var options = NCLawTrainingOptions()
            options.epochs = epochs
            options.learningRate = learningRate
            options.finalLearningRate = learningRate / 100
            options.budget = budget
            options.update = update
            options.firstSegment = segments.lowerBound
            options.lastSegment = segments.upperBound
            options.segmentCapGrowthEpochs = capGrowthEpochs
            options.truncateDivergingSegments = truncateDiverging
            options.stability = priors ? stability : nil
            options.plasticLearningRateFactor = plasticLearningRateFactor
            options.lossScale = lossScale
            var trainer = try NCLawTrainer(law: law, simulator: simulator, trajectory: trajectory, options: options)
            let checkpoint = folder.appendingPathComponent("\(name).ckpt")
            if evaluateOnly {
                guard FileManager.default.fileExists(atPath: checkpoint.path) else {
                    throw ValidationError("--evaluate needs \(checkpoint.path) from an earlier run")
                }
                try restore(&trainer, from: checkpoint)
                print("\(name): loaded at epoch \(trainer.epoch)")
            } else if resume, FileManager.default.fileExists(atPath: checkpoint.path) {
                try restore(&trainer, from: checkpoint)
                print("\(name): resumed at epoch \(trainer.epoch)")
            }
            if !evaluateOnly, let segmentCap { try trainer.capSegments(at: segmentCap) }
            if !evaluateOnly {
                print("\(name): \(law.parameters.reduce(0) { $0 + $1.value.count }) parameters, \(epochs) epochs or \(Int(budget)) s")
                do {
                    try trainer.train(onEpoch: { t, record in
                        try t.checkpoint().write(to: checkpoint)
                        if progressEvery > 0, record.epoch % progressEvery == 0 {
                            print(String(format: "%@ epoch %4d  loss %.3e  segment %3d  lr %.1e  %.0f s%@", name, record.epoch, record.loss,
                                         record.segment, record.learningRate, record.seconds,
                                         (t.truncatedSegments > 0 ? "  truncated \(t.truncatedSegments)" : "")
                                            + (t.lastStability.map { String(format: "  stability %.2e (%.1f%% below margin)", $0.penalty, 100 * $0.belowMargin) } ?? "")))
                        }
                    }, onRetry: { epoch, step in
                        print("\(name): epoch \(epoch) diverged in the segment from trajectory step \(step); retrying with the learning rates halved and shorter segments")
                    })
                } catch MaterialPointError.diverged(let step) {
                    print("\(name): training diverged in epoch \(trainer.epoch + 1), in the segment from trajectory step \(step); keeping the weights of epoch \(trainer.epoch)")
                }
            }
            try trainer.checkpoint().write(to: checkpoint)
            for r in trainer.history {
                try csv.appendRow([.text(name), .number(Double(r.epoch)), .number(r.loss), .number(Double(r.segment)), .number(r.learningRate), .number(r.seconds)])
            }
            curves.addSeries(name, x: trainer.history.map { Double($0.epoch) }, y: trainer.history.map { max($0.loss, 1e-300) })
            metrics["epochs_\(name)"] = .integer(trainer.epoch)
            metrics["divergence_retries_\(name)"] = .integer(trainer.divergenceRetriesUsed)
            metrics["train_seconds_\(name)"] = .number(trainer.history.last?.seconds ?? 0)
            metrics["final_loss_\(name)"] = .number(trainer.history.last?.loss ?? .nan)
            models.append((name, trainer.law))
        }
        try csv.write(to: folder.appendingPathComponent("loss.csv"))
        try curves.write(to: folder.appendingPathComponent("loss.svg"))

        try reportStability(models: models, trajectory: trajectory, metrics: &metrics)

        var pictures = [RGBImage]()
        var summary = "nclaw: \(material.rawValue)"
        for test in tests {
            let scenarios = try experiment.scenarios(test, seed: seed)
            var errors = [String: Double]()
            var firstDivergence = [String: Int]()
            for (index, scenario) in scenarios.enumerated() {
                if index == 0 { pictures.append(try ParticlePicture.frame(scenario.truth.positions.last!.vectors, size: 180, label: "\(test.rawValue): truth")) }
                for model in models {
                    var frames: [Tensor]
                    var divergence = ""
                    do {
                        frames = try NCLawTrainer.predict(model.law, others: scenario.others, simulator: scenario.simulator,
                                                          from: scenario.initial, steps: scenario.truth.steps)
                    } catch MaterialPointError.diverged(let step) {
                        frames = []
                        divergence = " (diverged at step \(step))"
                        firstDivergence[model.name] = min(firstDivergence[model.name] ?? step, step)
                    }
                    let mse = frames.count == scenario.truth.steps ? scenario.truth.positionMSE(frames) : .infinity
                    errors[model.name, default: 0] += mse / Double(scenarios.count)
                    if index == 0, let last = frames.last { pictures.append(try ParticlePicture.frame(last.vectors, size: 180, label: "\(model.name)")) }
                    print(String(format: "%@ %@ (%@): position MSE %.3e%@", test.rawValue, model.name, scenario.label, mse, divergence))
                }
            }
            // Yardstick: the true law with Young's modulus doubled, on the same scenarios.
            var yardstick = 0.0
            for scenario in scenarios {
                var stiffer = scenario.simulator
                stiffer.materials[0] = material.law(stiffnessFactor: 2)
                let mse = (try? ObservedTrajectory.simulate(stiffer, from: scenario.initial, steps: scenario.truth.steps,
                                                            keyframeEvery: scenario.truth.steps))
                    .map { scenario.truth.positionMSE($0.positions) } ?? .infinity
                yardstick += mse / Double(scenarios.count)
            }
            print(String(format: "%@ true law with E × 2: position MSE %.3e", test.rawValue, yardstick))
            metrics["position_mse_stiffness2x_\(test.rawValue)"] = .number(yardstick)
            for (name, value) in errors { metrics["position_mse_\(name)_\(test.rawValue)"] = .number(value) }
            for (name, step) in firstDivergence { metrics["diverged_step_\(name)_\(test.rawValue)"] = .integer(step) }
            if let n = errors["nclaw"], let b = errors["baseline"] {
                metrics["baseline_over_nclaw_\(test.rawValue)"] = .number(b / n)
                summary += String(format: ", %@ %.2e vs %.2e", test.rawValue, n, b)
            } else if let n = errors["nclaw"] {
                summary += String(format: ", %@ %.2e", test.rawValue, n)
            }
        }
        if !pictures.isEmpty { try ParticlePicture.contactSheet(pictures).write(to: folder.appendingPathComponent("tests.png")) }
        metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
        try metrics.write(to: folder.appendingPathComponent("metrics.json"))
        print(summary + " (NCLaw vs baseline position MSE)")
    }
}

extension Tensor {
    /// Rows of an `[N, 3]` tensor as vectors.
    var vectors: [SIMD3<Double>] { (0..<shape[0]).map { SIMD3(scalars[3 * $0], scalars[3 * $0 + 1], scalars[3 * $0 + 2]) } }
}

extension NCLawRun {
    /// The smallest eigenvalue of each law's acoustic tensor on the observed states (every 100th
    /// step of the training trajectory), median and 10th percentile, against the true law's, and
    /// the median norm of the tensor's skew part along that weakest direction: a learned law near
    /// zero or below has deformation modes without restoring force, and a large skew part (zero
    /// for a law with an energy) lets waves grow by flutter; rollouts outside the training data can
    /// grow either until they blow up. Written to metrics.json as `acoustic_median_<model>`,
    /// `acoustic_p10_<model>` and `acoustic_skew_median_<model>` (model ∈ truth, nclaw, baseline).
    func reportStability(models: [(name: String, law: NeuralConstitutiveLaw)], trajectory: ObservedTrajectory, metrics: inout MetricsFile) throws {
        let states = trajectory.deformationGradients(every: 100)
        func summary(_ modes: [AcousticTensor.WeakestMode]) -> (median: Double, p10: Double, skew: Double) {
            let values = modes.map(\.value).sorted(), skews = modes.map(\.asymmetry).sorted()
            return (values[values.count / 2], values[values.count / 10], skews[skews.count / 2])
        }
        let law = experiment.material.law
        var rows = [("truth", summary(AcousticTensor.weakestModes(at: states, dimension: 3) { $0.map { law.kirchhoffStress($0, dimension: 3) } }))]
        for model in models { rows.append((model.name, summary(AcousticTensor.minimumModes(of: model.law, at: states, dimension: 3)))) }
        var line = "nclaw: smallest acoustic eigenvalue on the observed states (median, 10th percentile; median skew part)"
        for (name, value) in rows {
            metrics["acoustic_median_\(name)"] = .number(value.median)
            metrics["acoustic_p10_\(name)"] = .number(value.p10)
            metrics["acoustic_skew_median_\(name)"] = .number(value.skew)
            line += String(format: "; %@ %.3g, %.3g; %.3g", name, value.median, value.p10, value.skew)
        }
        print(line)
    }
}
