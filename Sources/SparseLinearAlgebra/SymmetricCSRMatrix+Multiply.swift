/// Products of `SymmetricCSRMatrix`, split across threads by its fixed blocks of rows.
extension SymmetricCSRMatrix: LinearOperator {
    /// Number of columns (equal to `rowCount`).
    public var columnCount: Int { rowCount }

    /// `y = A x` on `threadCount` threads; bitwise identical for every thread count.
    /// - Precondition: `x.count == rowCount`; `y` is resized to `rowCount` if needed.
    public func apply(_ x: [Double], into y: inout [Double], threadCount: Int) {
        _ = applyAndDot(x, into: &y, threadCount: threadCount)
    }

    /// `y = A x` and `x · y` in one pass (CG's `p · A p`). Partial sums are added in block order.
    public func applyAndDot(_ x: [Double], into y: inout [Double], threadCount: Int) -> Double {
        precondition(x.count == rowCount, "SpMV: x has length \(x.count), the matrix has \(rowCount) columns")
        if y.count != rowCount { y = [Double](repeating: 0, count: rowCount) }
        let blocks = blockCount
        guard blocks > 0 else { return 0 }
        var partials = [Double](repeating: 0, count: blocks)
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { yb in
                withKernel(x: xb.base, y: yb.base) { kernel in
                    partials.withUnsafeMutableBufferPointer { out in
                        let box = UncheckedSendableBox(out)
                        let threads = min(max(threadCount, 1), blocks)
                        WorkerPool.run(threads) { t in
                            for b in (t * blocks / threads)..<((t + 1) * blocks / threads) {
                                box.value[b] = kernel.multiplyAndDot(block: b)
                            }
                        }
                    }
                }
            }
        }
        var total = 0.0
        for p in partials { total += p }
        return total
    }

    /// `y = A x` on `SparseParallelism.defaultThreadCount` threads.
    public func apply(_ x: [Double], into y: inout [Double]) {
        apply(x, into: &y, threadCount: SparseParallelism.defaultThreadCount)
    }

    /// `y = A x` and `x · y` on `SparseParallelism.defaultThreadCount` threads.
    public func applyAndDot(_ x: [Double], into y: inout [Double]) -> Double {
        applyAndDot(x, into: &y, threadCount: SparseParallelism.defaultThreadCount)
    }

    private func withKernel<R>(x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>, _ body: (SymmetricSpMVKernel) -> R) -> R {
        diagonal.withUnsafeBufferPointer { d in
            upperRowPointers.withUnsafeBufferPointer { rp in
                upperColumns.withUnsafeBufferPointer { ci in
                    upperValues.withUnsafeBufferPointer { v in
                        stripRowPointers.withUnsafeBufferPointer { srp in
                            stripColumns.withUnsafeBufferPointer { sc in
                                stripValues.withUnsafeBufferPointer { sv in
                                    body(SymmetricSpMVKernel(
                                        rowCount: rowCount, bandwidth: bandwidth, blockRows: blockRows,
                                        diagonal: d.base, rowPointers: rp.base, columns: ci.base, values: v.base,
                                        stripRowPointers: srp.base, stripColumns: sc.base, stripValues: sv.base,
                                        x: x, y: y))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
