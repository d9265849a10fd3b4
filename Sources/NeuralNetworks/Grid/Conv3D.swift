import Autodiff

/// A 3-D convolution with 'same' zero padding, stride 1, followed by an activation.
///
/// Layout: inputs and outputs are `[batch, channels, depth, height, width]` (channels first, the
/// last axis fastest — so a grid flattened row-major is ordered like `CSRMatrix.laplacian3D`'s
/// unknowns, `x` fastest). The weight is `[outputChannels, inputChannels, k, k, k]` with odd `k`
/// (3 or 1 in practice), the bias `[outputChannels]`. Like PyTorch's `Conv3d`, the map is a
/// cross-correlation: `y[b, o, z, y, x] = bias[o] + Σ w[o, i, dz, dy, dx] · x[b, i, z+dz−k/2, y+dy−k/2, x+dx−k/2]`,
/// cells outside the grid reading as zero (a homogeneous Dirichlet boundary).
///
/// Forward and pullback are custom primitives (direct SIMD loops on a zero-padded copy of each
/// sample, grid lines split over `computeThreadCount` threads; see `Convolution3DKernels`), exact to
/// rounding; pullbacks are themselves differentiable.
/// Cost: `2 · out · in · k³` flops per cell; extra memory one padded sample.
public struct Conv3D: Layer {
    /// The kernel, `[outputChannels, inputChannels, k, k, k]`.
    public var weight: Variable
    /// The bias, `[outputChannels]`.
    public var bias: Variable
    /// The nonlinearity applied after the convolution.
    public let activation: Activation

    /// Creates a layer with weights from `initializer` (drawn as an `[inputChannels·k³, outputChannels]`
    /// matrix, so `fanIn = inputChannels·k³`) and zero bias.
    /// - Precondition: positive channel counts and an odd `kernelSize`.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int = 3, activation: Activation = .identity,
                initializer: Initializer = .heNormal, key: RandomKey) {
        precondition(inputChannels > 0 && outputChannels > 0, "Conv3D needs positive channel counts")
        precondition(kernelSize > 0 && kernelSize % 2 == 1, "Conv3D needs an odd kernel size, got \(kernelSize)")
        let k3 = kernelSize * kernelSize * kernelSize
        let matrix = initializer.weights(fanIn: inputChannels * k3, fanOut: outputChannels, key: key)
        weight = .parameter(matrix.transposed([1, 0]).reshaped(
            to: [outputChannels, inputChannels, kernelSize, kernelSize, kernelSize]))
        bias = .parameter(.zeros([outputChannels]))
        self.activation = activation
    }

    /// Creates a layer from given weight (`[out, in, k, k, k]`, odd `k`) and bias (`[out]`) values.
    public init(weight: Tensor, bias: Tensor, activation: Activation = .identity) {
        precondition(weight.rank == 5 && weight.shape[2] % 2 == 1
                     && weight.shape[2] == weight.shape[3] && weight.shape[3] == weight.shape[4]
                     && bias.shape == [weight.shape[0]],
                     "Conv3D needs weight [out, in, k, k, k] with odd k and bias [out], got \(weight.shape) and \(bias.shape)")
        self.weight = .parameter(weight)
        self.bias = .parameter(bias)
        self.activation = activation
    }

    /// The number of input channels.
    public var inputChannels: Int { weight.shape[1] }
    /// The number of output channels.
    public var outputChannels: Int { weight.shape[0] }
    /// The side `k` of the cubic kernel.
    public var kernelSize: Int { weight.shape[2] }

    public var parameters: [Variable] {
        get { [weight, bias] }
        set { weight = newValue[0]; bias = newValue[1] }
    }

    /// Convolves a batch `[batch, inputChannels, depth, height, width]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        activation(Variable.apply(Convolution3DOperation(mode: .convolve), to: [x, weight, bias]))
    }

    /// Convolves a jet without directions whose rows are samples of `inputChannels × n³` values.
    public func callAsFunction(_ x: Jet) -> Jet {
        x.mapGrid(channels: inputChannels, layer: "Conv3D") { self($0) }
    }
}
