import Autodiff

/// Layers applied side by side to the same input, their outputs joined column-wise.
///
/// Use it to give an unknown coefficient field its own small network next to the solution network:
/// `Parallel([MLP(sizes: [2, 32, 32, 1], …), MLP(sizes: [2, 8, 1], …)])` has two outputs, u and the
/// field, and derivatives of both come from one jet evaluation.
public struct Parallel: Layer {
    /// The branches, whose outputs appear in this order.
    public var layers: [any Layer]

    /// Creates the branches.
    public init(_ layers: [any Layer]) {
        precondition(!layers.isEmpty, "Parallel needs at least one layer")
        self.layers = layers
    }

    public var parameters: [Variable] {
        get { layers.flatMap(\.parameters) }
        set { layers.distribute(newValue, owner: "Parallel") }
    }

    /// `.float32` when some branch computes in single precision; setting it sets every branch's.
    public var precision: NetworkPrecision {
        get { layers.contains { $0.precision == .float32 } ? .float32 : .float64 }
        set { for i in layers.indices { layers[i].precision = newValue } }
    }

    public func callAsFunction(_ x: Jet) -> Jet {
        Jet.concatenate(layers.map { $0(x) })
    }
}
