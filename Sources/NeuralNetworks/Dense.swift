import Autodiff

/// An affine layer `y = x W + b` followed by an activation; `W` has shape `[inputSize, outputSize]`.
public struct Dense: Layer {
    /// The weight matrix, `[inputSize, outputSize]`.
    public var weight: Variable
    /// The bias, `[outputSize]`.
    public var bias: Variable
    /// The nonlinearity applied after the affine map.
    public let activation: Activation

    /// Creates a layer with weights from `initializer` and zero bias.
    public init(inputSize: Int, outputSize: Int, activation: Activation = .identity,
                initializer: Initializer = .glorotNormal, key: RandomKey) {
        weight = .parameter(initializer.weights(fanIn: inputSize, fanOut: outputSize, key: key))
        bias = .parameter(.zeros([outputSize]))
        self.activation = activation
    }

    /// Creates a layer from given weight and bias values.
    public init(weight: Tensor, bias: Tensor, activation: Activation = .identity) {
        precondition(weight.rank == 2 && bias.shape == [weight.shape[1]],
                     "Dense needs weight [in, out] and bias [out], got \(weight.shape) and \(bias.shape)")
        self.weight = .parameter(weight)
        self.bias = .parameter(bias)
        self.activation = activation
    }

    /// The number of input columns.
    public var inputSize: Int { weight.shape[0] }
    /// The number of output columns.
    public var outputSize: Int { weight.shape[1] }

    public var parameters: [Variable] {
        get { [weight, bias] }
        set { weight = newValue[0]; bias = newValue[1] }
    }

    public func callAsFunction(_ x: Jet) -> Jet {
        // The bias shifts only the value: derivatives of a constant vanish.
        activation(x.affine(weight: weight, bias: bias))
    }
}
