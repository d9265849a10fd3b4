import Autodiff

/// 2× nearest-neighbour upsampling of `[batch, channels, depth, height, width]` grids: each cell is
/// copied into a 2 × 2 × 2 block, so every extent doubles. No parameters.
///
/// Its pullback is `8 · AveragePooling3D` (the sum over each block). One pass over the fine grid,
/// split over `computeThreadCount` threads.
public struct Upsampling3D: Layer {
    /// Creates the layer.
    public init() {}

    public var parameters: [Variable] {
        get { [] }
        set { precondition(newValue.isEmpty, "Upsampling3D has no parameters") }
    }

    /// Upsamples a batch `[batch, channels, depth, height, width]` to twice the extents.
    public func callAsFunction(_ x: Variable) -> Variable {
        Variable.apply(GridResamplingOperation(mode: .upsample), to: [x])
    }

    /// Upsamples a jet without directions whose rows are single-channel samples of `n³` values.
    public func callAsFunction(_ x: Jet) -> Jet {
        x.mapGrid(channels: 1, layer: "Upsampling3D") { self($0) }
    }
}
