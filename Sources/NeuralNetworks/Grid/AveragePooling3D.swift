import Autodiff

/// 2× average pooling of `[batch, channels, depth, height, width]` grids: each output cell is the
/// mean of a 2 × 2 × 2 block, so every extent halves (all must be even). No parameters.
///
/// Adjoint to `Upsampling3D` up to the block size: `⟨pool(x), y⟩ = ⟨x, upsample(y)⟩ / 8`; its pullback
/// is `upsample(g) / 8`. One pass over the fine grid, split over `computeThreadCount` threads.
public struct AveragePooling3D: Layer {
    /// Creates the layer.
    public init() {}

    public var parameters: [Variable] {
        get { [] }
        set { precondition(newValue.isEmpty, "AveragePooling3D has no parameters") }
    }

    /// Pools a batch `[batch, channels, depth, height, width]` to half the extents.
    public func callAsFunction(_ x: Variable) -> Variable {
        Variable.apply(GridResamplingOperation(mode: .averagePool), to: [x])
    }

    /// Pools a jet without directions whose rows are single-channel samples of `n³` values.
    public func callAsFunction(_ x: Jet) -> Jet {
        x.mapGrid(channels: 1, layer: "AveragePooling3D") { self($0) }
    }
}
