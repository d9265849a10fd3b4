import PDEKit

/// The physics-informed examples, each a function of its sizes so the executables (default sizes)
/// and the regression tests (small sizes) train the same definitions.
public enum Gallery {
    /// A tanh multilayer perceptron wrapped as a `Sequential`.
    static func mlp(_ sizes: [Int], activation: Activation = .tanh, key: RandomKey) -> Sequential {
        Sequential([MLP(sizes: sizes, activation: activation, key: key)])
    }
}
