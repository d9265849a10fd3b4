import Foundation

/// Errors of `SparseCholesky`. Each describes the problem in one line.
public enum SparseCholeskyError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The matrix is not square.
    case notSquare(rows: Int, columns: Int)
    /// The matrix stores entries above the diagonal that do not mirror those below it.
    case notSymmetric
    /// Numeric factorisation met a non-positive pivot in this (zero-based) column of the permuted
    /// matrix: the matrix is not positive definite (or is too ill-conditioned to factor).
    case notPositiveDefinite(column: Int)
    /// A matrix given for refactorisation does not have the sparsity pattern that was analysed.
    case patternMismatch
    /// A right-hand side does not match the matrix.
    case dimensionMismatch(expected: Int, found: Int)
    /// `solve` was called before a successful numeric factorisation.
    case notFactored
    /// The factor predicted by the symbolic analysis needs more memory than the system has available.
    case insufficientMemory(requiredBytes: Double, availableBytes: Double)
    /// CHOLMOD itself failed (out of memory, integer overflow, …) with this status code.
    case cholmod(status: Int, operation: String)

    public var description: String {
        switch self {
        case let .notSquare(rows, columns):
            return "Cholesky factorisation needs a square matrix, this one is \(rows) × \(columns)"
        case .notSymmetric:
            return "Cholesky factorisation needs a symmetric matrix (or only its lower triangle), this one is not symmetric"
        case let .notPositiveDefinite(column):
            return "the matrix is not positive definite (CHOLMOD found a non-positive pivot at column \(column) of the permuted matrix)"
        case .patternMismatch:
            return "the matrix does not have the sparsity pattern of the symbolic analysis; analyse it anew"
        case let .dimensionMismatch(expected, found):
            return "right-hand side has length \(found), the matrix has order \(expected)"
        case .notFactored:
            return "no valid numeric factorisation: factor a positive definite matrix before solving"
        case let .insufficientMemory(required, available):
            return String(format: "the Cholesky factor needs about %.1f GB, only %.1f GB of memory is available",
                          required / 1e9, available / 1e9)
        case let .cholmod(status, operation):
            return "CHOLMOD \(operation) failed with status \(status)\(status == -2 ? " (out of memory)" : "")"
        }
    }
}
