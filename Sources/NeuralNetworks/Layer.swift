import Autodiff

/// A differentiable map with trainable parameters, evaluated on batches (rows) as `Variable`s or jets.
///
/// A layer is a value: its parameters are `Variable` leaves that require gradients, and its
/// configuration (sizes, activation) is plain data. Evaluating a layer on a `Jet` propagates the
/// derivatives along the jet's directions, which is how PDE residuals are computed.
public protocol Layer {
    /// The trainable parameters, in a fixed order.
    var parameters: [Variable] { get set }
    /// Evaluates the layer on a jet (a batch plus its directional derivatives).
    func callAsFunction(_ input: Jet) -> Jet
    /// Evaluates the layer on a batch (no derivatives carried). The default wraps the batch in a
    /// jet; layers on other layouts (the grid layers, `[batch, channels, depth, height, width]`)
    /// implement it directly.
    func callAsFunction(_ input: Variable) -> Variable
    /// What the layer's fused jet operations compute in (see `NetworkPrecision`). Layers without
    /// such operations compute in double precision, report `.float64` and ignore the setting;
    /// containers (`Sequential`, `PINN`) pass it to every layer they hold.
    var precision: NetworkPrecision { get set }
}

extension Layer {
    /// Evaluates the layer on a batch (no derivatives carried).
    public func callAsFunction(_ input: Variable) -> Variable { self(Jet(input)).value }

    /// Double precision, always (layers without fused jet operations).
    public var precision: NetworkPrecision {
        get { .float64 }
        set {}
    }

    /// Evaluates the layer on a batch of constant points.
    public func callAsFunction(_ input: Tensor) -> Tensor { self(Variable(input)).value }

    /// The parameter values, in the order of `parameters`.
    public var parameterTensors: [Tensor] {
        get { parameters.map(\.value) }
        set { setParameterTensors(newValue) }
    }

    /// The total number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Replaces every parameter with a fresh leaf holding the corresponding tensor.
    ///
    /// - Precondition: the tensors match the current parameters in number and shapes.
    public mutating func setParameterTensors(_ tensors: [Tensor]) {
        let current = parameters
        precondition(tensors.count == current.count,
                     "Expected \(current.count) parameter tensors, got \(tensors.count)")
        for (t, p) in zip(tensors, current) {
            precondition(t.shape == p.shape, "Parameter shape \(t.shape) differs from \(p.shape)")
        }
        parameters = tensors.map { Variable.parameter($0) }
    }
}
