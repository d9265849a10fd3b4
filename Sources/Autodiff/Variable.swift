/// A node of the dynamic reverse-mode graph: a tensor value, the operation that produced it and its inputs.
///
/// Operations on `Variable`s record a graph only when at least one input requires a gradient; otherwise
/// the result is a constant and nothing is kept. There is no global tape: the graph is the web of
/// `Variable`s reachable from an output, freed when the output is.
///
/// ```swift
/// let x = Variable.parameter(Tensor([1, 2, 3]))
/// let y = (x * x).sum()
/// let g = gradients(of: y, wrt: [x])[0]   // 2x
/// ```
public final class Variable: Sendable {
    /// The value computed by the forward pass.
    public let value: Tensor
    /// Whether gradients flow to (or through) this node.
    public let requiresGradient: Bool
    /// The operands of `operation`, empty for leaves.
    let inputs: [Variable]
    /// The operation that produced this node, `nil` for leaves.
    let operation: (any DifferentiableOperation)?

    /// Creates a leaf holding `value`.
    ///
    /// - Parameter requiresGradient: pass `true` for trainable parameters and for inputs you will
    ///   differentiate with respect to.
    public init(_ value: Tensor, requiresGradient: Bool = false) {
        self.value = value
        self.requiresGradient = requiresGradient
        self.inputs = []
        self.operation = nil
    }

    /// Creates a constant scalar leaf.
    public convenience init(_ value: Double) { self.init(Tensor(value)) }

    init(value: Tensor, inputs: [Variable], operation: any DifferentiableOperation) {
        self.value = value
        self.requiresGradient = true
        self.inputs = inputs
        self.operation = operation
    }

    /// A leaf that requires a gradient: a trainable parameter or an input to differentiate against.
    public static func parameter(_ value: Tensor) -> Variable { Variable(value, requiresGradient: true) }

    /// The same value as a constant: gradients do not flow through the result (stop-gradient).
    public var detached: Variable { requiresGradient ? Variable(value) : self }

    /// The shape of `value`.
    public var shape: [Int] { value.shape }

    /// The single element of a one-element value.
    public var scalar: Double { value.scalar }

    /// True for nodes with no recorded operation.
    public var isLeaf: Bool { operation == nil }
}

extension Variable: CustomStringConvertible {
    public var description: String {
        "Variable(\(operation?.name ?? "leaf"), \(value))"
    }
}
