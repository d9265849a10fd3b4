import Autodiff
import SparseLinearAlgebra

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
        let unknowns = grid.unknownCount
        return Tensor(shape: [batch.shape[0], grid.cellCount], scalars: (0..<batch.shape[0]).flatMap {
            grid.embed(Array(batch.scalars[($0 * unknowns)..<(($0 + 1) * unknowns)]))
        })
    }
}
