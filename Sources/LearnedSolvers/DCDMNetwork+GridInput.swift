import Autodiff

extension DCDMNetwork {
    /// The network's input for right-hand sides or residuals on the unknowns of `grid`
    /// (`[batch, grid.unknownCount]`): each scaled to unit root-mean-square over the fluid cells
    /// (`inputScale(of:)`) and placed on the grid, zero in solid cells; with the solid channel, a second
    /// channel that is 1 in solid cells and 0 in fluid ones. Shape `[batch, 1 or 2, n, n, n]`.
    ///
    /// Training (`DCDMTrainer`) and solving (`NetworkDirection`) both build their inputs here, so the
    /// network sees the same thing in both.
    public func gridInput(_ values: Tensor, on grid: PoissonGrid) -> Tensor {
        precondition(values.rank == 2 && values.shape[1] == grid.unknownCount,
                     "DCDMNetwork.gridInput needs [batch, \(grid.unknownCount)] values, got \(values.shape)")
        let batch = values.shape[0], unknowns = grid.unknownCount, cells = grid.cellCount, n = grid.n
        let channelsIn = input.inputChannels
        return values.scalars.withUnsafeBufferPointer { pv in
            Tensor(shape: [batch, channelsIn, n, n, n]) { out in
                out.initialize(repeating: 0)
                for i in 0..<batch {
                    let sample = UnsafeBufferPointer(rebasing: pv[(i * unknowns)..<((i + 1) * unknowns)])
                    let scale = Self.inputScale(of: sample), base = i * channelsIn * cells
                    for (u, cell) in grid.fluidCells.enumerated() { out[base + cell] = scale * sample[u] }
                    if channelsIn == 2 {
                        for cell in 0..<cells where grid.isSolid[cell] { out[base + cells + cell] = 1 }
                    }
                }
            }
        }
    }
}
