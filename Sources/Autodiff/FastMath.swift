import Foundation

/// Branch-free elementary functions that the compiler can inline and vectorise, accurate to a few ulp.
public enum FastMath {
    /// `eˣ` by Cody–Waite reduction `x = n ln2 + r`, `|r| ≤ ln2/2`, and a degree-13 Taylor polynomial
    /// (truncation error below 1e-17 relative); no division and no library call.
    @inline(__always)
    public static func exp(_ x: Double) -> Double {
        let clamped = Swift.min(Swift.max(x, -708.0), 709.0)
        // Round to nearest by adding and subtracting 1.5·2⁵².
        let n = (clamped * 1.4426950408889634 + 0x1.8p52) - 0x1.8p52
        let r = (clamped - n * 6.93145751953125e-1) - n * 1.42860682030941723212e-6
        var p = 1.0 / 6227020800.0
        p = p * r + 1.0 / 479001600.0
        p = p * r + 1.0 / 39916800.0
        p = p * r + 1.0 / 3628800.0
        p = p * r + 1.0 / 362880.0
        p = p * r + 1.0 / 40320.0
        p = p * r + 1.0 / 5040.0
        p = p * r + 1.0 / 720.0
        p = p * r + 1.0 / 120.0
        p = p * r + 1.0 / 24.0
        p = p * r + 1.0 / 6.0
        p = p * r + 0.5
        p = p * r + 1.0
        p = p * r + 1.0
        // 2ⁿ without a checked conversion: adding 2⁵² leaves n + 1023 in the low mantissa bits.
        let scale = Double(bitPattern: (n + 1023 + 0x1p52).bitPattern << 52)
        return x.isNaN ? x : (x < -708 ? 0 : (x > 709 ? .infinity : p * scale))
    }

    /// `tanh x` with one division: `x (Q + z P) / Q`, `z = x²` (a Cephes-style rational form) for
    /// `|x| < 0.625`, and `(e − 1) / (e + 1)` with `e = e^{2|x|}` (sign restored) above.
    @inline(__always)
    public static func tanh(_ x: Double) -> Double {
        let a = Swift.abs(x)
        let z = x * x
        let p = (-9.64399179425052238628e-1 * z - 9.92877231001918586564e1) * z - 1.61468768441708447952e3
        let q = ((z + 1.12811678491632931402e2) * z + 2.23548839060100448583e3) * z + 4.84406305325125486048e3
        let e = exp(2 * Swift.min(a, 22))
        let small = a < 0.625
        let numerator = small ? x * (q + z * p) : (x < 0 ? 1 - e : e - 1)
        let denominator = small ? q : e + 1
        return numerator / denominator
    }
}

extension FastMath {
    /// `eˣ` on four lanes at once (the same algorithm as the scalar `exp`).
    @inline(__always)
    public static func exp(_ x: SIMD4<Double>) -> SIMD4<Double> {
        var clamped = x.replacing(with: -708, where: x .< -708)
        clamped.replace(with: 709, where: clamped .> 709)
        clamped.replace(with: 0, where: x .!= x)
        let n = (clamped * 1.4426950408889634 + 0x1.8p52) - 0x1.8p52
        let r = (clamped - n * 6.93145751953125e-1) - n * 1.42860682030941723212e-6
        var p = SIMD4<Double>(repeating: 1.0 / 6227020800.0)
        p = p * r + 1.0 / 479001600.0
        p = p * r + 1.0 / 39916800.0
        p = p * r + 1.0 / 3628800.0
        p = p * r + 1.0 / 362880.0
        p = p * r + 1.0 / 40320.0
        p = p * r + 1.0 / 5040.0
        p = p * r + 1.0 / 720.0
        p = p * r + 1.0 / 120.0
        p = p * r + 1.0 / 24.0
        p = p * r + 1.0 / 6.0
        p = p * r + 0.5
        p = p * r + 1.0
        p = p * r + 1.0
        let bits = unsafeBitCast(n + 1023 + 0x1p52, to: SIMD4<UInt64>.self) &<< 52
        var result = p * unsafeBitCast(bits, to: SIMD4<Double>.self)
        result.replace(with: 0, where: x .< -708)
        result.replace(with: .infinity, where: x .> 709)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// `tanh x` on four lanes at once (the same algorithm as the scalar `tanh`).
    @inline(__always)
    public static func tanh(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let a = x.replacing(with: -x, where: x .< 0)
        let z = x * x
        let p = (-9.64399179425052238628e-1 * z - 9.92877231001918586564e1) * z - 1.61468768441708447952e3
        let q = ((z + 1.12811678491632931402e2) * z + 2.23548839060100448583e3) * z + 4.84406305325125486048e3
        let e = exp(2 * a.replacing(with: 22, where: a .> 22))
        let small = a .< 0.625
        var numerator = (e - 1).replacing(with: 1 - e, where: x .< 0)
        numerator.replace(with: x * (q + z * p), where: small)
        let denominator = (e + 1).replacing(with: q, where: small)
        return numerator / denominator
    }
}
