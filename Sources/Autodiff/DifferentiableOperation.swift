/// An operation of the autodiff graph: a forward computation on tensors and its vector-Jacobian product.
///
/// Built-in primitives and user-registered custom primitives conform to this protocol alike. The
/// pullback is written with `Variable` operations, so when the backward pass is itself recorded
/// (`createGraph: true`) the gradient can be differentiated again. When the backward pass is not
/// recorded, `inputs`, `output` and `cotangent` are constants and the pullback runs on plain tensors.
///
/// A custom primitive (for example a linear solve whose pullback is an adjoint solve):
/// ```swift
/// struct Cube: DifferentiableOperation {
///     var name: String { "cube" }
///     func forward(_ x: [Tensor]) -> Tensor { x[0].map { $0 * $0 * $0 } }
///     func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
///         [g * 3 * x[0] * x[0]]
///     }
/// }
/// let y = Variable.apply(Cube(), to: [x])
/// ```
public protocol DifferentiableOperation: Sendable {
    /// A short name for diagnostics.
    var name: String { get }
    /// Computes the output value from the input values.
    func forward(_ inputs: [Tensor]) -> Tensor
    /// Maps the cotangent of the output to the cotangents of the inputs (`nil`: no gradient to that
    /// input). Each returned cotangent must have the shape of its input.
    func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?]
    /// The same pullback, told which inputs' cotangents will be used (`needed[i]`); an operation may
    /// skip the others and return `nil` for them. The default computes them all.
    func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable, needed: [Bool]) -> [Variable?]
}

extension DifferentiableOperation {
    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable, needed: [Bool]) -> [Variable?] {
        pullback(cotangent, inputs: inputs, output: output)
    }
}

extension Variable {
    /// Applies `operation` to `inputs`, recording a graph node when any input requires a gradient.
    public static func apply(_ operation: some DifferentiableOperation, to inputs: [Variable]) -> Variable {
        let value = operation.forward(inputs.map(\.value))
        if inputs.contains(where: \.requiresGradient) {
            return Variable(value: value, inputs: inputs, operation: operation)
        }
        return Variable(value)
    }
}

/// A custom primitive built from two closures, for one-off operations.
public struct ClosureOperation: DifferentiableOperation {
    /// A short name for diagnostics.
    public let name: String
    let forwardBody: @Sendable ([Tensor]) -> Tensor
    let pullbackBody: @Sendable (Variable, [Variable], Variable) -> [Variable?]

    /// Creates an operation from a forward function and its pullback (see `DifferentiableOperation`).
    public init(name: String,
                forward: @escaping @Sendable ([Tensor]) -> Tensor,
                pullback: @escaping @Sendable (_ cotangent: Variable, _ inputs: [Variable], _ output: Variable) -> [Variable?]) {
        self.name = name
        self.forwardBody = forward
        self.pullbackBody = pullback
    }

    public func forward(_ inputs: [Tensor]) -> Tensor { forwardBody(inputs) }
    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        pullbackBody(cotangent, inputs, output)
    }
}
