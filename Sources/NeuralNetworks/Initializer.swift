import Autodiff

/// How a weight matrix of shape `[fanIn, fanOut]` is initialised.
public enum Initializer: Sendable, Hashable {
    /// Uniform on ±√(6 / (fanIn + fanOut)) (Glorot & Bengio 2010).
    case glorotUniform
    /// Normal with standard deviation √(2 / (fanIn + fanOut)).
    case glorotNormal
    /// Normal with standard deviation √(2 / fanIn) (He et al. 2015), for ReLU-like activations.
    case heNormal
    /// All zeros.
    case zeros

    /// A weight matrix drawn from `key`.
    public func weights(fanIn: Int, fanOut: Int, key: RandomKey) -> Tensor {
        let shape = [fanIn, fanOut]
        switch self {
        case .glorotUniform:
            let limit = (6.0 / Double(fanIn + fanOut)).squareRoot()
            return key.uniform(shape, low: -limit, high: limit)
        case .glorotNormal:
            return key.normal(shape, standardDeviation: (2.0 / Double(fanIn + fanOut)).squareRoot())
        case .heNormal:
            return key.normal(shape, standardDeviation: (2.0 / Double(fanIn)).squareRoot())
        case .zeros:
            return Tensor.zeros(shape)
        }
    }
}
