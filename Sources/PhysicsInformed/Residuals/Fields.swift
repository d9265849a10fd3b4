import Autodiff

/// The outputs of a network at a batch of points, with their partial derivatives by name.
///
/// ```swift
/// let fields = Fields(of: { net($0) }, at: points, coordinates: "xt", derivatives: ["x", "xx", "t"])
/// let u = fields[0]
/// let residual = u.t + u * u.x - nu * u.xx          // Burgers
/// ```
/// All requested derivatives come from one jet evaluation (see `DerivativePlan`): pure derivatives up
/// to order 4 and mixed second derivatives such as `"xy"`.
public struct Fields {
    /// The coordinate names.
    public let coordinates: Coordinates
    /// The underlying table of partial derivatives of all outputs.
    public let table: DerivativeTable

    /// Evaluates `function` (for example a network) on `points` (`[n, dimension]`) with the named
    /// derivatives.
    ///
    /// - Precondition: every derivative name uses coordinate letters only and is supported by
    ///   `DerivativePlan`.
    public init(of function: (Jet) -> Jet, at points: Variable, coordinates: Coordinates, derivatives: [String]) {
        precondition(points.shape.count == 2 && points.shape[1] == coordinates.dimension,
                     "Points of shape \(points.shape) do not have \(coordinates.dimension) coordinates \(String(coordinates.names))")
        let partials = derivatives.map { name -> [Int] in
            guard let index = coordinates.multiIndex(name) else {
                preconditionFailure("Derivative \"\(name)\" uses a letter that is not a coordinate of \"\(String(coordinates.names))\"")
            }
            return index
        }
        self.coordinates = coordinates
        self.table = DerivativePlan(dimension: coordinates.dimension, partials: partials).evaluate(function, at: points)
    }

    /// The number of outputs.
    public var count: Int { table.value.shape[1] }

    /// Output `index` (a column of the network output) with its derivatives.
    public subscript(_ index: Int) -> Field {
        precondition(index >= 0 && index < count, "Output \(index) out of range 0..<\(count)")
        return Field(fields: self, column: index)
    }
}

/// One output of `Fields`: its value (`[n, 1]`) and its derivatives as members named by coordinate
/// letters (`u.x`, `u.xx`, `u.t`, `u.xy`), each a `Variable` of shape `[n, 1]`.
@dynamicMemberLookup
public struct Field {
    let fields: Fields
    let column: Int

    /// The value of this output.
    public var value: Variable { slice(fields.table.value) }

    /// The derivative named by coordinate letters, e.g. `"xx"`.
    public subscript(dynamicMember name: String) -> Variable { derivative(name) }

    /// The derivative named by coordinate letters, e.g. `"xx"`; an empty name gives the value.
    public func derivative(_ name: String) -> Variable {
        guard let index = fields.coordinates.multiIndex(name) else {
            preconditionFailure("\"\(name)\" is not a derivative of coordinates \"\(String(fields.coordinates.names))\"")
        }
        return slice(fields.table[index])
    }

    private func slice(_ all: Variable) -> Variable {
        fields.count == 1 ? all : all.column(column)
    }
}

/// Arithmetic that lets residuals read like the equation: a `Field` stands for its value.
extension Field {
    public static func + (a: Field, b: Variable) -> Variable { a.value + b }
    public static func + (a: Variable, b: Field) -> Variable { a + b.value }
    public static func - (a: Field, b: Variable) -> Variable { a.value - b }
    public static func - (a: Variable, b: Field) -> Variable { a - b.value }
    public static func * (a: Field, b: Variable) -> Variable { a.value * b }
    public static func * (a: Variable, b: Field) -> Variable { a * b.value }
    public static func * (a: Field, b: Field) -> Variable { a.value * b.value }
    public static func + (a: Field, b: Field) -> Variable { a.value + b.value }
    public static func - (a: Field, b: Field) -> Variable { a.value - b.value }
    public static func * (a: Double, b: Field) -> Variable { b.value * a }
    public static func * (a: Field, b: Double) -> Variable { a.value * b }
    public static func + (a: Field, b: Double) -> Variable { a.value + b }
    public static func - (a: Field, b: Double) -> Variable { a.value - b }
    public static prefix func - (a: Field) -> Variable { -a.value }
}
