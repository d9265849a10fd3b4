/// Errors that stop a solve before it starts: inconsistent sizes or settings. Each is one line.
public enum SolverSetupError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The operator is not square.
    case operatorNotSquare(rows: Int, columns: Int)
    /// A vector or preconditioner does not match the operator's size.
    case dimensionMismatch(expected: Int, found: Int, what: String)
    /// The tolerances or a solver parameter are out of range.
    case invalidTolerances(String)

    public var description: String {
        switch self {
        case let .operatorNotSquare(rows, columns):
            return "the solver needs a square operator, this one is \(rows) × \(columns)"
        case let .dimensionMismatch(expected, found, what):
            return "\(what) has size \(found), the operator has size \(expected)"
        case let .invalidTolerances(reason):
            return reason
        }
    }

    /// Checks a square operator, the right-hand side, the initial guess and the preconditioner.
    static func check<A: LinearOperator, P: Preconditioner>(_ a: A, _ b: [Double], _ x0: [Double]?, _ m: P) throws {
        guard a.rowCount == a.columnCount else { throw operatorNotSquare(rows: a.rowCount, columns: a.columnCount) }
        let n = a.rowCount
        guard b.count == n else { throw dimensionMismatch(expected: n, found: b.count, what: "the right-hand side") }
        if let x0, x0.count != n { throw dimensionMismatch(expected: n, found: x0.count, what: "the initial guess") }
        if let d = m.dimension, d != n { throw dimensionMismatch(expected: n, found: d, what: "the preconditioner") }
    }
}
