/// Errors in setting up a preconditioner. Each describes the problem in one line.
public enum PreconditionerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The matrix is not square.
    case notSquare(rows: Int, columns: Int)
    /// A diagonal entry is zero or not stored (Jacobi, SSOR), or not finite.
    case zeroDiagonal(row: Int)
    /// Incomplete Cholesky met a pivot `≤ 0` (the matrix is not positive definite, or IC(0) broke
    /// down on it, as it can for SPD matrices that are not M-matrices).
    case nonPositivePivot(row: Int, value: Double)
    /// A parameter is out of its range (the SSOR relaxation factor must lie in (0, 2)).
    case invalidParameter(String)
    /// The coarsest matrix of an algebraic multigrid hierarchy could not be factored: the matrix is
    /// singular or not positive definite (pure Neumann conditions, for example).
    case coarseMatrixNotPositiveDefinite(rows: Int)

    public var description: String {
        switch self {
        case let .notSquare(rows, columns):
            return "a preconditioner needs a square matrix, this one is \(rows) × \(columns)"
        case let .zeroDiagonal(row):
            return "diagonal entry of row \(row) is zero, missing or not finite"
        case let .nonPositivePivot(row, value):
            return "incomplete Cholesky: non-positive pivot \(value) at row \(row) (matrix not positive definite, or IC(0) breaks down on it)"
        case let .invalidParameter(reason):
            return reason
        case let .coarseMatrixNotPositiveDefinite(rows):
            return "algebraic multigrid: the coarsest matrix (\(rows) rows) is not positive definite (is the matrix singular, e.g. pure Neumann conditions?)"
        }
    }
}
