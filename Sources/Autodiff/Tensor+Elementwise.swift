import Foundation

extension Tensor {
    /// Applies `f` to every element.
    @inlinable
    public func map(_ f: (Double) -> Double) -> Tensor {
        let n = count
        return scalars.withUnsafeBufferPointer { src in
            Tensor(shape: shape) { dst in
                let s = UncheckedSendable(src.baseAddress), d = UncheckedSendable(dst.baseAddress)
                parallelChunks(count: n) { range in
                    for i in range { d.value![i] = f(s.value![i]) }
                }
            }
        }
    }

    /// Combines `a` and `b` element by element with NumPy broadcasting.
    @inlinable
    public static func zip(_ a: Tensor, _ b: Tensor, _ f: (Double, Double) -> Double) -> Tensor {
        if a.shape == b.shape {
            let n = a.count
            return a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    Tensor(shape: a.shape) { dst in
                        let sa = UncheckedSendable(pa.baseAddress), sb = UncheckedSendable(pb.baseAddress)
                        let d = UncheckedSendable(dst.baseAddress)
                        parallelChunks(count: n) { range in
                            for i in range { d.value![i] = f(sa.value![i], sb.value![i]) }
                        }
                    }
                }
            }
        }
        if b.count == 1 && a.rank >= b.rank {
            let s = b.scalars[0]
            return a.map { f($0, s) }.reshaped(to: Broadcasting.shape(a.shape, b.shape)!)
        }
        if a.count == 1 && b.rank >= a.rank {
            let s = a.scalars[0]
            return b.map { f(s, $0) }.reshaped(to: Broadcasting.shape(a.shape, b.shape)!)
        }
        return broadcastZip(a, b, f)
    }

    /// The general broadcasting kernel: iterates rows of the innermost dimension.
    @inlinable
    static func broadcastZip(_ a: Tensor, _ b: Tensor, _ f: (Double, Double) -> Double) -> Tensor {
        guard let shape = Broadcasting.shape(a.shape, b.shape) else {
            preconditionFailure("Shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        let rank = shape.count
        let inner = rank == 0 ? 1 : shape[rank - 1]
        let total = shape.reduce(1, *)
        let rows = inner == 0 ? 0 : total / inner
        let sa = Broadcasting.strides(of: a.shape, broadcastTo: shape)
        let sb = Broadcasting.strides(of: b.shape, broadcastTo: shape)
        let ia = rank == 0 ? 0 : sa[rank - 1], ib = rank == 0 ? 0 : sb[rank - 1]
        return a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                Tensor(shape: shape) { dst in
                    let A = UncheckedSendable(pa.baseAddress), B = UncheckedSendable(pb.baseAddress)
                    let D = UncheckedSendable(dst.baseAddress)
                    parallelChunks(count: rows, grain: max(1, (1 << 15) / max(inner, 1))) { range in
                        for row in range {
                            // Decompose the row index into outer coordinates.
                            var rem = row, offA = 0, offB = 0
                            var dim = rank - 2
                            while dim >= 0 {
                                let c = rem % shape[dim]
                                rem /= shape[dim]
                                offA += c * sa[dim]
                                offB += c * sb[dim]
                                dim -= 1
                            }
                            let out = D.value! + row * inner
                            let pa = A.value! + offA, pb = B.value! + offB
                            for j in 0..<inner { out[j] = f(pa[j * ia], pb[j * ib]) }
                        }
                    }
                }
            }
        }
    }

    /// Selects `a` where `condition` is nonzero and `b` elsewhere (all three broadcast together).
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        // Encode the selection as two masked products, which the broadcasting kernel handles.
        let mask = condition.map { $0 != 0 ? 1 : 0 }
        let left = zip(mask, a) { m, x in m != 0 ? x : 0 }
        let right = zip(mask, b) { m, x in m != 0 ? 0 : x }
        return zip(left, right, +)
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { zip(a, b, +) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { zip(a, b, -) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { zip(a, b, *) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { zip(a, b, /) }
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }
    public static func * (a: Tensor, s: Double) -> Tensor { a.map { $0 * s } }
    public static func * (s: Double, a: Tensor) -> Tensor { a.map { s * $0 } }
    public static func + (a: Tensor, s: Double) -> Tensor { a.map { $0 + s } }

    /// In-place `self += other` for tensors of the same shape (used to accumulate gradients).
    public mutating func add(_ other: Tensor) {
        precondition(shape == other.shape, "Cannot accumulate \(other.shape) into \(shape)")
        let n = count
        other.scalars.withUnsafeBufferPointer { src in
            scalars.withUnsafeMutableBufferPointer { dst in
                let s = UncheckedSendable(src.baseAddress), d = UncheckedSendable(dst.baseAddress)
                parallelChunks(count: n) { range in
                    for i in range { d.value![i] += s.value![i] }
                }
            }
        }
    }

    /// True when every element is finite.
    public var isFinite: Bool { scalars.allSatisfy { $0.isFinite } }
}
