/// Errors in building or using a sparse matrix. Each describes the problem in one line.
public enum SparseMatrixError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Dimensions must be non-negative and fit the 32-bit indices of `CSRMatrix`.
    case invalidDimensions(rows: Int, columns: Int)
    /// An entry lies outside the matrix.
    case indexOutOfRange(row: Int, column: Int, rows: Int, columns: Int)
    /// The compressed arrays do not describe a matrix (wrong lengths, decreasing row pointers,
    /// unsorted or repeated column indices).
    case malformedStorage(String)
    /// The matrix has more stored entries than 32-bit row pointers can address.
    case tooManyEntries(Int)
    /// A vector's length does not match the matrix.
    case dimensionMismatch(expected: Int, found: Int, what: String)
    /// The operation needs a square matrix.
    case notSquare(rows: Int, columns: Int)
    /// A triangular solve met a zero or missing diagonal entry.
    case zeroDiagonal(row: Int)
    /// An argument is out of range.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .invalidDimensions(rows, columns):
            return "invalid matrix dimensions \(rows) × \(columns) (each must be in 0...\(Int32.max))"
        case let .indexOutOfRange(row, column, rows, columns):
            return "entry (\(row), \(column)) lies outside the \(rows) × \(columns) matrix"
        case let .malformedStorage(reason):
            return "malformed CSR storage: \(reason)"
        case let .tooManyEntries(count):
            return "\(count) stored entries exceed the 32-bit index range of CSRMatrix"
        case let .dimensionMismatch(expected, found, what):
            return "\(what) has length \(found), expected \(expected)"
        case let .notSquare(rows, columns):
            return "the operation needs a square matrix, this one is \(rows) × \(columns)"
        case let .zeroDiagonal(row):
            return "zero or missing diagonal entry in row \(row) of a triangular solve"
        case let .invalidArgument(reason):
            return reason
        }
    }
}
