import Autodiff
import NeuralNetworks
import SparseLinearAlgebra

/// Unsupervised training of a `DCDMNetwork` on an empty box: Adam on `DCDMLoss` over batches of
/// right-hand sides (typically from `SpectrumBiasedSampler`).
///
/// Each step evaluates the network on a `[batch, 1, n, n, n]` stack, the loss with the grid's
/// Laplacian, and one reverse sweep through the convolutions (custom primitives). Cost per sample and
/// step: about three network evaluations (≈ 330 kflop per cell).
public struct DCDMTrainer {
    /// The network being trained.
    public var network: DCDMNetwork
    /// The optimiser (its state follows `network.parameters`).
    public var optimizer: Adam
    /// The training grid (no solid cells; `n` a multiple of `network.sizeMultiple`).
    public let grid: PoissonGrid
    /// The grid's Laplacian.
    public let matrix: CSRMatrix

    /// A trainer for `network` on `grid`.
    /// - Throws: `SparseMatrixError.invalidArgument` when `grid` has solid cells or an odd size.
    public init(network: DCDMNetwork, grid: PoissonGrid, optimizer: Adam = Adam(learningRate: 1e-3)) throws {
        guard grid.unknownCount == grid.cellCount else {
            throw SparseMatrixError.invalidArgument("DCDMTrainer trains on grids without solid cells")
        }
        guard grid.n % network.sizeMultiple == 0 else {
            throw SparseMatrixError.invalidArgument("DCDMTrainer needs a grid size that is a multiple of \(network.sizeMultiple), got \(grid.n)")
        }
        self.network = network
        self.optimizer = optimizer
        self.grid = grid
        self.matrix = try grid.laplacian()
    }

    /// The loss of the current network on `batch` (`[batch, n³]`), without a gradient.
    public func loss(on batch: Tensor) -> Double {
        DCDMLoss.value(directions: network.frozen(Variable(gridStack(batch))), rightHandSides: batch, operator: matrix).scalar
    }

    /// One Adam step on `batch` (`[batch, n³]` right-hand sides); returns the loss before the step.
    @discardableResult
    public mutating func step(on batch: Tensor) -> Double {
        let loss = DCDMLoss.value(directions: network(Variable(gridStack(batch))), rightHandSides: batch, operator: matrix)
        let grads = gradients(of: loss, wrt: network.parameters).map(\.value)
        var parameters = network.parameterTensors
        optimizer.update(&parameters, gradients: grads)
        network.parameterTensors = parameters
        return loss.scalar
    }

    /// The network's input: every right-hand side scaled to unit root-mean-square (`DCDMNetwork.inputScale`).
    private func gridStack(_ batch: Tensor) -> Tensor {
        precondition(batch.rank == 2 && batch.shape[1] == grid.cellCount,
                     "DCDMTrainer needs a batch [count, \(grid.cellCount)], got \(batch.shape)")
        let cells = grid.cellCount
        return batch.scalars.withUnsafeBufferPointer { pb in
            Tensor(shape: [batch.shape[0], 1, grid.n, grid.n, grid.n]) { out in
                for i in 0..<batch.shape[0] {
                    let sample = UnsafeBufferPointer(rebasing: pb[(i * cells)..<((i + 1) * cells)])
                    let scale = DCDMNetwork.inputScale(of: sample)
                    for j in 0..<cells { out[i * cells + j] = scale * sample[j] }
                }
            }
        }
    }
}
