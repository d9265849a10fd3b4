import Autodiff

/// An affine layer `y = x W + b` followed by an activation; `W` has shape `[inputSize, outputSize]`.
///
/// With random weight factorisation (`factorized(mean:standardDeviation:key:)`) the layer trains
/// `W = V diag(exp(s))` through a direction matrix `V` (stored in `weight`) and a log-scale `s` per
/// output unit (`logScale`): the function is the same, the optimiser's steps are not.
public struct Dense: Layer {
    /// The weight matrix `[inputSize, outputSize]`, or its direction part `V` when the layer is
    /// factorised (use `effectiveWeight` for the matrix the layer applies).
    public var weight: Variable
    /// The bias, `[outputSize]`.
    public var bias: Variable
    /// The log-scales `s` `[outputSize]` of a factorised layer; nil for a plain one.
    public var logScale: Variable?
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

    /// Factorises the weights (`WeightFactorization.split`): `s ~ N(mean, standardDeviation²)` per
    /// output unit, `V = W / exp(s)` column by column, so the layer computes the same function.
    public func factorized(mean: Double = 1, standardDeviation: Double = 0.1, key: RandomKey) -> Dense {
        precondition(logScale == nil, "the layer is already factorised")
        let (direction, s) = WeightFactorization.split(weight.value, mean: mean, standardDeviation: standardDeviation, key: key)
        var layer = Dense(weight: direction, bias: bias.value, activation: activation)
        layer.logScale = .parameter(s)
        return layer
    }

    /// True when the weights are factorised.
    public var isFactorized: Bool { logScale != nil }

    /// The matrix the layer applies: `weight`, or `V diag(exp(s))` for a factorised layer.
    public var effectiveWeight: Variable {
        guard let s = logScale else { return weight }
        return WeightFactorization.combine(direction: weight, logScale: s)
    }

    /// The number of input columns.
    public var inputSize: Int { weight.shape[0] }
    /// The number of output columns.
    public var outputSize: Int { weight.shape[1] }

    /// `[weight, bias]`, then `logScale` for a factorised layer.
    public var parameters: [Variable] {
        get { logScale.map { [weight, bias, $0] } ?? [weight, bias] }
        set {
            let expected = logScale == nil ? 2 : 3
            precondition(newValue.count == expected, "Dense expects \(expected) parameters, got \(newValue.count)")
            weight = newValue[0]; bias = newValue[1]
            if logScale != nil { logScale = newValue[2] }
        }
    }

    public func callAsFunction(_ x: Jet) -> Jet {
        // The bias shifts only the value: derivatives of a constant vanish.
        activation(x.affine(weight: effectiveWeight, bias: bias))
    }
}

extension Array where Element == Dense {
    /// Hands `values` to the layers in order, each taking as many as it has (2, or 3 when factorised).
    mutating func assignParameters(_ values: [Variable], owner: String) {
        var offset = 0
        for i in indices {
            let n = self[i].parameters.count
            precondition(offset + n <= values.count, "\(owner) expects more parameters than \(values.count)")
            self[i].parameters = [Variable](values[offset..<(offset + n)])
            offset += n
        }
        precondition(offset == values.count, "\(owner) expects \(offset) parameters, got \(values.count)")
    }
}
