import Autodiff
import NeuralNetworks
import SparseLinearAlgebra

/// Unsupervised training of a `DCDMNetwork`: Adam on `DCDMLoss` over batches of right-hand sides
/// (typically from `SpectrumBiasedSampler`) on one or more grids, with or without solid cells.
///
/// Each step evaluates the network on the right-hand sides placed on the grid
/// (`DCDMNetwork.gridInput(_:on:)`, as `NetworkDirection` places residuals), the loss with the grid's
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
        try self.init(network: network, problem: DCDMTrainingProblem(grid: grid), optimizer: optimizer)
    }

    /// A trainer for `network` on an already built `problem` (its grid size a multiple of `network.sizeMultiple`).
    /// - Throws: `SparseMatrixError.invalidArgument` when the grid size does not fit the network.
    public init(network: DCDMNetwork, problem: DCDMTrainingProblem, optimizer: Adam = Adam(learningRate: 1e-3)) throws {
        self.network = network
        self.optimizer = optimizer
        self.problem = problem
        try checkSize(problem)
    }

    /// The loss of the current network on `batch` (`[batch, unknowns]`), without a gradient.
    public func loss(on batch: Tensor) -> Double { loss(on: batch, in: problem) }

    /// The loss of the current network on `batch` of `problem` (`[batch, problem.grid.unknownCount]`).
    public func loss(on batch: Tensor, in problem: DCDMTrainingProblem) -> Double {
        return DCDMLoss.value(directions: network.frozen(Variable(network.gridInput(batch, on: problem.grid))),
                              rightHandSides: problem.cellVectors(batch), operator: problem.cellMatrix).scalar
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
        let loss = DCDMLoss.value(directions: network(Variable(network.gridInput(batch, on: problem.grid))),
                                  rightHandSides: problem.cellVectors(batch), operator: problem.cellMatrix)
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
