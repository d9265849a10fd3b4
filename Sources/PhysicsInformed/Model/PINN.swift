import Autodiff
import NeuralNetworks

/// A physics-informed model: a network, an optional output transform (hard constraints) and the
/// trainable physical parameters of an inverse problem.
///
/// `PINN` is itself a ``Layer``: its `parameters` are the network's followed by the physical
/// parameters, so optimisers, checkpoints and ``ParameterVector`` treat them alike. Evaluation
/// applies the transform: with `transform: { x, n in x * (1.0 - x) * n }` the output vanishes at 0
/// and 1 exactly, for any network weights.
public struct PINN<Network: Layer>: Layer {
    /// The network.
    public var network: Network
    /// Maps (input, network output) to the model output; nil for the identity.
    public var transform: ((_ input: Jet, _ output: Jet) -> Jet)?
    /// Trainable physical parameters (empty for a forward problem).
    public var physicalParameters: PhysicalParameters

    /// Creates a model.
    public init(network: Network, physicalParameters: PhysicalParameters = PhysicalParameters(),
                transform: ((_ input: Jet, _ output: Jet) -> Jet)? = nil) {
        self.network = network
        self.physicalParameters = physicalParameters
        self.transform = transform
    }

    /// The network's parameters followed by the physical parameters.
    public var parameters: [Variable] {
        get { network.parameters + physicalParameters.variables }
        set {
            let n = network.parameters.count
            precondition(newValue.count == n + physicalParameters.count, "PINN: wrong number of parameters")
            network.parameters = Array(newValue[..<n])
            physicalParameters.variables = Array(newValue[n...])
        }
    }

    /// The network's precision (see `Layer.precision`). Trainers run L-BFGS stages in double
    /// precision whatever it is.
    public var precision: NetworkPrecision {
        get { network.precision }
        set { network.precision = newValue }
    }

    /// The model output (after the transform) as a jet.
    public func callAsFunction(_ input: Jet) -> Jet {
        let output = network(input)
        return transform.map { $0(input, output) } ?? output
    }

    /// The model output at constant points `[n, d]`, shape `[n, outputs]`.
    public func predict(_ points: Tensor) -> Tensor { self(Jet(Variable(points))).value.value }
}
