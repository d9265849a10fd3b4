/// Sparse matrix–vector products (SpMV), split across threads by fixed row chunks.
extension CSRMatrix {
    /// `y = A x` on `threadCount` threads.
    ///
    /// Each entry of `y` is the sum over its row in storage order, whatever the thread count, so the
    /// result is bitwise identical for every `threadCount`. O(nnz); memory traffic about
    /// `12 · nnz + 4 · rows` bytes for the matrix plus the vectors.
    /// - Precondition: `x.count == columnCount`; `y` is resized to `rowCount` if needed.
    public func apply(_ x: [Double], into y: inout [Double], threadCount: Int) {
        precondition(x.count == columnCount, "SpMV: x has length \(x.count), the matrix has \(columnCount) columns")
        if y.count != rowCount { y = [Double](repeating: 0, count: rowCount) }
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { yb in
                withStorage { rp, ci, v in
                    let kernel = SpMVKernel(rowPointers: rp, columnIndices: ci, values: v, x: xb.base, y: yb.base)
                    SparseParallelism.forEachChunk(count: rowCount, threadCount: threadCount) { _, rows in
                        kernel.multiply(rows: rows)
                    }
                }
            }
        }
    }

    /// `A x` as a new vector.
    /// - Throws: `SparseMatrixError.dimensionMismatch` when `x.count != columnCount`.
    public func multiplied(by x: [Double], threadCount: Int = SparseParallelism.defaultThreadCount) throws -> [Double] {
        guard x.count == columnCount else {
            throw SparseMatrixError.dimensionMismatch(expected: columnCount, found: x.count, what: "the vector multiplied by the matrix")
        }
        var y = [Double](repeating: 0, count: rowCount)
        apply(x, into: &y, threadCount: threadCount)
        return y
    }

    /// `y = A x` and returns `x · y`, in one pass over the matrix (square matrices; CG's `p · A p`).
    /// Partial sums are added in chunk order, so the result does not depend on `threadCount`.
    func applyAndDot(_ x: [Double], into y: inout [Double], threadCount: Int) -> Double {
        precondition(rowCount == columnCount && x.count == columnCount, "SpMV: dimension mismatch")
        if y.count != rowCount { y = [Double](repeating: 0, count: rowCount) }
        return x.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { yb in
                withStorage { rp, ci, v in
                    let kernel = SpMVKernel(rowPointers: rp, columnIndices: ci, values: v, x: xb.base, y: yb.base)
                    return SparseParallelism.sum(count: rowCount, threadCount: threadCount) { rows in
                        kernel.multiplyAndDot(rows: rows)
                    }
                }
            }
        }
    }
}
