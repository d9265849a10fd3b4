/// The SpMV inner loops on raw pointers (valid only inside the `withUnsafe…` scopes that create it).
struct SpMVKernel: @unchecked Sendable {
    let rowPointers: UnsafePointer<Int32>
    let columnIndices: UnsafePointer<Int32>
    let values: UnsafePointer<Double>
    let x: UnsafePointer<Double>
    let y: UnsafeMutablePointer<Double>

    @inline(__always)
    func rowDot(_ i: Int) -> Double {
        var k = Int(rowPointers[i])
        let end = Int(rowPointers[i + 1])
        var s = 0.0
        while k < end {
            s += values[k] * x[Int(columnIndices[k])]
            k += 1
        }
        return s
    }

    func multiply(rows: Range<Int>) {
        for i in rows { y[i] = rowDot(i) }
    }

    func multiplyAndDot(rows: Range<Int>) -> Double {
        var d = 0.0
        for i in rows {
            let s = rowDot(i)
            y[i] = s
            d += x[i] * s
        }
        return d
    }
}
