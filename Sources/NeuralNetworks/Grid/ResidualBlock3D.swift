import Autodiff

/// Two 3 × 3 × 3 ReLU convolutions with an identity skip: `y = relu(conv₂(relu(conv₁(x)))) + x`.
///
/// Channels in = channels out; grids `[batch, channels, depth, height, width]` as for `Conv3D`.
/// Cost: two `Conv3D` passes.
public struct ResidualBlock3D: Layer {
    /// The first convolution (ReLU).
    public var first: Conv3D
    /// The second convolution (ReLU), whose output is added to the input.
    public var second: Conv3D

    /// Creates a block of `channels` channels, weights from `key.fold(in: 0)` and `key.fold(in: 1)`.
    public init(channels: Int, initializer: Initializer = .heNormal, key: RandomKey) {
        first = Conv3D(inputChannels: channels, outputChannels: channels, activation: .relu,
                       initializer: initializer, key: key.fold(in: 0))
        second = Conv3D(inputChannels: channels, outputChannels: channels, activation: .relu,
                        initializer: initializer, key: key.fold(in: 1))
    }

    /// The number of channels.
    public var channels: Int { first.inputChannels }

    public var parameters: [Variable] {
        get { first.parameters + second.parameters }
        set { first.parameters = Array(newValue[0..<2]); second.parameters = Array(newValue[2..<4]) }
    }

    /// Applies the block to a batch `[batch, channels, depth, height, width]`.
    public func callAsFunction(_ x: Variable) -> Variable { second(first(x)) + x }

    /// Applies the block to a jet without directions whose rows are samples of `channels × n³` values.
    public func callAsFunction(_ x: Jet) -> Jet {
        x.mapGrid(channels: channels, layer: "ResidualBlock3D") { self($0) }
    }
}
