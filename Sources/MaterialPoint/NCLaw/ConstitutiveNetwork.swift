import Autodiff
import NeuralNetworks

/// A multilayer perceptron with GELU between layers, with or without biases. Without biases a zero
/// input gives exactly zero output, which is how the constitutive networks stay stress-free at rest.
public struct ConstitutiveNetwork: Layer {
    /// Weight matrices `[in, out]`.
    public var weights: [Variable]
    /// Biases `[out]` (empty for a bias-free network).
    public var biases: [Variable]

    /// Creates a network with Xavier (Glorot) normal weights (the last layer's multiplied by
    /// `outputScale`, so an untrained law starts nearly stress-free) and zero biases.
    public init(sizes: [Int], biases useBiases: Bool, outputScale: Double = 1, key: RandomKey) {
        precondition(sizes.count >= 2, "a network needs at least an input and an output size")
        var w = [Variable](), b = [Variable]()
        for l in 0..<(sizes.count - 1) {
            let scale = l == sizes.count - 2 ? outputScale : 1
            w.append(.parameter(Initializer.glorotNormal.weights(fanIn: sizes[l], fanOut: sizes[l + 1], key: key.fold(in: l)) * scale))
            if useBiases { b.append(.parameter(.zeros([sizes[l + 1]]))) }
        }
        weights = w
        biases = b
    }

    /// True when the network has biases.
    public var hasBiases: Bool { !biases.isEmpty }

    public var parameters: [Variable] {
        get { weights + biases }
        set {
            weights = Array(newValue[0..<weights.count])
            biases = Array(newValue[weights.count...])
        }
    }

    public func callAsFunction(_ input: Jet) -> Jet {
        var x = input
        for l in weights.indices {
            let bias = hasBiases ? biases[l] : Variable(Tensor.zeros([weights[l].shape[1]]))
            x = x.affine(weight: weights[l], bias: bias)
            if l < weights.count - 1 { x = Activation.gelu.callAsFunction(x) }
        }
        return x
    }

    public func callAsFunction(_ input: Variable) -> Variable {
        var x = input
        for l in weights.indices {
            x = matmul(x, weights[l])
            if hasBiases { x = x + biases[l] }
            if l < weights.count - 1 { x = x.gelu() }
        }
        return x
    }
}
