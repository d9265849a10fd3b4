import Foundation

extension Jet {
    /// Whether `perceptron` runs as one fused operation; `PDEKIT_FUSED_PERCEPTRON=0` chains the
    /// layer operations instead (for comparisons).
    static let fusesPerceptrons = ProcessInfo.processInfo.environment["PDEKIT_FUSED_PERCEPTRON"] != "0"

    /// The widest layer that the fused operations take. Wider layers are bound by arithmetic, where
    /// OpenBLAS's kernels win: the Poisson benchmark step with 4 hidden layers (one thread) took
    /// 168–176 ms fused against 216 ms layer by layer at width 128, but 686 ms against 610–641 ms at 256.
    static let widestFusedLayer = 128

    /// Whether a network with these weight matrices runs as one fused operation.
    static func fuses(_ weights: [Variable]) -> Bool {
        fusesPerceptrons && weights.allSatisfy { $0.shape.count == 2 && $0.shape.allSatisfy { $0 <= widestFusedLayer } }
    }

    /// A multilayer perceptron on this jet: `h ← f(h Wₗ + bₗ)` for every layer but the last, which is
    /// linear (`h Wₗ + bₗ`); biases shift values only.
    ///
    /// The result equals chaining `affine(weight:bias:)` and `tanh()`/`sin()`/`cos()`, but runs as one
    /// operation that keeps each tile of points in cache through all layers, forward and backward
    /// (see `PerceptronJet`); higher derivatives through `createGraph: true` remain available. Networks
    /// with a layer wider than 128 are chained layer by layer (faster there).
    ///
    /// - Parameters:
    ///   - weights: `Wₗ` of shape `[wₗ, wₗ₊₁]`, the first matching this jet's columns.
    ///   - biases: `bₗ` of shape `[wₗ₊₁]`.
    ///   - activation: the nonlinearity of the hidden layers.
    ///   - precision: what the fused operation computes in (see `NetworkPrecision`); networks that are
    ///     chained layer by layer compute in double precision.
    public func perceptron(weights: [Variable], biases: [Variable], activation: JetScalarFunction,
                           precision: NetworkPrecision = .float64) -> Jet {
        precondition(!weights.isEmpty && weights.count == biases.count,
                     "perceptron needs one bias per weight matrix, got \(weights.count) and \(biases.count)")
        guard Self.fuses(weights) else {
            var h = self
            for l in weights.indices {
                h = h.affine(weight: weights[l], bias: biases[l])
                if l < weights.count - 1 { h = h.fused(activation) }
            }
            return h
        }
        let inputs = [stacked] + zip(weights, biases).flatMap { [$0, $1] }
        let operation = PerceptronJet(activation: activation, orders: orders, precision: precision,
                                      keepsForPullback: inputs.contains(where: \.requiresGradient))
        return Jet(stacked: Variable.apply(operation, to: inputs), orders: orders)
    }
}

extension Jet {
    /// The gated network of Wang, Teng & Perdikaris (the modified MLP) on this jet:
    /// `U = f(x W_u + b_u)`, `V = f(x W_v + b_v)`, `h₀ = x`, `hᵢ₊₁ = V + f(hᵢ Wᵢ + bᵢ) ⊙ (U − V)` for
    /// each hidden layer, and a linear output `h_d W_o + b_o` (biases shift values only).
    ///
    /// One operation that keeps each tile of points in cache through all layers, forward and backward
    /// (see `GatedPerceptronJet`); the same result as composing `affine`, the activation and
    /// `Jet.product(_:_:adding:)`, with higher derivatives through `createGraph: true` available.
    ///
    /// - Parameters:
    ///   - weights: `[W_u, W_v, W₀, …, W_{d−1}, W_o]`; `W_u`, `W_v` and `W₀` take this jet's columns,
    ///     all hidden widths are equal.
    ///   - biases: the matching biases.
    ///   - activation: the nonlinearity of the encoders and hidden layers.
    ///   - precision: what the fused operation computes in (see `NetworkPrecision`).
    public func gatedPerceptron(weights: [Variable], biases: [Variable], activation: JetScalarFunction,
                                precision: NetworkPrecision = .float64) -> Jet {
        precondition(weights.count >= 4 && weights.count == biases.count,
                     "gatedPerceptron needs W_u, W_v, at least one hidden layer and W_o with one bias each, got \(weights.count) and \(biases.count)")
        guard Self.fuses(weights) else {
            let u = affine(weight: weights[0], bias: biases[0]).fused(activation)
            let v = affine(weight: weights[1], bias: biases[1]).fused(activation)
            let gap = u - v
            var h = self
            for i in 2..<(weights.count - 1) {
                h = Jet.product(h.affine(weight: weights[i], bias: biases[i]).fused(activation), gap, adding: v)
            }
            return h.affine(weight: weights.last!, bias: biases.last!)
        }
        let inputs = [stacked] + zip(weights, biases).flatMap { [$0, $1] }
        let operation = GatedPerceptronJet(activation: activation, orders: orders, precision: precision,
                                           keepsForPullback: inputs.contains(where: \.requiresGradient))
        return Jet(stacked: Variable.apply(operation, to: inputs), orders: orders)
    }
}
