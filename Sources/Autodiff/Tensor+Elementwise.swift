import Foundation

extension Tensor {
    /// Applies `f` to every element.
    public func map(_ f: (Double) -> Double) -> Tensor {
        withoutActuallyEscaping(f) { map(ClosureUnaryKernel(f: $0)) }
    }

    /// Combines `a` and `b` element by element with NumPy broadcasting.
    public static func zip(_ a: Tensor, _ b: Tensor, _ f: (Double, Double) -> Double) -> Tensor {
        withoutActuallyEscaping(f) { zip(a, b, ClosureBinaryKernel(f: $0)) }
    }

    /// Selects `a` where `condition` is nonzero and `b` elsewhere (all three broadcast together).
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        // Encode the selection as two masked products, which the broadcasting kernel handles.
        let mask = condition.map { $0 != 0 ? 1 : 0 }
        let left = zip(mask, a) { m, x in m != 0 ? x : 0 }
        let right = zip(mask, b) { m, x in m != 0 ? 0 : x }
        return zip(left, right, +)
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { zip(a, b, AddKernel()) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { zip(a, b, SubtractKernel()) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { zip(a, b, MultiplyKernel()) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { zip(a, b, DivideKernel()) }
    public static prefix func - (a: Tensor) -> Tensor { a.map(AffineKernel(scale: -1, offset: 0)) }
    public static func * (a: Tensor, s: Double) -> Tensor { a.map(AffineKernel(scale: s, offset: 0)) }
    public static func * (s: Double, a: Tensor) -> Tensor { a.map(AffineKernel(scale: s, offset: 0)) }
    public static func + (a: Tensor, s: Double) -> Tensor { a.map(AffineKernel(scale: 1, offset: s)) }
    public static func - (a: Tensor, s: Double) -> Tensor { a.map(AffineKernel(scale: 1, offset: -s)) }
    public static func / (a: Tensor, s: Double) -> Tensor { a.map(AffineKernel(scale: 1 / s, offset: 0)) }

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
