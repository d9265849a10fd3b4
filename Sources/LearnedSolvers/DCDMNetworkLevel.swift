import Autodiff
import Foundation
import NeuralNetworks

/// One extra coarsening level of a `DCDMNetwork`: on the way down an entry convolution (ReLU) and a
/// residual block, whose output is kept as the level's skip and pooled to the next level; on the way
/// up the coarser result is upsampled, added to the skip, and passed through a residual block.
public struct DCDMNetworkLevel: Layer {
    /// The entry convolution on the way down.
    public var entry: Conv3D
    /// The residual block on the way down (its output is the skip).
    public var downBlock: ResidualBlock3D
    /// The residual block on the way up.
    public var upBlock: ResidualBlock3D

    /// A level with `channels` channels; weights He-normal from `key`, biases zero.
    public init(channels: Int, key: RandomKey) {
        entry = Conv3D(inputChannels: channels, outputChannels: channels, activation: .relu, key: key.fold(in: 0))
        downBlock = ResidualBlock3D(channels: channels, key: key.fold(in: 1))
        upBlock = ResidualBlock3D(channels: channels, key: key.fold(in: 2))
    }

    public var parameters: [Variable] {
        get { entry.parameters + downBlock.parameters + upBlock.parameters }
        set {
            precondition(newValue.count == 10, "DCDMNetworkLevel expects 10 parameters, got \(newValue.count)")
            entry.parameters = Array(newValue[0..<2])
            downBlock.parameters = Array(newValue[2..<6])
            upBlock.parameters = Array(newValue[6..<10])
        }
    }

    /// The way down: the level's skip (pool it for the next level).
    public func down(_ x: Variable) -> Variable { downBlock(entry(x)) }

    /// The way up: `upBlock(upsample(coarser) + skip)`.
    public func up(_ coarser: Variable, skip: Variable) -> Variable { upBlock(Upsampling3D()(coarser) + skip) }

    /// A level applies as its way down (the `Layer` requirement); the network uses `down` and `up`.
    public func callAsFunction(_ x: Variable) -> Variable { down(x) }

    /// The way down on a jet without directions whose rows are flattened `channels × n³` grids.
    public func callAsFunction(_ x: Jet) -> Jet {
        precondition(x.orders.isEmpty, "DCDMNetworkLevel evaluates jets without directions only")
        let channels = entry.inputChannels, n = Int(cbrt(Double(x.columns / max(channels, 1))).rounded())
        precondition(channels * n * n * n == x.columns, "DCDMNetworkLevel expects rows of \(channels) × n³ values, got \(x.columns)")
        return Jet(down(x.value.reshaped(to: [x.rows, channels, n, n, n])).reshaped(to: [x.rows, x.columns]))
    }
}
