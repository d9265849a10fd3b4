import Autodiff
import NeuralNetworks

/// A multilayer perceptron with GELU between layers, with or without biases. Without biases a zero
/// input gives exactly zero output, which is how the constitutive networks stay stress-free at rest.
public struct ConstitutiveNetwork: Layer {
    /// Weight matrices `[in, out]`.
    public var weights: [Variable]
    /// Biases `[out]` (empty for a bias-free network).
    public var biases: [Variable]
    /// Log-scales `[out]` per layer when the weights are factorised (`weights` then hold the
    /// directions V and each layer applies V diag(exp s)); empty otherwise.
    public var logScales: [Variable] = []

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

    /// True when the weights are factorised.
    public var isFactorized: Bool { !logScales.isEmpty }

    /// Random weight factorisation (`WeightFactorization`): each layer's weights become
    /// V diag(exp s) with s ~ N(mean, standardDeviation²) per output unit and V = W / exp(s), so the
    /// network computes the same function while Adam can change a unit's gain multiplicatively.
    public func factorized(mean: Double = 1, standardDeviation: Double = 0.1, key: RandomKey) -> ConstitutiveNetwork {
        precondition(!isFactorized, "the network is already factorised")
        var network = self
        network.logScales = []
        for l in weights.indices {
            let (v, s) = WeightFactorization.split(weights[l].value, mean: mean, standardDeviation: standardDeviation, key: key.fold(in: l))
            network.weights[l] = .parameter(v)
            network.logScales.append(.parameter(s))
        }
        return network
    }

    /// The matrix layer `l` applies.
    public func effectiveWeight(_ l: Int) -> Variable {
        guard isFactorized else { return weights[l] }
        return WeightFactorization.combine(direction: weights[l], logScale: logScales[l])
    }

    /// Weights, then biases, then (when factorised) log-scales.
    public var parameters: [Variable] {
        get { weights + biases + logScales }
        set {
            precondition(newValue.count == weights.count + biases.count + logScales.count,
                         "ConstitutiveNetwork expects \(weights.count + biases.count + logScales.count) parameters, got \(newValue.count)")
            let w = weights.count, b = biases.count
            weights = Array(newValue[0..<w])
            biases = Array(newValue[w..<(w + b)])
            logScales = Array(newValue[(w + b)...])
        }
    }

    public func callAsFunction(_ input: Jet) -> Jet {
        var x = input
        for l in weights.indices {
            let bias = hasBiases ? biases[l] : Variable(Tensor.zeros([weights[l].shape[1]]))
            x = x.affine(weight: effectiveWeight(l), bias: bias)
            if l < weights.count - 1 { x = Activation.gelu.callAsFunction(x) }
        }
        return x
    }

    /// The gradient of a one-output network with respect to its inputs, row by row (`[N, k]` for
    /// `[N, k]` inputs). It is recorded, so it can be differentiated again (with respect to the inputs
    /// and the weights), whenever the inputs or the weights require gradients.
    public func inputGradient(at input: Variable) -> Variable {
        precondition(weights.last?.shape.last == 1, "inputGradient needs a network with one output")
        let recorded = input.requiresGradient || parameters.contains(where: \.requiresGradient)
        // A constant input gets a leaf of its own: the gradient is taken with respect to it.
        let probe = input.requiresGradient ? input : Variable(input.value, requiresGradient: true)
        return gradients(of: self(probe).sum(), wrt: [probe], createGraph: recorded)[0]
    }

    public func callAsFunction(_ input: Variable) -> Variable {
        var x = input
        for l in weights.indices {
            x = matmul(x, effectiveWeight(l))
            if hasBiases { x = x + biases[l] }
            if l < weights.count - 1 { x = x.gelu() }
        }
        return x
    }
}
