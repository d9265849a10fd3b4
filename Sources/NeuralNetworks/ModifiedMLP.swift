import Autodiff

/// The modified MLP of Wang, Teng & Perdikaris (2021): two encoders gate every hidden layer.
///
/// `U = σ(x W_u + b_u)`, `V = σ(x W_v + b_v)`; each hidden layer computes `z = σ(h W + b)` and
/// `h ← z ⊙ U + (1 − z) ⊙ V`; the output layer is linear. All hidden widths are equal.
public struct ModifiedMLP: Layer {
    /// The encoder `U = σ(x W_u + b_u)`.
    public var encoderU: Dense
    /// The encoder `V = σ(x W_v + b_v)`.
    public var encoderV: Dense
    /// The gated hidden layers.
    public var hidden: [Dense]
    /// The linear output layer.
    public var output: Dense
    /// What the fused network operation computes its jets in (see `MLP.precision`).
    public var precision: NetworkPrecision = .float64

    /// Creates a network with `depth` gated hidden layers of `width` units.
    public init(inputSize: Int, width: Int, depth: Int, outputSize: Int, activation: Activation = .tanh,
                initializer: Initializer = .glorotNormal, key: RandomKey) {
        precondition(depth >= 1, "ModifiedMLP needs at least one hidden layer")
        encoderU = Dense(inputSize: inputSize, outputSize: width, activation: activation, initializer: initializer, key: key.fold(in: -1))
        encoderV = Dense(inputSize: inputSize, outputSize: width, activation: activation, initializer: initializer, key: key.fold(in: -2))
        hidden = (0..<depth).map { i in
            Dense(inputSize: i == 0 ? inputSize : width, outputSize: width, activation: activation,
                  initializer: initializer, key: key.fold(in: i))
        }
        output = Dense(inputSize: width, outputSize: outputSize, initializer: initializer, key: key.fold(in: depth))
    }

    /// Every layer of the network in order: the encoders U and V, the hidden layers, the output.
    public var layers: [Dense] {
        get { [encoderU, encoderV] + hidden + [output] }
        set {
            precondition(newValue.count == hidden.count + 3, "ModifiedMLP expects \(hidden.count + 3) layers")
            encoderU = newValue[0]; encoderV = newValue[1]
            hidden = Array(newValue[2..<(newValue.count - 1)]); output = newValue.last!
        }
    }

    /// Factorises every layer's weights (`Dense.factorized`): random weight factorisation.
    public func factorized(mean: Double = 1, standardDeviation: Double = 0.1, key: RandomKey) -> ModifiedMLP {
        var network = self
        network.layers = layers.enumerated().map { $1.factorized(mean: mean, standardDeviation: standardDeviation, key: key.fold(in: $0)) }
        return network
    }

    public var parameters: [Variable] {
        get { layers.flatMap(\.parameters) }
        set {
            var all = layers
            all.assignParameters(newValue, owner: "ModifiedMLP")
            layers = all
        }
    }

    /// Evaluates the network on a jet; with tanh or sin throughout, as one fused operation
    /// (`Jet.gatedPerceptron`) that keeps tiles of points in cache through all layers.
    public func callAsFunction(_ x: Jet) -> Jet {
        let activation = encoderU.activation
        if let function = activation.jetScalarFunction, encoderV.activation == activation,
           hidden.allSatisfy({ $0.activation == activation }), output.activation == .identity {
            return x.gatedPerceptron(weights: layers.map(\.effectiveWeight), biases: layers.map(\.bias), activation: function, precision: precision)
        }
        let u = encoderU(x), v = encoderV(x)
        let gap = u - v
        var h = x
        for layer in hidden {
            let z = layer(h)
            h = Jet.product(z, gap, adding: v)   // v + z ⊙ (u − v) = z ⊙ U + (1 − z) ⊙ V, one pass
        }
        return output(h)
    }
}
