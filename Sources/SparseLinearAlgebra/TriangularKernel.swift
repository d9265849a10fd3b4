/// Forward and backward substitution on CSR rows with sorted column indices (raw pointers).
///
/// Each returns `-1` on success or the row whose diagonal entry is zero or missing.
enum TriangularKernel {
    /// Solves `L x = b` using the entries with `column ≤ row` (entries above the diagonal are skipped).
    /// `x` may alias `b`. With `unitDiagonal` the diagonal is taken as 1 whether stored or not.
    static func forward(n: Int, rowPointers rp: UnsafePointer<Int32>, columnIndices ci: UnsafePointer<Int32>,
                        values v: UnsafePointer<Double>, b: UnsafePointer<Double>, x: UnsafeMutablePointer<Double>,
                        unitDiagonal: Bool) -> Int {
        for i in 0..<n {
            var s = b[i]
            var d = 0.0
            var k = Int(rp[i])
            let end = Int(rp[i + 1])
            while k < end {
                let j = Int(ci[k])
                if j >= i {
                    if j == i { d = v[k] }
                    break
                }
                s -= v[k] * x[j]
                k += 1
            }
            if unitDiagonal {
                x[i] = s
            } else {
                if d == 0 { return i }
                x[i] = s / d
            }
        }
        return -1
    }

    /// Solves `U x = b` using the entries with `column ≥ row` (entries below the diagonal are skipped).
    /// `x` may alias `b`.
    static func backward(n: Int, rowPointers rp: UnsafePointer<Int32>, columnIndices ci: UnsafePointer<Int32>,
                         values v: UnsafePointer<Double>, b: UnsafePointer<Double>, x: UnsafeMutablePointer<Double>,
                         unitDiagonal: Bool) -> Int {
        var i = n - 1
        while i >= 0 {
            var s = b[i]
            var d = 0.0
            let start = Int(rp[i])
            var k = Int(rp[i + 1]) - 1
            while k >= start {
                let j = Int(ci[k])
                if j <= i {
                    if j == i { d = v[k] }
                    break
                }
                s -= v[k] * x[j]
                k -= 1
            }
            if unitDiagonal {
                x[i] = s
            } else {
                if d == 0 { return i }
                x[i] = s / d
            }
            i -= 1
        }
        return -1
    }
}
