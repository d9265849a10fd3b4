import Autodiff

/// A fully connected network: hidden `Dense` layers with one activation, then a linear output layer.
///
/// ```swift
/// let net = MLP(sizes: [2, 20, 20, 1], activation: .tanh, key: RandomKey(seed: 0))
/// let u = net(points)   // [n, 1]
/// ```
public struct MLP: Layer {
    /// The layers, the last one linear.
    public var layers: [Dense]

    /// What the fused network operation computes its jets in: `.float32` takes a third to a half off
    /// the time of a training step, with gradients accurate to single precision; parameters,
    /// residuals and losses stay double (see `NetworkPrecision`). Networks evaluated layer by layer
    /// (other activations, layers wider than 128) compute in double precision.
    public var precision: NetworkPrecision = .float64

    /// Creates a network with layer widths `sizes` (input first, output last).
    public init(sizes: [Int], activation: Activation = .tanh, initializer: Initializer = .glorotNormal,
                key: RandomKey) {
        precondition(sizes.count >= 2, "An MLP needs at least input and output sizes, got \(sizes)")
        layers = (0..<(sizes.count - 1)).map { i in
            Dense(inputSize: sizes[i], outputSize: sizes[i + 1],
                  activation: i == sizes.count - 2 ? .identity : activation,
                  initializer: initializer, key: key.fold(in: i))
        }
    }

    /// Creates a network from existing layers.
    public init(layers: [Dense]) { self.layers = layers }

    /// Layer widths, input first.
    public var sizes: [Int] { [layers[0].inputSize] + layers.map(\.outputSize) }

    public var parameters: [Variable] {
        get { layers.flatMap(\.parameters) }
        set { layers.assignParameters(newValue, owner: "MLP") }
    }

    /// Factorises every layer's weights (`Dense.factorized`): random weight factorisation.
    public func factorized(mean: Double = 1, standardDeviation: Double = 0.1, key: RandomKey) -> MLP {
        var network = self   // keeps `precision`
        network.layers = layers.enumerated().map { $1.factorized(mean: mean, standardDeviation: standardDeviation, key: key.fold(in: $0)) }
        return network
    }

    /// Evaluates the network on a jet. With tanh or sin in every hidden layer and a linear last layer,
    /// the whole network is one fused operation (`Jet.perceptron`) that keeps tiles of points in cache
    /// through all layers; other activations go layer by layer.
    public func callAsFunction(_ x: Jet) -> Jet {
        if layers.count >= 2, let function = layers[0].activation.jetScalarFunction,
           layers.dropLast().allSatisfy({ $0.activation == layers[0].activation }), layers.last!.activation == .identity {
            return x.perceptron(weights: layers.map(\.effectiveWeight), biases: layers.map(\.bias), activation: function, precision: precision)
        }
        return layers.reduce(x) { h, layer in layer(h) }
    }
}
