import Autodiff

/// Layers applied one after another (for example an embedding followed by an MLP).
public struct Sequential: Layer {
    /// The layers, applied in order.
    public var layers: [any Layer]

    /// Creates a chain of layers.
    public init(_ layers: [any Layer]) { self.layers = layers }

    public var parameters: [Variable] {
        get { layers.flatMap(\.parameters) }
        set { layers.distribute(newValue, owner: "Sequential") }
    }

    /// `.float32` when some layer computes in single precision; setting it sets every layer's.
    public var precision: NetworkPrecision {
        get { layers.contains { $0.precision == .float32 } ? .float32 : .float64 }
        set { for i in layers.indices { layers[i].precision = newValue } }
    }

    /// Applies the layers in order to a batch, each through its own batch entry point (so grid layers
    /// on `[batch, channels, depth, height, width]` compose as well as row-wise layers).
    public func callAsFunction(_ x: Variable) -> Variable {
        layers.reduce(x) { h, layer in layer(h) }
    }

    public func callAsFunction(_ x: Jet) -> Jet {
        layers.reduce(x) { h, layer in layer(h) }
    }
}
