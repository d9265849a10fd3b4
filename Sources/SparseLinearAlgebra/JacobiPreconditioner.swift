/// Jacobi (diagonal) preconditioning: `M = diag(A)`, `zᵢ = rᵢ / aᵢᵢ`.
///
/// Set-up O(nnz) (one binary search per row), apply O(n). Symmetric positive definite when every
/// `aᵢᵢ > 0`, which holds for any SPD `A`.
public struct JacobiPreconditioner: Preconditioner, Sendable {
    /// `1 / aᵢᵢ`.
    public let inverseDiagonal: [Double]

    /// Takes the diagonal of a square matrix.
    /// - Throws: `PreconditionerError.notSquare`, or `.zeroDiagonal(row:)` for a zero, missing or
    ///   non-finite diagonal entry.
    public init(_ matrix: CSRMatrix) throws {
        guard matrix.rowCount == matrix.columnCount else {
            throw PreconditionerError.notSquare(rows: matrix.rowCount, columns: matrix.columnCount)
        }
        let d = matrix.diagonal()
        for (i, v) in d.enumerated() where v == 0 || !v.isFinite {
            throw PreconditionerError.zeroDiagonal(row: i)
        }
        inverseDiagonal = d.map { 1 / $0 }
    }

    public var dimension: Int? { inverseDiagonal.count }

    public func apply(_ r: [Double], into z: inout [Double]) {
        _ = applyAndDot(r, into: &z)
    }

    /// `z = D⁻¹ r` and `r · z` in one pass.
    public func applyAndDot(_ r: [Double], into z: inout [Double]) -> Double {
        let n = inverseDiagonal.count
        precondition(r.count == n, "preconditioner of size \(n) applied to a vector of length \(r.count)")
        if z.count != n { z = [Double](repeating: 0, count: n) }
        return r.withUnsafeBufferPointer { rb in
            z.withUnsafeMutableBufferPointer { zb in
                inverseDiagonal.withUnsafeBufferPointer { db in
                    let (pr, pz, pd) = (UncheckedSendableBox(rb.base), UncheckedSendableBox(zb.base), UncheckedSendableBox(db.base))
                    return SparseParallelism.sum(count: n, threadCount: SparseParallelism.defaultThreadCount) { range in
                        var s = 0.0
                        for i in range {
                            let v = pr.value[i] * pd.value[i]
                            pz.value[i] = v
                            s += pr.value[i] * v
                        }
                        return s
                    }
                }
            }
        }
    }
}
