import Foundation
import PDEKit

/// Trains a DCDM network on an empty n³ box: Lanczos → spectrum-biased right-hand sides → Adam on the
/// scale-invariant loss, stopping after `steps` steps or `budget` seconds.
struct DCDMTraining {
    var n: Int
    var lanczosSteps: Int
    var sampleCount: Int
    var batchSize: Int
    var steps: Int
    var learningRate: Double
    var budget: Double
    var seed: UInt64
    /// Coarsening levels added to the spec's network when training fresh weights.
    var extraLevels: Int = 0

    struct Result {
        var network: DCDMNetwork
        var losses: [Double]
        var seconds: Double
        var lanczosSeconds: Double
    }

    /// Trains `initial` (fresh weights from the seed when nil).
    func run(from initial: DCDMNetwork?, progressEvery: Int) throws -> Result {
        let start = Date()
        let key = RandomKey(seed: seed)
        let grid = try PoissonGrid.box(n: n)
        var trainer = try DCDMTrainer(network: initial ?? DCDMNetwork(extraLevels: extraLevels, key: key.fold(in: 0)), grid: grid,
                                      optimizer: Adam(learningRate: learningRate))
        let pairs = try LanczosIteration(steps: lanczosSteps).ritzPairs(
            of: trainer.matrix, start: key.fold(in: 1).normal([grid.unknownCount]).scalars)
        let samples = SpectrumBiasedSampler(ritzPairs: pairs).samples(count: sampleCount, key: key.fold(in: 2))
        let lanczosSeconds = Date().timeIntervalSince(start)
        say(String(format: "dcdm: %d Lanczos steps at %d³ (Ritz values %.4f … %.4f), %d samples, %.1f s",
                     pairs.count, n, pairs.values.first!, pairs.values.last!, sampleCount, lanczosSeconds))
        let cells = grid.cellCount
        var losses: [Double] = []
        let batchKey = key.fold(in: 3)
        for step in 0..<steps {
            let rows = batchKey.fold(in: step).permutation(sampleCount).prefix(batchSize)
            let batch = Tensor(shape: [rows.count, cells],
                               scalars: rows.flatMap { samples.scalars[($0 * cells)..<(($0 + 1) * cells)] })
            let loss = trainer.step(on: batch)
            guard loss.isFinite else { throw TrainingFailure.nonFiniteLoss(step: step) }
            losses.append(loss)
            let elapsed = Date().timeIntervalSince(start)
            if progressEvery > 0 && (step % progressEvery == 0 || step == steps - 1) {
                let recent = losses.suffix(progressEvery).reduce(0, +) / Double(min(progressEvery, losses.count))
                say(String(format: "dcdm: step %5d  loss %.4f (mean of last %d %.4f)  %.0f s", step, loss,
                             min(progressEvery, losses.count), recent, elapsed))
            }
            if elapsed > budget { say("dcdm: training budget of \(budget) s reached after \(step + 1) steps"); break }
        }
        return Result(network: trainer.network, losses: losses, seconds: Date().timeIntervalSince(start),
                      lanczosSeconds: lanczosSeconds)
    }
}

/// Why training stopped early.
enum TrainingFailure: Error, CustomStringConvertible {
    case nonFiniteLoss(step: Int)

    var description: String {
        switch self {
        case let .nonFiniteLoss(step): return "the training loss became non-finite at step \(step)"
        }
    }
}
