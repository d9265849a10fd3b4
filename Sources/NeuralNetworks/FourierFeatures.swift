import Autodiff

/// Random Fourier features `[cos(x B), sin(x B)]` with a fixed `B ~ N(0, σ²)` (Tancik et al. 2020).
///
/// `B` has shape `[inputSize, featureCount]` and is not trained; the output has `2·featureCount` columns.
public struct FourierFeatures: Layer {
    /// The fixed frequency matrix.
    public let frequencies: Tensor

    /// Draws `featureCount` random frequencies with standard deviation `scale`.
    public init(inputSize: Int, featureCount: Int, scale: Double, key: RandomKey) {
        frequencies = key.normal([inputSize, featureCount], standardDeviation: scale)
    }

    /// Uses the given frequency matrix `[inputSize, featureCount]`.
    public init(frequencies: Tensor) { self.frequencies = frequencies }

    public var parameters: [Variable] {
        get { [] }
        set { precondition(newValue.isEmpty, "FourierFeatures has no trainable parameters") }
    }

    public func callAsFunction(_ x: Jet) -> Jet {
        let b = Variable(frequencies)
        let z = x.mapLinear { matmul($0, b) }
        return Jet.concatenate([z.cos(), z.sin()])
    }
}
