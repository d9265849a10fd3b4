import Autodiff

/// Layers applied one after another (for example an embedding followed by an MLP).
public struct Sequential: Layer {
    /// The layers, applied in order.
    public var layers: [any Layer]

    /// Creates a chain of layers.
    public init(_ layers: [any Layer]) { self.layers = layers }

    public var parameters: [Variable] {
        get { layers.flatMap(\.parameters) }
        set {
            var offset = 0
            for i in layers.indices {
                let n = layers[i].parameters.count
                layers[i].parameters = Array(newValue[offset..<(offset + n)])
                offset += n
            }
            precondition(offset == newValue.count, "Sequential expects \(offset) parameters, got \(newValue.count)")
        }
    }

    public func callAsFunction(_ x: Jet) -> Jet {
        layers.reduce(x) { h, layer in layer(h) }
    }
}
