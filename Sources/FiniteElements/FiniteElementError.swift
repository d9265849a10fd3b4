/// Errors of the finite-element layer. Each describes the problem in one line.
public enum FiniteElementError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An argument is out of range (a quadrature degree, an element that does not fit the mesh, …).
    case invalidArgument(String)
    /// A vector's length does not match the space.
    case dimensionMismatch(expected: Int, found: Int, what: String)
    /// A point lies outside the mesh.
    case pointOutsideMesh(index: Int, coordinates: [Double])
    /// A linear solve failed (the solver's own message).
    case solveFailed(String)

    public var description: String {
        switch self {
        case let .invalidArgument(reason): return reason
        case let .dimensionMismatch(expected, found, what): return "\(what) has length \(found), expected \(expected)"
        case let .pointOutsideMesh(index, coordinates): return "point \(index) at \(coordinates) lies outside the mesh"
        case let .solveFailed(reason): return "linear solve failed: \(reason)"
        }
    }
}
