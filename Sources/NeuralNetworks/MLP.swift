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
        set {
            precondition(newValue.count == 2 * layers.count, "MLP expects \(2 * layers.count) parameters")
            for i in layers.indices { layers[i].parameters = [newValue[2 * i], newValue[2 * i + 1]] }
        }
    }

    public func callAsFunction(_ x: Jet) -> Jet {
        layers.reduce(x) { h, layer in layer(h) }
    }
}
