import Autodiff
import NeuralNetworks
import SparseLinearAlgebra

/// Unsupervised training of a `DCDMNetwork`: Adam on `DCDMLoss` over batches of right-hand sides
/// (typically from `SpectrumBiasedSampler`) on one or more grids, with or without solid cells.
///
/// Each step evaluates the network on a `[batch, 1, n, n, n]` stack (right-hand sides placed on the
/// grid, zero in solid cells, scaled as `NetworkDirection` scales residuals), the loss with the grid's
/// Laplacian on all cells (solid rows empty, so the network's output in solid cells has no effect and
/// the loss equals the one on the unknowns), and one reverse sweep through the convolutions (custom
/// primitives). Cost per sample and step: about three network evaluations (≈ 330 kflop per cell).
public struct DCDMTrainer {
    /// The network being trained.
    public var network: DCDMNetwork
    /// The optimiser (its state follows `network.parameters`).
    public var optimizer: Adam
    /// The grid `step(on:)` and `loss(on:)` train on.
    public var grid: PoissonGrid { problem.grid }
    /// That grid's Laplacian on the unknowns (for Lanczos and solves).
    public var matrix: CSRMatrix { problem.matrix }

    private let problem: DCDMTrainingProblem

    /// A trainer for `network` on `grid` (`grid.n` a multiple of `network.sizeMultiple`).
    /// - Throws: `SparseMatrixError.invalidArgument` when the grid size does not fit the network.
    public init(network: DCDMNetwork, grid: PoissonGrid, optimizer: Adam = Adam(learningRate: 1e-3)) throws {
        self.network = network
        self.optimizer = optimizer
        self.problem = try DCDMTrainingProblem(grid: grid)
        try checkSize(problem)
    }

    /// The loss of the current network on `batch` (`[batch, unknowns]`), without a gradient.
    public func loss(on batch: Tensor) -> Double { loss(on: batch, in: problem) }

    /// The loss of the current network on `batch` of `problem` (`[batch, problem.grid.unknownCount]`).
    public func loss(on batch: Tensor, in problem: DCDMTrainingProblem) -> Double {
        let cells = problem.cellVectors(batch)
        return DCDMLoss.value(directions: network.frozen(Variable(problem.networkInput(cells))),
                              rightHandSides: cells, operator: problem.cellMatrix).scalar
    }

    /// One Adam step on `batch` (`[batch, unknowns]` right-hand sides); returns the loss before the step.
    @discardableResult
    public mutating func step(on batch: Tensor) -> Double { step(on: batch, in: problem) }

    /// One Adam step on `batch` of another `problem` (`[batch, problem.grid.unknownCount]`), with the
    /// same network and optimiser state: alternating problems trains one network for all of them.
    /// Returns the loss before the step.
    @discardableResult
    public mutating func step(on batch: Tensor, in problem: DCDMTrainingProblem) -> Double {
        precondition(problem.grid.n % network.sizeMultiple == 0,
                     "DCDMNetwork needs a grid size that is a multiple of \(network.sizeMultiple), got \(problem.grid.n)")
        let cells = problem.cellVectors(batch)
        let loss = DCDMLoss.value(directions: network(Variable(problem.networkInput(cells))), rightHandSides: cells,
                                  operator: problem.cellMatrix)
        let grads = gradients(of: loss, wrt: network.parameters).map(\.value)
        var parameters = network.parameterTensors
        optimizer.update(&parameters, gradients: grads)
        network.parameterTensors = parameters
        return loss.scalar
    }

    /// Throws unless `problem`'s grid size is a multiple of the network's `sizeMultiple`.
    public func checkSize(_ problem: DCDMTrainingProblem) throws {
        guard problem.grid.n % network.sizeMultiple == 0 else {
            throw SparseMatrixError.invalidArgument(
                "DCDMTrainer needs a grid size that is a multiple of \(network.sizeMultiple), got \(problem.grid.n)")
        }
    }
}

/// One grid a `DCDMTrainer` trains on, with its Laplacian on the unknowns and on all cells.
public struct DCDMTrainingProblem: Sendable {
    /// The grid.
    public let grid: PoissonGrid
    /// The Laplacian on the unknowns (fluid cells): `grid.laplacian()`.
    public let matrix: CSRMatrix
    /// The Laplacian on all cells, solid rows and columns empty: `grid.cellLaplacian()`.
    public let cellMatrix: CSRMatrix

    /// The problem of `grid`.
    /// - Throws: `SparseMatrixError.invalidArgument` for a grid without fluid cells.
    public init(grid: PoissonGrid) throws {
        guard grid.unknownCount > 0 else { throw SparseMatrixError.invalidArgument("DCDMTrainingProblem needs fluid cells") }
        self.grid = grid
        self.matrix = try grid.laplacian()
        self.cellMatrix = try grid.cellLaplacian()
    }

    /// Right-hand sides on the unknowns (`[batch, unknowns]`) placed on the grid (`[batch, n³]`).
    func cellVectors(_ batch: Tensor) -> Tensor {
        precondition(batch.rank == 2 && batch.shape[1] == grid.unknownCount,
                     "DCDMTrainer needs a batch [count, \(grid.unknownCount)], got \(batch.shape)")
        if grid.unknownCount == grid.cellCount { return batch }
        let unknowns = grid.unknownCount, cells = grid.cellCount
        return batch.scalars.withUnsafeBufferPointer { pb in
            Tensor(shape: [batch.shape[0], cells]) { out in
                out.initialize(repeating: 0)
                for i in 0..<batch.shape[0] {
                    for (u, cell) in grid.fluidCells.enumerated() { out[i * cells + cell] = pb[i * unknowns + u] }
                }
            }
        }
    }

    /// The network's input for grid vectors `[batch, n³]`: each scaled to unit root-mean-square over the
    /// fluid cells (`DCDMNetwork.inputScale`, as `NetworkDirection` scales residuals), `[batch, 1, n, n, n]`.
    func networkInput(_ cells: Tensor) -> Tensor {
        let n = grid.n, count = grid.cellCount, fluid = Double(grid.unknownCount)
        return cells.scalars.withUnsafeBufferPointer { pb in
            Tensor(shape: [cells.shape[0], 1, n, n, n]) { out in
                for i in 0..<cells.shape[0] {
                    let sample = UnsafeBufferPointer(rebasing: pb[(i * count)..<((i + 1) * count)])
                    var sum = 0.0
                    for v in sample { sum += v * v }
                    let scale = sum > 0 ? (fluid / sum).squareRoot() : 0
                    for j in 0..<count { out[i * count + j] = scale * sample[j] }
                }
            }
        }
    }
}
