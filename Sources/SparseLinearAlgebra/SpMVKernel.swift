/// The SpMV inner loops on raw pointers (valid only inside the `withUnsafe…` scopes that create it).
///
/// Each row is summed in storage order (so results do not depend on how rows are split between
/// threads). On few cores SpMV is bound by instructions as much as by memory bandwidth, so the row
/// loop carries each row's end over to the next row, rows of exactly seven entries (7-point stencils,
/// P1 triangles on structured meshes) take a straight-line path, and other rows an entry loop
/// unrolled by four. Measured on the 128³ Laplacian, two threads: 0.63–0.67 of the triad bandwidth
/// with a plain entry loop, 0.71–0.73 with this one.
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
            s += values[k] * x[Int(columnIndices[k])]
            s += values[k + 1] * x[Int(columnIndices[k + 1])]
            s += values[k + 2] * x[Int(columnIndices[k + 2])]
            s += values[k + 3] * x[Int(columnIndices[k + 3])]
            s += values[k + 4] * x[Int(columnIndices[k + 4])]
            s += values[k + 5] * x[Int(columnIndices[k + 5])]
            s += values[k + 6] * x[Int(columnIndices[k + 6])]
            return s
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
