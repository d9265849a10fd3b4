import Autodiff
import Foundation
import NeuralNetworks

/// The direction network of the deep conjugate direction method (Kaneda et al., ICML 2023), a small
/// fully convolutional U-shaped network on `[batch, 1, n, n, n]` grids (`n` even, or a multiple of
/// `sizeMultiple`).
/// Optional extra coarsening levels (`extraLevels`) widen what it sees; the spec's network has none.
/// Optionally (`solidChannel`) it also reads which cells are solid, as a second input channel
/// (`[batch, 2, n, n, n]`, see `gridInput(_:on:)`); the spec's network sees the residual only.
///
/// Architecture (`c` channels, 16 by default; every convolution 3 × 3 × 3 with 'same' zero padding
/// unless noted, ReLU unless noted):
/// ```
/// h₀ = conv(1→c, linear)(b)                 (2→c with the solid channel)
/// h₁ = block(conv(h₀))                       full resolution: an entry conv and one residual block
/// g  = conv(pool₂(h₁)); g = block³(g)        half resolution: an entry conv and three blocks
/// h  = block²(upsample₂(g) + h₁)             back at full resolution: two blocks
/// y  = conv1×1×1(c→1, linear)(h)
/// ```
/// (`block` is `ResidualBlock3D`: `x + relu(conv(relu(conv(x))))`.) With `c = 16` that is
/// 14 convolutions 16→16 plus the first and last: 97 457 parameters. Being fully convolutional, a
/// network trained at one `n` runs at any other even `n`. Cost per cell: about 7.9 full-resolution
/// 16→16 convolutions (13.8 kflop each), ≈ 110 kflop.
public struct DCDMNetwork: Layer {
    /// `1 → c` (`2 → c` with the solid channel), linear.
    public var input: Conv3D
    /// The entry convolution at full resolution.
    public var fineEntry: Conv3D
    /// The residual block at full resolution, before pooling (its output is the skip).
    public var fineBlock: ResidualBlock3D
    /// The entry convolution at half resolution.
    public var coarseEntry: Conv3D
    /// The residual blocks at half resolution.
    public var coarseBlocks: [ResidualBlock3D]
    /// The residual blocks after upsampling.
    public var outputBlocks: [ResidualBlock3D]
    /// `c → 1`, 1 × 1 × 1, linear.
    public var output: Conv3D
    /// Extra coarsening levels between the full and the coarsest resolution, finest first (none in
    /// the spec's network, see `init(channels:extraLevels:key:)`).
    public var intermediateLevels: [DCDMNetworkLevel]

    /// Creates a network with `channels` channels; weights He-normal from `key`, biases zero.
    ///
    /// `extraLevels` (0, the spec's network, by default) inserts that many coarsening levels between
    /// the full and the coarsest resolution, each an entry convolution and a residual block on the
    /// way down and a residual block after adding the upsampled coarser result on the way up (34 640
    /// parameters each with 16 channels). Every level doubles the distance the network sees
    /// (about ±24 cells with none); grid sizes must then be multiples of `2^(extraLevels + 1)`.
    /// `solidChannel` gives the first convolution a second input channel, the solid-cell indicator
    /// (`channels × 27` more parameters): from the residual alone, a solid cell (a no-flux face) looks
    /// like the box's wall (a fixed-value face), since both read as zeros.
    public init(channels: Int = 16, extraLevels: Int = 0, solidChannel: Bool = false, key: RandomKey) {
        precondition(channels > 0, "DCDMNetwork needs at least one channel")
        precondition(extraLevels >= 0, "DCDMNetwork needs extraLevels ≥ 0, got \(extraLevels)")
        intermediateLevels = (0..<extraLevels).map { DCDMNetworkLevel(channels: channels, key: key.fold(in: 10 + $0)) }
        input = Conv3D(inputChannels: solidChannel ? 2 : 1, outputChannels: channels, initializer: .glorotNormal,
                       key: key.fold(in: 0))
        fineEntry = Conv3D(inputChannels: channels, outputChannels: channels, activation: .relu, key: key.fold(in: 1))
        fineBlock = ResidualBlock3D(channels: channels, key: key.fold(in: 2))
        coarseEntry = Conv3D(inputChannels: channels, outputChannels: channels, activation: .relu, key: key.fold(in: 3))
        coarseBlocks = (0..<3).map { ResidualBlock3D(channels: channels, key: key.fold(in: 4 + $0)) }
        outputBlocks = (0..<2).map { ResidualBlock3D(channels: channels, key: key.fold(in: 7 + $0)) }
        output = Conv3D(inputChannels: channels, outputChannels: 1, kernelSize: 1, initializer: .glorotNormal,
                        key: key.fold(in: 9))
    }

    /// The number of channels.
    public var channels: Int { input.outputChannels }

    /// Whether the network reads the solid-cell indicator as a second input channel.
    public var hasSolidChannel: Bool { input.inputChannels == 2 }

    /// The same network with a solid channel whose weights are zero, so it computes exactly what this
    /// one does until training changes them (this network itself when it has one already).
    public func addingSolidChannel() -> DCDMNetwork {
        guard !hasSolidChannel else { return self }
        let w = input.weight.value, c = channels, taps = w.shape[2] * w.shape[3] * w.shape[4]
        var weights = [Double](repeating: 0, count: c * 2 * taps)
        for o in 0..<c { for t in 0..<taps { weights[o * 2 * taps + t] = w.scalars[o * taps + t] } }
        var copy = self
        copy.input = Conv3D(weight: Tensor(shape: [c, 2] + Array(w.shape[2...]), scalars: weights),
                            bias: input.bias.value, activation: input.activation)
        return copy
    }

    /// Grid sizes must be multiples of this (`2^(1 + intermediateLevels.count)`).
    public var sizeMultiple: Int { 2 << intermediateLevels.count }

    // The spec's layers first, so that checkpoints of networks without extra levels keep their order.
    private var layers: [any Layer] {
        [input, fineEntry, fineBlock, coarseEntry] + coarseBlocks + outputBlocks + [output] + intermediateLevels
    }

    public var parameters: [Variable] {
        get { layers.flatMap(\.parameters) }
        set {
            var offset = 0
            func take(_ count: Int) -> [Variable] {
                defer { offset += count }
                return Array(newValue[offset..<(offset + count)])
            }
            input.parameters = take(2)
            fineEntry.parameters = take(2)
            fineBlock.parameters = take(4)
            coarseEntry.parameters = take(2)
            for i in coarseBlocks.indices { coarseBlocks[i].parameters = take(4) }
            for i in outputBlocks.indices { outputBlocks[i].parameters = take(4) }
            output.parameters = take(2)
            for i in intermediateLevels.indices { intermediateLevels[i].parameters = take(10) }
            precondition(offset == newValue.count, "DCDMNetwork expects \(offset) parameters, got \(newValue.count)")
        }
    }

    /// Maps right-hand sides `[batch, 1, n, n, n]` (`[batch, 2, n, n, n]` with the solid channel; `n` a
    /// multiple of `sizeMultiple`) to search directions `[batch, 1, n, n, n]`.
    public func callAsFunction(_ b: Variable) -> Variable {
        let multiple = sizeMultiple, channelsIn = input.inputChannels
        precondition(b.shape.count == 5 && b.shape[1] == channelsIn && b.shape[2...].allSatisfy { $0 % multiple == 0 && $0 > 0 },
                     "DCDMNetwork needs input [batch, \(channelsIn), n, n, n] with n a multiple of \(multiple), got \(b.shape)")
        let skip = fineBlock(fineEntry(input(b)))
        var down = AveragePooling3D()(skip)
        var skips: [Variable] = []
        for level in intermediateLevels {
            let kept = level.down(down)
            skips.append(kept)
            down = AveragePooling3D()(kept)
        }
        var coarse = coarseEntry(down)
        for block in coarseBlocks { coarse = block(coarse) }
        for (level, kept) in zip(intermediateLevels, skips).reversed() { coarse = level.up(coarse, skip: kept) }
        var fine = Upsampling3D()(coarse) + skip
        for block in outputBlocks { fine = block(fine) }
        return output(fine)
    }

    /// Applies the network to a jet without directions whose rows are flattened `n³` grids.
    public func callAsFunction(_ x: Jet) -> Jet {
        precondition(x.orders.isEmpty, "DCDMNetwork evaluates jets without directions only")
        precondition(!hasSolidChannel, "DCDMNetwork evaluates jets only without the solid channel")
        let n = Int(cbrt(Double(x.columns)).rounded())
        precondition(n * n * n == x.columns, "DCDMNetwork expects rows of n³ values, got \(x.columns)")
        return Jet(self(x.value.reshaped(to: [x.rows, 1, n, n, n])).reshaped(to: [x.rows, x.columns]))
    }

    /// The factor that brings `values` (a right-hand side or residual on the fluid cells) to unit
    /// root-mean-square, the amplitude the network is trained and evaluated at: 0 for a zero vector.
    ///
    /// The spec's unit 2-norm would make the values shrink as `n^(-3/2)` with the grid, while the
    /// network's biases stay fixed, so a network would see inputs of another amplitude on every grid
    /// than it was trained at (weights trained at unit 2-norm on 16³ and 32³ stalled at 128³; see
    /// `Documentation/LearnedSolvers.md`). The line search makes the output's scale irrelevant.
    public static func inputScale(of values: UnsafeBufferPointer<Double>) -> Double {
        var sum = 0.0
        for v in values { sum += v * v }
        return sum > 0 ? (Double(values.count) / sum).squareRoot() : 0
    }

    /// A copy whose parameters are constants: evaluating it records no graph (inference).
    public var frozen: DCDMNetwork {
        var copy = self
        copy.parameters = parameters.map(\.detached)
        return copy
    }
}
