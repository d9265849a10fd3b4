import Foundation
import PDEKit

/// Trains a DCDM network on n³ grids (the empty box, a box with a solid sphere, or both in turn):
/// Lanczos → spectrum-biased right-hand sides → Adam on the scale-invariant loss, stopping after
/// `steps` steps or `budget` seconds.
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
    /// Whether fresh weights read the solid cells as a second channel.
    var solidChannel = false
    /// The training grids; with more than one, steps take turns (each grid has its own samples).
    var grids: [Grid] = [.box]

    enum Grid: String { case box, sphere }

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
        let trainingProblems = try grids.map { try DCDMTrainingProblem(grid: grid($0)) }
        var trainer = try DCDMTrainer(network: initial ?? DCDMNetwork(extraLevels: extraLevels, solidChannel: solidChannel, key: key.fold(in: 0)),
                                      problem: trainingProblems[0], optimizer: Adam(learningRate: learningRate))
        var problems: [(problem: DCDMTrainingProblem, samples: Tensor)] = []
        for (g, (kind, problem)) in zip(grids, trainingProblems).enumerated() {
            try trainer.checkSize(problem)
            // The box keeps the keys of single-grid training, so its samples do not change.
            let problemKey = g == 0 ? key : key.fold(in: 100 + g)
            let pairs = try LanczosIteration(steps: lanczosSteps).ritzPairs(
                of: problem.matrix, start: problemKey.fold(in: 1).normal([problem.grid.unknownCount]).scalars)
            let samples = SpectrumBiasedSampler(ritzPairs: pairs).samples(count: sampleCount, key: problemKey.fold(in: 2))
            say(String(format: "dcdm: %d Lanczos steps at %d³ (%@; Ritz values %.4f … %.4f), %d samples, %.1f s",
                       pairs.count, n, kind.rawValue, pairs.values.first!, pairs.values.last!, sampleCount,
                       Date().timeIntervalSince(start)))
            problems.append((problem, samples))
        }
        let lanczosSeconds = Date().timeIntervalSince(start)
        var losses: [Double] = []
        let batchKey = key.fold(in: 3)
        for step in 0..<steps {
            let (problem, samples) = problems[step % problems.count]
            let unknowns = problem.grid.unknownCount
            let rows = batchKey.fold(in: step).permutation(sampleCount).prefix(batchSize)
            let batch = Tensor(shape: [rows.count, unknowns],
                               scalars: rows.flatMap { samples.scalars[($0 * unknowns)..<(($0 + 1) * unknowns)] })
            let loss = trainer.step(on: batch, in: problem)
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

    private func grid(_ kind: Grid) throws -> PoissonGrid {
        switch kind {
        case .box: return try PoissonGrid.box(n: n)
        case .sphere: return try PoissonGrid.sphereObstacle(n: n)
        }
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
