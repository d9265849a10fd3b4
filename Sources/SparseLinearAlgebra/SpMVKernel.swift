/// The SpMV inner loops on raw pointers (valid only inside the `withUnsafe…` scopes that create it).
///
/// Each row is summed in a fixed order that depends only on its entries (so results do not depend
/// on how rows are split between threads). On few cores SpMV is bound by instructions as much as by
/// memory bandwidth, so the row loop carries each row's end over to the next row, rows of exactly
/// seven entries (7-point stencils, P1 triangles on structured meshes) take a straight-line path
/// summed as a tree ((a₀+a₁)+(a₂+a₃))+((a₄+a₅)+a₆), three dependent additions instead of six, and
/// other rows an entry loop unrolled by four, in storage order. Measured on the 128³ Laplacian, two
/// threads: 0.63–0.67 of the triad bandwidth with a plain entry loop, 0.71–0.73 with the
/// straight-line path; the tree sum made the one-thread SpMV of the 64³ Laplacian 5–20 % faster
/// (three alternating pairs).
struct SpMVKernel: @unchecked Sendable {
    let rowPointers: UnsafePointer<Int32>
    let columnIndices: UnsafePointer<Int32>
    let values: UnsafePointer<Double>
    let x: UnsafePointer<Double>
    let y: UnsafeMutablePointer<Double>

    /// Σ values[k] · x[columnIndices[k]] over `start..<end`, added in storage order.
    @inline(__always)
    func dot(from start: Int, to end: Int) -> Double {
        var k = start
        var s = 0.0
        if end - start == 7 {
            let a0 = values[k] * x[Int(columnIndices[k])]
            let a1 = values[k + 1] * x[Int(columnIndices[k + 1])]
            let a2 = values[k + 2] * x[Int(columnIndices[k + 2])]
            let a3 = values[k + 3] * x[Int(columnIndices[k + 3])]
            let a4 = values[k + 4] * x[Int(columnIndices[k + 4])]
            let a5 = values[k + 5] * x[Int(columnIndices[k + 5])]
            let a6 = values[k + 6] * x[Int(columnIndices[k + 6])]
            return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + a6)
        }
        while k + 4 <= end {
            s += values[k] * x[Int(columnIndices[k])]
            s += values[k + 1] * x[Int(columnIndices[k + 1])]
            s += values[k + 2] * x[Int(columnIndices[k + 2])]
            s += values[k + 3] * x[Int(columnIndices[k + 3])]
            k += 4
        }
        while k < end {
            s += values[k] * x[Int(columnIndices[k])]
            k += 1
        }
        return s
    }

    func multiply(rows: Range<Int>) {
        guard !rows.isEmpty else { return }
        var start = Int(rowPointers[rows.lowerBound])
        for i in rows {
            let end = Int(rowPointers[i + 1])
            y[i] = dot(from: start, to: end)
            start = end
        }
    }

    func multiplyAndDot(rows: Range<Int>) -> Double {
        guard !rows.isEmpty else { return 0 }
        var d = 0.0
        var start = Int(rowPointers[rows.lowerBound])
        for i in rows {
            let end = Int(rowPointers[i + 1])
            let s = dot(from: start, to: end)
            start = end
            y[i] = s
            d += x[i] * s
        }
        return d
    }
}
