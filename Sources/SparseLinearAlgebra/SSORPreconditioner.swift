/// Symmetric successive over-relaxation: `M = (D + ωL) D⁻¹ (D + ωU) / (ω (2 − ω))`, where `A = L + D + U`
/// with `L`, `U` the strictly lower and upper triangles.
///
/// Applying `M⁻¹` is one forward and one backward Gauss–Seidel-like sweep over the matrix,
/// O(nnz) and sequential. For symmetric positive definite `A` and `0 < ω < 2`, `M` is symmetric
/// positive definite (usable with CG); `ω = 1` is symmetric Gauss–Seidel. The set-up stores a
/// copy of the matrix (copy-on-write, so usually shared) and its diagonal.
public struct SSORPreconditioner: Preconditioner, Sendable {
    /// The relaxation factor ω.
    public let omega: Double
    private let matrix: CSRMatrix
    private let inverseDiagonal: [Double]

    /// Sets up SSOR for a square matrix.
    /// - Throws: `PreconditionerError.notSquare`, `.invalidParameter` unless `0 < omega < 2`, or
    ///   `.zeroDiagonal(row:)` for a zero, missing or non-finite diagonal entry.
    public init(_ matrix: CSRMatrix, omega: Double = 1) throws {
        guard matrix.rowCount == matrix.columnCount else {
            throw PreconditionerError.notSquare(rows: matrix.rowCount, columns: matrix.columnCount)
        }
        guard omega > 0, omega < 2 else {
            throw PreconditionerError.invalidParameter("SSOR relaxation factor ω = \(omega) must lie in (0, 2)")
        }
        let d = matrix.diagonal()
        for (i, v) in d.enumerated() where v == 0 || !v.isFinite {
            throw PreconditionerError.zeroDiagonal(row: i)
        }
        self.omega = omega
        self.matrix = matrix
        self.inverseDiagonal = d.map { 1 / $0 }
    }

    public var dimension: Int? { matrix.rowCount }

    public func apply(_ r: [Double], into z: inout [Double]) {
        let n = matrix.rowCount
        precondition(r.count == n, "preconditioner of size \(n) applied to a vector of length \(r.count)")
        if z.count != n { z = [Double](repeating: 0, count: n) }
        let w = omega
        let scale = w * (2 - w)
        matrix.withStorage { rp, ci, v in
            r.withUnsafeBufferPointer { rb in
                z.withUnsafeMutableBufferPointer { zb in
                    inverseDiagonal.withUnsafeBufferPointer { db in
                        let (r, z, d) = (rb.base, zb.base, db.base)   // d holds 1 / aᵢᵢ
                        // (D + ωL) y = ω(2 − ω) r, y stored in z.
                        for i in 0..<n {
                            var s = scale * r[i]
                            var k = Int(rp[i])
                            let end = Int(rp[i + 1])
                            while k < end {
                                let j = Int(ci[k])
                                if j >= i { break }
                                s -= w * v[k] * z[j]
                                k += 1
                            }
                            z[i] = s * d[i]
                        }
                        // (D + ωU) z = D y, in place: row i reads only z[j > i], already final.
                        var i = n - 1
                        while i >= 0 {
                            var s = 0.0
                            let start = Int(rp[i])
                            var k = Int(rp[i + 1]) - 1
                            while k >= start {
                                let j = Int(ci[k])
                                if j <= i { break }
                                s += v[k] * z[j]
                                k -= 1
                            }
                            z[i] -= w * s * d[i]
                            i -= 1
                        }
                    }
                }
            }
        }
    }
}
