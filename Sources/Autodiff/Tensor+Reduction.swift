extension Tensor {
    /// The sum of all elements, accumulated in fixed chunks so the result is reproducible.
    public func sum() -> Double {
        let n = count, grain = 1 << 14
        let chunks = max(1, (n + grain - 1) / grain)
        var partial = [Double](repeating: 0, count: chunks)
        scalars.withUnsafeBufferPointer { src in
            partial.withUnsafeMutableBufferPointer { out in
                let s = UncheckedSendable(src.baseAddress), o = UncheckedSendable(out.baseAddress)
                parallelChunks(count: n, grain: grain) { range in
                    var acc = 0.0
                    for i in range { acc += s.value![i] }
                    o.value![range.lowerBound / grain] = acc
                }
            }
        }
        return partial.reduce(0, +)
    }

    /// Sums over `axes`, keeping them as dimensions of extent 1.
    ///
    /// Reduction over a contiguous block of axes (leading, trailing or in the middle) runs as one
    /// strided kernel: the tensor is viewed as `[outer, reduced, inner]`.
    public func sum(alongAxes axes: [Int]) -> Tensor {
        let axes = Set(axes.map { $0 < 0 ? $0 + rank : $0 })
        precondition(axes.allSatisfy { $0 >= 0 && $0 < rank }, "Axes \(axes) out of range for rank \(rank)")
        var outShape = shape
        for a in axes { outShape[a] = 1 }
        if axes.isEmpty { return self }
        if axes.count == rank { return Tensor(shape: outShape, scalars: [sum()]) }
        let sorted = axes.sorted()
        if sorted.last! - sorted.first! + 1 == sorted.count {
            let outer = shape[..<sorted.first!].reduce(1, *)
            let reduced = shape[sorted.first!...sorted.last!].reduce(1, *)
            let inner = shape[(sorted.last! + 1)...].reduce(1, *)
            return sumMiddle(outer: outer, reduced: reduced, inner: inner, outShape: outShape)
        }
        // Non-contiguous axes: reduce one axis at a time, outermost last.
        var result = self
        for a in sorted.reversed() { result = result.sum(alongAxes: [a]) }
        return result
    }

    private func sumMiddle(outer: Int, reduced: Int, inner: Int, outShape: [Int]) -> Tensor {
        scalars.withUnsafeBufferPointer { src in
            Tensor(shape: outShape) { dst in
                let s = src.baseAddress!, d = dst.baseAddress!
                if inner == 1 {
                    let S = UncheckedSendable(s), D = UncheckedSendable(d)
                    parallelChunks(count: outer, grain: max(1, (1 << 15) / max(reduced, 1))) { range in
                        for o in range {
                            var acc = 0.0
                            let row = S.value + o * reduced
                            for r in 0..<reduced { acc += row[r] }
                            D.value[o] = acc
                        }
                    }
                    return
                }
                // Accumulate rows of length `inner`; chunks over the reduced axis give reproducible partials.
                for o in 0..<outer {
                    let out = d + o * inner
                    out.initialize(repeating: 0, count: inner)
                    let base = s + o * reduced * inner
                    let grain = max(1, (1 << 15) / inner)
                    let chunks = (reduced + grain - 1) / grain
                    if chunks <= 1 {
                        for r in 0..<reduced {
                            let row = base + r * inner
                            for j in 0..<inner { out[j] += row[j] }
                        }
                    } else {
                        var partial = [Double](repeating: 0, count: chunks * inner)
                        partial.withUnsafeMutableBufferPointer { p in
                            let P = UncheckedSendable(p.baseAddress!), B = UncheckedSendable(base)
                            parallelChunks(count: reduced, grain: grain) { range in
                                let acc = P.value + (range.lowerBound / grain) * inner
                                for r in range {
                                    let row = B.value + r * inner
                                    for j in 0..<inner { acc[j] += row[j] }
                                }
                            }
                            for c in 0..<chunks {
                                for j in 0..<inner { out[j] += p[c * inner + j] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The largest absolute element (0 for an empty tensor).
    public func maxAbs() -> Double { scalars.reduce(0) { Swift.max($0, Swift.abs($1)) } }

    /// The Euclidean norm of all elements.
    public func norm() -> Double { (self * self).sum().squareRoot() }

    /// The Frobenius inner product with `other`.
    public func dot(_ other: Tensor) -> Double { (self * other).sum() }
}
