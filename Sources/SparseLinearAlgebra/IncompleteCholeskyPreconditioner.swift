/// Incomplete Cholesky with zero fill, IC(0): `M = L Lᵀ` with `L` restricted to the sparsity pattern
/// of the lower triangle of `A`.
///
/// Only the lower triangle of `A` (entries with `column ≤ row`) is read, so `A` may be given in
/// full (assumed symmetric) or as its lower triangle. Set-up is row by row: for each stored
/// `(i, j)`, `j < i`, `L[i, j] = (A[i, j] − Σ_{m < j} L[i, m] L[j, m]) / L[j, j]` over the columns
/// both rows store, and `L[i, i] = √(A[i, i] − Σ_{m < i} L[i, m]²)`; cost O(Σ row length²).
/// Applying `M⁻¹` is a forward solve with `L` and a backward solve with `Lᵀ` (their off-diagonal
/// entries stored apart as two CSR arrays, so both sweeps read rows contiguously): O(nnz). Each
/// sweep is sequential by nature; `TriangularSweep` runs it on `threadCount` threads as a pipeline
/// over blocks of rows, with results bitwise identical for any thread count.
///
/// IC(0) exists for M-matrices (such as the Laplacians of `laplacian2D(n:)` / `laplacian3D(n:)`)
/// but may break down on other SPD matrices; set-up then throws instead of producing a bad factor.
public struct IncompleteCholeskyPreconditioner: Preconditioner, Sendable {
    /// The incomplete factor `L` (lower triangular, positive diagonal stored last in each row).
    public let factor: CSRMatrix
    /// Threads of the two sweeps (results do not depend on it).
    public var threadCount: Int
    private let lowerSweep: TriangularSweep
    private let upperSweep: TriangularSweep

    /// Computes the IC(0) factor.
    /// - Throws: `PreconditionerError.notSquare`, `.nonPositivePivot(row:value:)` when a pivot is
    ///   `≤ 0` or not finite (a missing diagonal entry gives pivot 0).
    public init(_ matrix: CSRMatrix, threadCount: Int = SparseParallelism.defaultThreadCount) throws {
        guard matrix.rowCount == matrix.columnCount else {
            throw PreconditionerError.notSquare(rows: matrix.rowCount, columns: matrix.columnCount)
        }
        let n = matrix.rowCount
        let lower = matrix.lowerTriangle()
        var l = lower.values
        let rp = lower.rowPointers, ci = lower.columnIndices
        for i in 0..<n {
            let start = Int(rp[i]), end = Int(rp[i + 1])
            let hasDiagonal = end > start && Int(ci[end - 1]) == i
            let offEnd = hasDiagonal ? end - 1 : end
            var k = start
            while k < offEnd {
                let j = Int(ci[k])
                // Σ_{m < j} L[i, m] L[j, m] by merging row i (before k) with row j (before its diagonal).
                var s = l[k]
                var a = start
                var b = Int(rp[j])
                let bEnd = Int(rp[j + 1]) - 1   // row j's diagonal, present: row j < i already passed
                while a < k && b < bEnd {
                    let ca = ci[a], cb = ci[b]
                    if ca == cb {
                        s -= l[a] * l[b]
                        a += 1
                        b += 1
                    } else if ca < cb {
                        a += 1
                    } else {
                        b += 1
                    }
                }
                l[k] = s / l[bEnd]
                k += 1
            }
            var pivot = hasDiagonal ? l[end - 1] : 0
            for m in start..<offEnd { pivot -= l[m] * l[m] }
            guard pivot > 0, pivot.isFinite else {
                throw PreconditionerError.nonPositivePivot(row: i, value: pivot)
            }
            l[end - 1] = pivot.squareRoot()
        }
        factor = CSRMatrix(uncheckedRowCount: n, columnCount: n, rowPointers: rp, columnIndices: ci, values: l)
        self.threadCount = threadCount
        let inverseDiagonal = (0..<n).map { 1 / l[Int(rp[$0 + 1]) - 1] }
        // Every row of L ends with its diagonal, every row of Lᵀ starts with it: drop it from both.
        let strictlyLower = factor.lowerTriangle(offset: -1)
        lowerSweep = TriangularSweep(direction: .forward, rowPointers: strictlyLower.rowPointers,
                                     columnIndices: strictlyLower.columnIndices, values: strictlyLower.values,
                                     inverseDiagonal: inverseDiagonal)
        let upper = strictlyLower.transposed()
        upperSweep = TriangularSweep(direction: .backward, rowPointers: upper.rowPointers, columnIndices: upper.columnIndices,
                                     values: upper.values, inverseDiagonal: inverseDiagonal)
    }

    public var dimension: Int? { factor.rowCount }

    public func apply(_ r: [Double], into z: inout [Double]) {
        _ = sweep(r, into: &z, dot: false)
    }

    /// `z = M⁻¹ r` and `r · z`, the dot product accumulated inside the backward sweep.
    public func applyAndDot(_ r: [Double], into z: inout [Double]) -> Double {
        sweep(r, into: &z, dot: true)
    }

    private func sweep(_ r: [Double], into z: inout [Double], dot: Bool) -> Double {
        let n = factor.rowCount
        precondition(r.count == n, "preconditioner of size \(n) applied to a vector of length \(r.count)")
        if z.count != n { z = [Double](repeating: 0, count: n) }
        return r.withUnsafeBufferPointer { rb in
            z.withUnsafeMutableBufferPointer { zb in
                lowerSweep.solve(rb.base, into: zb.base, dotWith: nil, threadCount: threadCount)
                return upperSweep.solve(UnsafePointer(zb.base), into: zb.base, dotWith: dot ? rb.base : nil, threadCount: threadCount)
            }
        }
    }
}
