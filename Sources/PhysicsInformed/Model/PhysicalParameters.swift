import Autodiff

/// Named trainable scalars of an inverse problem (a diffusion coefficient, a viscosity, an
/// eigenvalue), read by residual closures as `c.parameters["D"]`.
///
/// Each value is a `[1, 1]` leaf that requires a gradient, so it broadcasts against `[n, 1]` fields.
public struct PhysicalParameters {
    /// The names, in a fixed order.
    public private(set) var names: [String]
    /// The leaves, in the order of ``names``.
    public internal(set) var variables: [Variable]

    /// Creates parameters with initial values, in the given order.
    public init(_ initial: KeyValuePairs<String, Double> = [:]) {
        self.names = initial.map(\.key)
        self.variables = initial.map { Variable.parameter(Tensor(shape: [1, 1], scalars: [$0.value])) }
        precondition(Set(names).count == names.count, "physical parameter names must be distinct")
    }

    /// The leaf of the parameter `name`.
    ///
    /// - Precondition: `name` was declared.
    public subscript(_ name: String) -> Variable {
        guard let i = names.firstIndex(of: name) else {
            preconditionFailure("no physical parameter named \"\(name)\" (declared: \(names.joined(separator: ", ")))")
        }
        return variables[i]
    }

    /// The current value of `name`, or nil if it was not declared.
    public func value(_ name: String) -> Double? {
        names.firstIndex(of: name).map { variables[$0].value.scalars[0] }
    }

    /// The current values in order.
    public var values: [Double] { variables.map { $0.value.scalars[0] } }

    /// The number of parameters.
    public var count: Int { names.count }
}
