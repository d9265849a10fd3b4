import Autodiff

/// Directions from a trained `DCDMNetwork`: the residual is scaled to unit root-mean-square over the
/// fluid cells and placed on the grid, zero in solid cells (`DCDMNetwork.gridInput(_:on:)`, which adds
/// the solid channel for a network that reads one), the network evaluated without recording a graph,
/// and its output restricted to the fluid cells.
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
        let input = network.gridInput(Tensor(shape: [1, residual.count], scalars: residual), on: grid)
        return grid.restrict(network(Variable(input)).value.scalars)
    }
}
