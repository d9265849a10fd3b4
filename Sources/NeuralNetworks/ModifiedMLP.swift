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

    public var parameters: [Variable] {
        get { encoderU.parameters + encoderV.parameters + hidden.flatMap(\.parameters) + output.parameters }
        set {
            encoderU.parameters = Array(newValue[0..<2])
            encoderV.parameters = Array(newValue[2..<4])
            for i in hidden.indices { hidden[i].parameters = Array(newValue[(4 + 2 * i)..<(6 + 2 * i)]) }
            output.parameters = Array(newValue[(4 + 2 * hidden.count)...])
        }
    }

    /// Evaluates the network on a jet; with tanh or sin throughout, as one fused operation
    /// (`Jet.gatedPerceptron`) that keeps tiles of points in cache through all layers.
    public func callAsFunction(_ x: Jet) -> Jet {
        let activation = encoderU.activation
        if let function = activation.jetScalarFunction, encoderV.activation == activation,
           hidden.allSatisfy({ $0.activation == activation }), output.activation == .identity {
            let layers = [encoderU, encoderV] + hidden + [output]
            return x.gatedPerceptron(weights: layers.map(\.weight), biases: layers.map(\.bias), activation: function, precision: precision)
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
