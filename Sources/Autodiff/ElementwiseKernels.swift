import Foundation

/// A scalar function applied element by element; generic code over kernels is specialised by the
/// compiler, so the arithmetic is inlined into the loop (a closure would cost a call per element).
public protocol UnaryKernel: Sendable {
    func callAsFunction(_ x: Double) -> Double
}

/// A scalar function of two arguments applied element by element with broadcasting.
public protocol BinaryKernel: Sendable {
    func callAsFunction(_ a: Double, _ b: Double) -> Double
}

/// Wraps a closure as a kernel (one indirect call per element).
struct ClosureUnaryKernel: UnaryKernel, @unchecked Sendable {
    let f: (Double) -> Double
    @inline(__always) func callAsFunction(_ x: Double) -> Double { f(x) }
}

struct ClosureBinaryKernel: BinaryKernel, @unchecked Sendable {
    let f: (Double, Double) -> Double
    @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { f(a, b) }
}

struct AddKernel: BinaryKernel { @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { a + b } }
struct SubtractKernel: BinaryKernel { @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { a - b } }
struct MultiplyKernel: BinaryKernel { @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { a * b } }
struct DivideKernel: BinaryKernel { @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { a / b } }
struct MaximumKernel: BinaryKernel { @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { Swift.max(a, b) } }
struct FirstWinsKernel: BinaryKernel { @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { a >= b ? 1 : 0 } }
/// `g · (1 − y²)`.
struct TanhBackwardKernel: BinaryKernel { @inline(__always) func callAsFunction(_ g: Double, _ y: Double) -> Double { g * (1 - y * y) } }

struct AffineKernel: UnaryKernel {
    let scale: Double, offset: Double
    @inline(__always) func callAsFunction(_ x: Double) -> Double { scale * x + offset }
}
struct SquareKernel: UnaryKernel { @inline(__always) func callAsFunction(_ x: Double) -> Double { x * x } }
struct ReciprocalKernel: UnaryKernel { @inline(__always) func callAsFunction(_ x: Double) -> Double { 1 / x } }
/// The same `tanh` as the fused jet kernels, so a layer and `Variable.tanh()` agree bitwise.
struct TanhKernel: UnaryKernel { @inline(__always) func callAsFunction(_ x: Double) -> Double { FastMath.tanh(x) } }
struct ExpKernel: UnaryKernel { @inline(__always) func callAsFunction(_ x: Double) -> Double { Foundation.exp(x) } }
struct SinKernel: UnaryKernel { @inline(__always) func callAsFunction(_ x: Double) -> Double { Foundation.sin(x) } }
struct CosKernel: UnaryKernel { @inline(__always) func callAsFunction(_ x: Double) -> Double { Foundation.cos(x) } }

extension Tensor {
    /// Applies a kernel to every element, splitting large tensors across cores.
    @inlinable
    public func map<K: UnaryKernel>(_ kernel: K) -> Tensor {
        let n = count
        return scalars.withUnsafeBufferPointer { src in
            Tensor(shape: shape) { dst in
                let s = UncheckedSendable(src.baseAddress), d = UncheckedSendable(dst.baseAddress)
                parallelChunks(count: n) { range in
                    let sp = s.value!, dp = d.value!
                    for i in range { dp[i] = kernel(sp[i]) }
                }
            }
        }
    }

    /// Combines `a` and `b` element by element with NumPy broadcasting.
    @inlinable
    public static func zip<K: BinaryKernel>(_ a: Tensor, _ b: Tensor, _ kernel: K) -> Tensor {
        if a.shape == b.shape {
            let n = a.count
            return a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    Tensor(shape: a.shape) { dst in
                        let sa = UncheckedSendable(pa.baseAddress), sb = UncheckedSendable(pb.baseAddress)
                        let d = UncheckedSendable(dst.baseAddress)
                        parallelChunks(count: n) { range in
                            let x = sa.value!, y = sb.value!, o = d.value!
                            for i in range { o[i] = kernel(x[i], y[i]) }
                        }
                    }
                }
            }
        }
        return broadcastZip(a, b, kernel)
    }

    /// The general broadcasting kernel: iterates rows of the innermost dimension.
    @inlinable
    static func broadcastZip<K: BinaryKernel>(_ a: Tensor, _ b: Tensor, _ kernel: K) -> Tensor {
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
                            let x = A.value! + offA, y = B.value! + offB
                            switch (ia, ib) {
                            case (1, 1): for j in 0..<inner { out[j] = kernel(x[j], y[j]) }
                            case (1, 0): let s = y[0]; for j in 0..<inner { out[j] = kernel(x[j], s) }
                            case (0, 1): let s = x[0]; for j in 0..<inner { out[j] = kernel(s, y[j]) }
                            default: for j in 0..<inner { out[j] = kernel(x[j * ia], y[j * ib]) }
                            }
                        }
                    }
                }
            }
        }
    }
}
