import XCTest
import Autodiff
import NeuralNetworks
import SparseLinearAlgebra
import LearnedSolvers

final class DCDMTrainerTests: XCTestCase {
    /// On a grid with solid cells the training loss is the spec's loss on the unknowns: the residual
    /// left by an exact line search along the direction `NetworkDirection` proposes.
    func testLossWithSolidCellsIsTheLineSearchResidualOnTheUnknowns() throws {
        let grid = try PoissonGrid.sphereObstacle(n: 8)
        let a = try grid.laplacian()
        let batch = RandomKey(seed: 23).normal([3, grid.unknownCount])
        for solidChannel in [false, true] {
            var network = DCDMNetwork(channels: 4, solidChannel: solidChannel, key: RandomKey(seed: 21))
            network.parameters = network.parameters.enumerated().map { i, p in
                p.shape.count == 1 ? Variable.parameter(RandomKey(seed: 22).fold(in: i).normal(p.shape)) : p  // nonzero biases
            }
            let trainer = try DCDMTrainer(network: network, grid: grid)
            let proposer = NetworkDirection(network: network, grid: grid)
            var expected = 0.0
            for i in 0..<3 {
                let b = Array(batch.scalars[(i * grid.unknownCount)..<((i + 1) * grid.unknownCount)])
                let y = proposer.direction(for: b)
                var ay = [Double](repeating: 0, count: y.count)
                a.apply(y, into: &ay)
                let alpha = zip(y, b).map { $0 * $1 }.reduce(0, +) / zip(y, ay).map { $0 * $1 }.reduce(0, +)
                expected += zip(b, ay).map { ($0 - alpha * $1) * ($0 - alpha * $1) }.reduce(0, +) / 3
            }
            XCTAssertEqual(trainer.loss(on: batch), expected, accuracy: 1e-10 * expected)
        }
    }

    /// Steps that take turns between the box and the sphere train one network for both: both losses
    /// fall, and the network drives a convergent solve with the obstacle.
    func testAlternatingGridsLowersBothLossesAndSolvesWithTheObstacle() throws {
        let box = try DCDMTrainingProblem(grid: PoissonGrid.box(n: 8))
        let sphere = try DCDMTrainingProblem(grid: PoissonGrid.sphereObstacle(n: 8))
        var trainer = try DCDMTrainer(network: DCDMNetwork(channels: 4, key: RandomKey(seed: 24)), grid: box.grid,
                                      optimizer: Adam(learningRate: 3e-3))
        let batches = try [box, sphere].enumerated().map { g, problem in
            let pairs = try LanczosIteration(steps: 40).ritzPairs(
                of: problem.matrix, start: RandomKey(seed: 25).fold(in: g).normal([problem.grid.unknownCount]).scalars)
            return SpectrumBiasedSampler(ritzPairs: pairs).samples(count: 6, key: RandomKey(seed: 26).fold(in: g))
        }
        let before = [trainer.loss(on: batches[0], in: box), trainer.loss(on: batches[1], in: sphere)]
        for step in 0..<60 { trainer.step(on: batches[step % 2], in: step % 2 == 0 ? box : sphere) }
        let after = [trainer.loss(on: batches[0], in: box), trainer.loss(on: batches[1], in: sphere)]
        for g in 0..<2 { XCTAssertLessThan(after[g], 0.7 * before[g], "grid \(g): loss \(before[g]) → \(after[g])") }

        let report = try DeepConjugateDirections(tolerances: SolverTolerances(relative: 1e-6, maxIterations: 500))
            .solve(sphere.matrix, rightHandSide: RandomKey(seed: 27).normal([sphere.grid.unknownCount]).scalars,
                   proposer: NetworkDirection(network: trainer.network, grid: sphere.grid))
        XCTAssertEqual(report.reason, .converged)
        XCTAssertLessThanOrEqual(report.relativeResidual, 1.0001e-6)
    }

    func testGridSizesTheNetworkCannotTakeThrow() throws {
        let network = DCDMNetwork(channels: 4, extraLevels: 1, key: RandomKey(seed: 28))
        XCTAssertThrowsError(try DCDMTrainer(network: network, grid: PoissonGrid.box(n: 6)))
        let trainer = try DCDMTrainer(network: network, grid: PoissonGrid.box(n: 8))
        XCTAssertThrowsError(try trainer.checkSize(DCDMTrainingProblem(grid: PoissonGrid.sphereObstacle(n: 10))))
    }
}
