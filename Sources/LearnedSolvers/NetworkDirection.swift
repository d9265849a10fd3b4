import Autodiff

/// Directions from a trained `DCDMNetwork`: the residual is scaled to unit root-mean-square over the
/// fluid cells (`DCDMNetwork.inputScale`), placed on the grid (zero in solid cells), the network
/// evaluated without recording a graph, and its output restricted to the fluid cells.
///
/// Cost per proposal: one network evaluation on the `n³` grid, ≈ 110 kflop per cell.
public struct NetworkDirection: DirectionProposer {
    /// The network with constant parameters.
    public let network: DCDMNetwork
    /// The grid the unknowns live on.
    public let grid: PoissonGrid

    /// A proposer for the unknowns of `grid` (`grid.n` a multiple of `network.sizeMultiple`).
    public init(network: DCDMNetwork, grid: PoissonGrid) {
        precondition(grid.n % network.sizeMultiple == 0,
                     "DCDMNetwork needs a grid size that is a multiple of \(network.sizeMultiple), got \(grid.n)")
        self.network = network.frozen
        self.grid = grid
    }

    public func direction(for residual: [Double]) -> [Double] {
        let n = grid.n
        let scale = residual.withUnsafeBufferPointer { DCDMNetwork.inputScale(of: $0) }
        let input = Tensor(shape: [1, 1, n, n, n], scalars: grid.embed(residual.map { scale * $0 }))
        return grid.restrict(network(Variable(input)).value.scalars)
    }
}
