/// Small dense-vector kernels for the learned solvers (sequential, in a fixed order, so results are
/// reproducible).
enum VectorOps {
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                let n = pa.count, m = n & ~3
                var i = 0
                while i < m {
                    s0 += pa[i] * pb[i]; s1 += pa[i + 1] * pb[i + 1]
                    s2 += pa[i + 2] * pb[i + 2]; s3 += pa[i + 3] * pb[i + 3]
                    i += 4
                }
                while i < n { s0 += pa[i] * pb[i]; i += 1 }
                return (s0 + s1) + (s2 + s3)
            }
        }
    }

    static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

    /// `y ← y + alpha · x`.
    static func addScaled(_ y: inout [Double], _ alpha: Double, _ x: [Double]) {
        y.withUnsafeMutableBufferPointer { py in
            x.withUnsafeBufferPointer { px in
                for i in 0..<py.count { py[i] += alpha * px[i] }
            }
        }
    }

    /// `alpha · x`.
    static func scaled(_ x: [Double], _ alpha: Double) -> [Double] { x.map { alpha * $0 } }
}
