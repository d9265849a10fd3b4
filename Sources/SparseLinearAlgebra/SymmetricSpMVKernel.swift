/// The inner loops of `SymmetricCSRMatrix`'s products on raw pointers (valid only inside the
/// `withUnsafe…` scopes that create it).
///
/// One block of rows `s ..< e`: `y[s ..< s + w]` (w the bandwidth) starts from the block's strip, every
/// other `y[i]` from 0, written `w` rows ahead of the row being processed; row `i` then adds its
/// diagonal and upper products to `y[i]` (complete from here on) and scatters `U[i, j] x[i]` into
/// `y[j]`, `j ≤ i + w`. Only the last `w` rows can reach past the block; they skip those scatters,
/// which the next block's strip supplies. Rows of three upper entries (7-point stencils) take a
/// straight-line path.
struct SymmetricSpMVKernel: @unchecked Sendable {
    let rowCount: Int
    let bandwidth: Int
    let blockRows: Int
    let diagonal: UnsafePointer<Double>
    let rowPointers: UnsafePointer<Int32>
    let columns: UnsafePointer<Int32>
    let values: UnsafePointer<Double>
    let stripRowPointers: UnsafePointer<Int32>
    let stripColumns: UnsafePointer<Int32>
    let stripValues: UnsafePointer<Double>
    let x: UnsafePointer<Double>
    let y: UnsafeMutablePointer<Double>

    /// Computes `y` on block `b`'s rows and returns `Σ x[i] y[i]` over them.
    func multiplyAndDot(block b: Int) -> Double {
        let s = b * blockRows, e = min(rowCount, s + blockRows), w = bandwidth
        let head = min(w, e - s)
        for r in 0..<head {
            var acc = 0.0
            for k in Int(stripRowPointers[b * w + r])..<Int(stripRowPointers[b * w + r + 1]) {
                acc += stripValues[k] * x[Int(stripColumns[k])]
            }
            y[s + r] = acc
        }
        var dot = 0.0
        let interiorEnd = max(s, e - w)
        var start = Int(rowPointers[s])
        for i in s..<interiorEnd {
            let end = Int(rowPointers[i + 1])
            y[i + w] = 0
            let xi = x[i]
            var acc = diagonal[i] * xi
            if end - start == 3 {
                let j0 = Int(columns[start]), j1 = Int(columns[start + 1]), j2 = Int(columns[start + 2])
                let u0 = values[start], u1 = values[start + 1], u2 = values[start + 2]
                acc += (u0 * x[j0] + u1 * x[j1]) + u2 * x[j2]
                y[j0] += u0 * xi
                y[j1] += u1 * xi
                y[j2] += u2 * xi
            } else {
                for k in start..<end {
                    let j = Int(columns[k])
                    acc += values[k] * x[j]
                    y[j] += values[k] * xi
                }
            }
            start = end
            let yi = y[i] + acc
            y[i] = yi
            dot += xi * yi
        }
        for i in interiorEnd..<e {
            let end = Int(rowPointers[i + 1])
            let xi = x[i]
            var acc = diagonal[i] * xi
            for k in start..<end {
                let j = Int(columns[k])
                acc += values[k] * x[j]
                if j < e { y[j] += values[k] * xi }
            }
            start = end
            let yi = y[i] + acc
            y[i] = yi
            dot += xi * yi
        }
        return dot
    }
}
