/// The precision a fused network operation computes in.
///
/// `float32` evaluates the network's jets (forward and backward) in single precision, with twice
/// the lanes per vector instruction and half the memory traffic; its inputs, outputs and parameter
/// gradients stay `Double` tensors, so residuals, losses and optimisers are unchanged. Gradients
/// then agree with `float64` to single-precision accuracy (about 1e-6 relative).
public enum NetworkPrecision: String, Sendable, Hashable, CaseIterable {
    case float64, float32
}

/// The floating-point types the fused network kernels compute in, each with the vector of one
/// 512-bit register (`SIMD8<Double>`, `SIMD16<Float>`).
protocol KernelScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable {
    associatedtype Lanes: SIMD where Lanes.Scalar == Self
    /// `tanh` on every lane, accurate to a few ulp of this type.
    static func tanh(_ x: Lanes) -> Lanes
    /// `(sin x, cos x)` on every lane, accurate to about an ulp of this type.
    static func sincos(_ x: Lanes) -> (Lanes, Lanes)
    /// Stores the first `lanes` (1…`Lanes.scalarCount`) lanes of `v` at `p`.
    static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Self>, lanes: Int)
}

extension KernelScalar {
    /// Lanes per vector.
    @inline(__always)
    static var laneCount: Int { Lanes.scalarCount }

    /// The whole vector at `p` (unaligned).
    @inline(__always)
    static func load(_ p: UnsafePointer<Self>) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
    }
}

extension Double: KernelScalar {
    typealias Lanes = SIMD8<Double>

    @inline(__always)
    static func tanh(_ x: SIMD8<Double>) -> SIMD8<Double> { FastMath.tanh(x) }

    @inline(__always)
    static func sincos(_ x: SIMD8<Double>) -> (SIMD8<Double>, SIMD8<Double>) { FastMath.sincos(x) }

    @inline(__always)
    static func store(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>, lanes: Int) {
        if lanes >= 8 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
        } else if lanes >= 4 {
            UnsafeMutableRawPointer(p).storeBytes(of: v.lowHalf, as: SIMD4<Double>.self)
            for j in 4..<lanes { p[j] = v[j] }
        } else {
            for j in 0..<lanes { p[j] = v[j] }
        }
    }
}

extension Float: KernelScalar {
    typealias Lanes = SIMD16<Float>

    @inline(__always)
    static func tanh(_ x: SIMD16<Float>) -> SIMD16<Float> { FastMath.tanh(x) }

    @inline(__always)
    static func sincos(_ x: SIMD16<Float>) -> (SIMD16<Float>, SIMD16<Float>) { FastMath.sincos(x) }

    @inline(__always)
    static func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>, lanes: Int) {
        if lanes >= 16 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
        } else if lanes >= 8 {
            UnsafeMutableRawPointer(p).storeBytes(of: v.lowHalf, as: SIMD8<Float>.self)
            for j in 8..<lanes { p[j] = v[j] }
        } else {
            for j in 0..<lanes { p[j] = v[j] }
        }
    }
}
