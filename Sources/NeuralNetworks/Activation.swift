import Autodiff

/// The element-wise nonlinearity of a network layer.
public enum Activation: String, Sendable, CaseIterable, Codable {
    case identity, tanh, sin, gelu, silu, relu, softplus, sigmoid

    /// Applies the activation to a batch.
    public func callAsFunction(_ x: Variable) -> Variable {
        switch self {
        case .identity: return x
        case .tanh: return x.tanh()
        case .sin: return x.sin()
        case .gelu: return x.gelu()
        case .silu: return x.silu()
        case .relu: return x.relu()
        case .softplus: return x.softplus()
        case .sigmoid: return x.sigmoid()
        }
    }

    /// The activation as a function with a closed-form derivative tower (tanh, sin), if it is one.
    public var jetScalarFunction: JetScalarFunction? {
        switch self {
        case .tanh: return .tanh
        case .sin: return .sin
        default: return nil
        }
    }

    /// Applies the activation to a jet: closed-form derivative towers for tanh and sin, nested reverse
    /// mode for the others.
    public func callAsFunction(_ x: Jet) -> Jet {
        switch self {
        case .identity: return x
        case .tanh: return x.tanh()
        case .sin: return x.sin()
        default: return x.elementwise { self($0) }
        }
    }
}
