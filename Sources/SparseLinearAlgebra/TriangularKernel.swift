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

    /// Solves `L x = b` for a lower-triangular `L` whose every row ends with its diagonal entry,
    /// given the diagonal's reciprocals: a branch-free loop whose dependency chain per row is one
    /// multiply-add and one multiply (no division). `x` may alias `b`.
    ///
    /// The entry next to the diagonal (column `i − 1`, the last one subtracted) takes `x[i − 1]` from
    /// a register: reading it back from memory would put a store-to-load forwarding on the chain
    /// from each row to the next. The order of the subtractions is the storage order either way.
    static func forwardDiagonalLast(n: Int, rowPointers rp: UnsafePointer<Int32>, columnIndices ci: UnsafePointer<Int32>,
                                    values v: UnsafePointer<Double>, inverseDiagonal d: UnsafePointer<Double>,
                                    b: UnsafePointer<Double>, x: UnsafeMutablePointer<Double>) {
        var previous = 0.0
        for i in 0..<n {
            var s = b[i]
            var k = Int(rp[i])
            var end = Int(rp[i + 1]) - 1
            let carried = end > k && Int(ci[end - 1]) == i - 1
            if carried { end -= 1 }
            while k < end {
                s -= v[k] * x[Int(ci[k])]
                k += 1
            }
            if carried { s -= v[end] * previous }
            previous = s * d[i]
            x[i] = previous
        }
    }

    /// Solves `U x = b` for an upper-triangular `U` whose every row starts with its diagonal entry,
    /// given the diagonal's reciprocals (see `forwardDiagonalLast`). `x` may alias `b`. Returns
    /// `Σ wᵢ xᵢ` accumulated from the last row to the first (the sweep's own order), free of charge in
    /// a loop bound by its dependency chain; pass `w = nil` to skip it.
    ///
    /// The entry next to the diagonal (column `i + 1`) takes `x[i + 1]` from a register and is
    /// subtracted last, after the other entries in storage order, so that the chain from one row to
    /// the next is one multiply-add and one multiply.
    @discardableResult
    static func backwardDiagonalFirst(n: Int, rowPointers rp: UnsafePointer<Int32>, columnIndices ci: UnsafePointer<Int32>,
                                      values v: UnsafePointer<Double>, inverseDiagonal d: UnsafePointer<Double>,
                                      b: UnsafePointer<Double>, x: UnsafeMutablePointer<Double>,
                                      dotWith w: UnsafePointer<Double>? = nil) -> Double {
        var i = n - 1
        var dot = 0.0
        var previous = 0.0
        while i >= 0 {
            var s = b[i]
            var k = Int(rp[i]) + 1
            let end = Int(rp[i + 1])
            let carried = k < end && Int(ci[k]) == i + 1
            let carriedValue = carried ? v[k] : 0
            if carried { k += 1 }
            while k < end {
                s -= v[k] * x[Int(ci[k])]
                k += 1
            }
            if carried { s -= carriedValue * previous }
            previous = s * d[i]
            x[i] = previous
            if let w { dot += w[i] * previous }
            i -= 1
        }
        return dot
    }
}
