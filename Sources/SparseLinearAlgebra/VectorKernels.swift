/// Dense vector kernels of the Krylov solvers: dot products and fused updates on raw pointers,
/// chunked by `SparseParallelism` so that every result is independent of the thread count.
/// Each kernel works on the common length of its vectors, so a mis-sized vector from a user's
/// operator or preconditioner can give a wrong answer but never touches memory outside the arrays.
enum VectorKernels {
    /// `a · b`.
    static func dot(_ a: [Double], _ b: [Double], threadCount: Int) -> Double {
        a.withUnsafeBufferPointer { ab in
            b.withUnsafeBufferPointer { bb in
                let (pa, pb) = (UncheckedSendableBox(ab.base), UncheckedSendableBox(bb.base))
                return SparseParallelism.sum(count: min(ab.count, bb.count), threadCount: threadCount) { range in
                    var s = 0.0
                    for i in range { s += pa.value[i] * pb.value[i] }
                    return s
                }
            }
        }
    }

    /// `‖a‖₂`.
    static func norm(_ a: [Double], threadCount: Int) -> Double {
        dot(a, a, threadCount: threadCount).squareRoot()
    }

    /// `r ← r − α q`; returns `r · r` of the updated `r`.
    static func subtractScaled(_ r: inout [Double], _ alpha: Double, _ q: [Double], threadCount: Int) -> Double {
        let n = min(r.count, q.count)
        return r.withUnsafeMutableBufferPointer { rb in
            q.withUnsafeBufferPointer { qb in
                let (pr, pq) = (UncheckedSendableBox(rb.base), UncheckedSendableBox(qb.base))
                return SparseParallelism.sum(count: n, threadCount: threadCount) { range in
                    var s = 0.0
                    for i in range {
                        let v = pr.value[i] - alpha * pq.value[i]
                        pr.value[i] = v
                        s += v * v
                    }
                    return s
                }
            }
        }
    }

    /// `x ← x + α p`, then `p ← z + β p`, in one pass.
    static func advance(_ x: inout [Double], _ alpha: Double, _ p: inout [Double], _ z: [Double], _ beta: Double, threadCount: Int) {
        let n = min(x.count, p.count, z.count)
        x.withUnsafeMutableBufferPointer { xb in
            p.withUnsafeMutableBufferPointer { pb in
                z.withUnsafeBufferPointer { zb in
                    let (px, pp, pz) = (UncheckedSendableBox(xb.base), UncheckedSendableBox(pb.base), UncheckedSendableBox(zb.base))
                    SparseParallelism.forEachChunk(count: n, threadCount: threadCount) { _, range in
                        for i in range {
                            let pi = pp.value[i]
                            px.value[i] += alpha * pi
                            pp.value[i] = pz.value[i] + beta * pi
                        }
                    }
                }
            }
        }
    }

    /// `y ← y + α x`.
    static func addScaled(_ y: inout [Double], _ alpha: Double, _ x: [Double], threadCount: Int) {
        let n = min(y.count, x.count)
        y.withUnsafeMutableBufferPointer { yb in
            x.withUnsafeBufferPointer { xb in
                let (py, px) = (UncheckedSendableBox(yb.base), UncheckedSendableBox(xb.base))
                SparseParallelism.forEachChunk(count: n, threadCount: threadCount) { _, range in
                    for i in range { py.value[i] += alpha * px.value[i] }
                }
            }
        }
    }

    /// `‖b − A x‖₂` for the returned solution (one extra operator application).
    static func residualNorm<A: LinearOperator>(_ a: A, _ x: [Double], _ b: [Double], threadCount: Int) -> Double {
        var ax = [Double](repeating: 0, count: b.count)
        a.apply(x, into: &ax)
        return ax.withUnsafeMutableBufferPointer { axb in
            b.withUnsafeBufferPointer { bb in
                let (pa, pb) = (UncheckedSendableBox(axb.base), UncheckedSendableBox(bb.base))
                return SparseParallelism.sum(count: min(axb.count, bb.count), threadCount: threadCount) { range in
                    var s = 0.0
                    for i in range {
                        let d = pb.value[i] - pa.value[i]
                        s += d * d
                    }
                    return s
                }.squareRoot()
            }
        }
    }
}
