import Foundation

extension Jet {
    /// Whether `perceptron` runs as one fused operation; `PDEKIT_FUSED_PERCEPTRON=0` chains the
    /// layer operations instead (for comparisons).
    static let fusesPerceptrons = ProcessInfo.processInfo.environment["PDEKIT_FUSED_PERCEPTRON"] != "0"

    /// A multilayer perceptron on this jet: `h ← f(h Wₗ + bₗ)` for every layer but the last, which is
    /// linear (`h Wₗ + bₗ`); biases shift values only.
    ///
    /// The result equals chaining `affine(weight:bias:)` and `tanh()`/`sin()`/`cos()`, but runs as one
    /// operation that keeps each tile of points in cache through all layers, forward and backward
    /// (see `PerceptronJet`); higher derivatives through `createGraph: true` remain available.
    ///
    /// - Parameters:
    ///   - weights: `Wₗ` of shape `[wₗ, wₗ₊₁]`, the first matching this jet's columns.
    ///   - biases: `bₗ` of shape `[wₗ₊₁]`.
    ///   - activation: the nonlinearity of the hidden layers.
    public func perceptron(weights: [Variable], biases: [Variable], activation: JetScalarFunction) -> Jet {
        precondition(!weights.isEmpty && weights.count == biases.count,
                     "perceptron needs one bias per weight matrix, got \(weights.count) and \(biases.count)")
        guard Self.fusesPerceptrons else {
            var h = self
            for l in weights.indices {
                h = h.affine(weight: weights[l], bias: biases[l])
                if l < weights.count - 1 { h = h.fused(activation) }
            }
            return h
        }
        let inputs = [stacked] + zip(weights, biases).flatMap { [$0, $1] }
        return Jet(stacked: Variable.apply(PerceptronJet(activation: activation, orders: orders), to: inputs), orders: orders)
    }
}
