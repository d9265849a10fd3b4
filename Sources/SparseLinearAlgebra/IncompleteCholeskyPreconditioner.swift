/// Incomplete Cholesky with zero fill, IC(0): `M = L Lᵀ` with `L` restricted to the sparsity pattern
/// of the lower triangle of `A`.
///
/// Only the lower triangle of `A` (entries with `column ≤ row`) is read, so `A` may be given in
/// full (assumed symmetric) or as its lower triangle. Set-up is row by row: for each stored
/// `(i, j)`, `j < i`, `L[i, j] = (A[i, j] − Σ_{m < j} L[i, m] L[j, m]) / L[j, j]` over the columns
/// both rows store, and `L[i, i] = √(A[i, i] − Σ_{m < i} L[i, m]²)`; cost O(Σ row length²).
/// Applying `M⁻¹` is a forward solve with `L` and a backward solve with `Lᵀ` (stored separately
/// as a CSR matrix, so both sweeps read rows contiguously): O(nnz), sequential.
///
/// IC(0) exists for M-matrices (such as the Laplacians of `laplacian2D(n:)` / `laplacian3D(n:)`)
/// but may break down on other SPD matrices; set-up then throws instead of producing a bad factor.
public struct IncompleteCholeskyPreconditioner: Preconditioner, Sendable {
    /// The incomplete factor `L` (lower triangular, positive diagonal stored last in each row).
    public let factor: CSRMatrix
    private let factorTransposed: CSRMatrix
    private let inverseDiagonal: [Double]

    /// Computes the IC(0) factor.
    /// - Throws: `PreconditionerError.notSquare`, `.nonPositivePivot(row:value:)` when a pivot is
    ///   `≤ 0` or not finite (a missing diagonal entry gives pivot 0).
    public init(_ matrix: CSRMatrix) throws {
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
        factorTransposed = factor.transposed()
        inverseDiagonal = (0..<n).map { 1 / l[Int(rp[$0 + 1]) - 1] }
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
                inverseDiagonal.withUnsafeBufferPointer { db in
                    // Every row of L ends with its diagonal, every row of Lᵀ starts with it.
                    factor.withStorage { rp, ci, v in
                        TriangularKernel.forwardDiagonalLast(n: n, rowPointers: rp, columnIndices: ci, values: v,
                                                             inverseDiagonal: db.base, b: rb.base, x: zb.base)
                    }
                    return factorTransposed.withStorage { rp, ci, v in
                        TriangularKernel.backwardDiagonalFirst(n: n, rowPointers: rp, columnIndices: ci, values: v,
                                                               inverseDiagonal: db.base, b: UnsafePointer(zb.base),
                                                               x: zb.base, dotWith: dot ? rb.base : nil)
                    }
                }
            }
        }
    }
}
