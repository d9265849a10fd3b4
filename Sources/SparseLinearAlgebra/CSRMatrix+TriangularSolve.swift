/// Sparse triangular solves (forward and backward substitution).
extension CSRMatrix {
    /// Solves `L x = b` where `L` is the lower triangle of this square matrix (entries above the
    /// diagonal are ignored).
    ///
    /// Sequential, O(nnz of the lower triangle). With `unitDiagonal`, the diagonal is taken as 1 and
    /// any stored diagonal entries are ignored.
    /// - Throws: `SparseMatrixError.notSquare`, `.dimensionMismatch` for a wrong `b`, or
    ///   `.zeroDiagonal(row:)` for a zero or missing diagonal entry.
    public func solveLowerTriangular(_ b: [Double], unitDiagonal: Bool = false) throws -> [Double] {
        try triangularSolve(b, lower: true, unitDiagonal: unitDiagonal)
    }

    /// Solves `U x = b` where `U` is the upper triangle of this square matrix (entries below the
    /// diagonal are ignored).
    ///
    /// Sequential, O(nnz of the upper triangle). With `unitDiagonal`, the diagonal is taken as 1.
    /// - Throws: as `solveLowerTriangular(_:unitDiagonal:)`.
    public func solveUpperTriangular(_ b: [Double], unitDiagonal: Bool = false) throws -> [Double] {
        try triangularSolve(b, lower: false, unitDiagonal: unitDiagonal)
    }

    private func triangularSolve(_ b: [Double], lower: Bool, unitDiagonal: Bool) throws -> [Double] {
        guard rowCount == columnCount else { throw SparseMatrixError.notSquare(rows: rowCount, columns: columnCount) }
        guard b.count == rowCount else {
            throw SparseMatrixError.dimensionMismatch(expected: rowCount, found: b.count, what: "the right-hand side")
        }
        var x = b
        let failed = withStorage { rp, ci, v in
            x.withUnsafeMutableBufferPointer { xb in
                lower
                    ? TriangularKernel.forward(n: rowCount, rowPointers: rp, columnIndices: ci, values: v,
                                               b: UnsafePointer(xb.base), x: xb.base, unitDiagonal: unitDiagonal)
                    : TriangularKernel.backward(n: rowCount, rowPointers: rp, columnIndices: ci, values: v,
                                                b: UnsafePointer(xb.base), x: xb.base, unitDiagonal: unitDiagonal)
            }
        }
        if failed >= 0 { throw SparseMatrixError.zeroDiagonal(row: failed) }
        return x
    }
}
