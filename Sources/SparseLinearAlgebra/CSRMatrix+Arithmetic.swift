/// Linear combinations of matrices that share a sparsity pattern (e.g. stiffness, mass and boundary
/// matrices assembled on the same function space).
extension CSRMatrix {
    /// `self + factor · other`, entry by entry.
    /// - Throws: `SparseMatrixError.invalidArgument` when the patterns differ.
    public func adding(_ other: CSRMatrix, scaledBy factor: Double = 1) throws -> CSRMatrix {
        guard hasSamePattern(as: other) else {
            throw SparseMatrixError.invalidArgument("adding matrices needs the same sparsity pattern (\(rowCount) × \(columnCount), \(nonzeroCount) entries vs \(other.rowCount) × \(other.columnCount), \(other.nonzeroCount))")
        }
        var sum = values
        for k in sum.indices { sum[k] += factor * other.values[k] }
        return try withValues(sum)
    }

    /// `factor · self`.
    public func scaled(by factor: Double) -> CSRMatrix {
        CSRMatrix(uncheckedRowCount: rowCount, columnCount: columnCount, rowPointers: rowPointers,
                  columnIndices: columnIndices, values: values.map { factor * $0 })
    }
}
