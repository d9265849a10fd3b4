import Foundation

/// Branch-free elementary functions that the compiler can inline and vectorise, accurate to a few ulp.
///
/// The four-lane versions are the implementation; the scalar ones evaluate one lane.
public enum FastMath {
    /// `eˣ` (see the four-lane version).
    @inline(__always)
    public static func exp(_ x: Double) -> Double { exp(SIMD4(repeating: x))[0] }

    /// `tanh x` (see the four-lane version).
    @inline(__always)
    public static func tanh(_ x: Double) -> Double { tanh(SIMD4(repeating: x))[0] }

    /// `tanh x` on eight lanes as `m / (m + 2)` with `m = eʸ − 1`, `y = 2|x|` (clamped at 44, where
    /// tanh is 1 to double precision), and the sign of `x` copied bit by bit; NaN stays NaN.
    ///
    /// Unlike the four-lane version this one selects no lanes: the compiler turns the lane selections
    /// of four-lane vectors into blends, but those of eight-lane vectors into slow mask conversions.
    /// `eʸ − 1 = 2ⁿ (eʳ − 1) + (2ⁿ − 1)` with `y = n ln2 + r`, `|r| ≤ ln2/2`, keeps full relative
    /// accuracy near zero (no cancellation in `eʸ − 1`).
    @inline(__always)
    public static func tanh(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let signBit = SIMD8<UInt64>(repeating: 1 << 63)
        let bits = unsafeBitCast(x, to: SIMD8<UInt64>.self)
        let magnitude = unsafeBitCast(bits & ~signBit, to: SIMD8<Double>.self)
        let y = 2 * magnitude.replacing(with: 22, where: magnitude .> 22)   // NaN stays NaN
        let n = (y * 1.4426950408889634 + 0x1.8p52) - 0x1.8p52
        let r = (y - n * 6.93145751953125e-1) - n * 1.42860682030941723212e-6
        // eʳ − 1 = r Σ rᵏ/(k + 1)!, k = 0…12, by Estrin's scheme (truncation below 1e-17 relative).
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let q0 = 1 + r * (1.0 / 2)
        let q1 = 1.0 / 6 + r * (1.0 / 24)
        let q2 = 1.0 / 120 + r * (1.0 / 720)
        let q3 = 1.0 / 5040 + r * (1.0 / 40320)
        let q4 = 1.0 / 362880 + r * (1.0 / 3628800)
        let q5 = 1.0 / 39916800 + r * (1.0 / 479001600)
        let s0 = q0 + r2 * q1, s1 = q2 + r2 * q3, s2 = q4 + r2 * q5
        let t0 = s0 + r4 * s1, t1 = s2 + r4 * (1.0 / 6227020800)
        let expm1r = r * (t0 + r8 * t1)
        let power = unsafeBitCast(unsafeBitCast(n + 1023 + 0x1p52, to: SIMD8<UInt64>.self) &<< 52, to: SIMD8<Double>.self)
        let m = power * expm1r + (power - 1)
        let t = m / (m + 2)
        return unsafeBitCast(unsafeBitCast(t, to: SIMD8<UInt64>.self) | (bits & signBit), to: SIMD8<Double>.self)
    }
}

extension FastMath {
    /// `tanh x` on sixteen single-precision lanes, by the formula of the eight-lane double version:
    /// `m / (m + 2)` with `m = eʸ − 1`, `y = 2|x|` clamped at 20 (tanh is 1 to single precision
    /// there), `eʳ − 1` by a degree-7 polynomial (truncation below 1e-9 relative), sign copied back.
    @inline(__always)
    public static func tanh(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let signBit = SIMD16<UInt32>(repeating: 1 << 31)
        let bits = unsafeBitCast(x, to: SIMD16<UInt32>.self)
        let magnitude = unsafeBitCast(bits & ~signBit, to: SIMD16<Float>.self)
        let y = 2 * magnitude.replacing(with: 10, where: magnitude .> 10)   // NaN stays NaN
        let n = (y * 1.44269504 + 0x1.8p23) - 0x1.8p23
        let r = (y - n * 0.693359375) - n * -2.12194440e-4
        let r2 = r * r, r4 = r2 * r2
        let q0: SIMD16<Float> = 1 + r * (1 / 2)
        let q1: SIMD16<Float> = 1 / 6 + r * (1 / 24)
        let q2: SIMD16<Float> = 1 / 120 + r * (1 / 720)
        let q3: SIMD16<Float> = 1 / 5040 + r * (1 / 40320)
        let s0 = q0 + r2 * q1, s1 = q2 + r2 * q3
        let expm1r = r * (s0 + r4 * s1)
        let power = unsafeBitCast(unsafeBitCast(n + 127 + 0x1p23, to: SIMD16<UInt32>.self) &<< 23, to: SIMD16<Float>.self)
        let m = power * expm1r + (power - 1)
        let t = m / (m + 2)
        return unsafeBitCast(unsafeBitCast(t, to: SIMD16<UInt32>.self) | (bits & signBit), to: SIMD16<Float>.self)
    }
}

extension FastMath {
    /// `eˣ` on four lanes by Cody–Waite reduction `x = n ln2 + r`, `|r| ≤ ln2/2`, and a degree-13
    /// Taylor polynomial (truncation error below 1e-17 relative) evaluated by Estrin's scheme; no
    /// division and no library call.
    @inline(__always)
    public static func exp(_ x: SIMD4<Double>) -> SIMD4<Double> {
        var clamped = x.replacing(with: -708, where: x .< -708)
        clamped.replace(with: 709, where: clamped .> 709)
        clamped.replace(with: 0, where: x .!= x)
        let n = (clamped * 1.4426950408889634 + 0x1.8p52) - 0x1.8p52
        let r = (clamped - n * 6.93145751953125e-1) - n * 1.42860682030941723212e-6
        // Σ rᵏ/k!, k = 0…13, by Estrin's scheme: pairs, then powers r², r⁴, r⁸, so the dependency chain
        // is five levels deep instead of fourteen.
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let q0 = 1 + r
        let q1 = 1.0 / 2 + r * (1.0 / 6)
        let q2 = 1.0 / 24 + r * (1.0 / 120)
        let q3 = 1.0 / 720 + r * (1.0 / 5040)
        let q4 = 1.0 / 40320 + r * (1.0 / 362880)
        let q5 = 1.0 / 3628800 + r * (1.0 / 39916800)
        let q6 = 1.0 / 479001600 + r * (1.0 / 6227020800)
        let s0 = q0 + r2 * q1, s1 = q2 + r2 * q3, s2 = q4 + r2 * q5
        let t0 = s0 + r4 * s1, t1 = s2 + r4 * q6
        let p = t0 + r8 * t1
        let bits = unsafeBitCast(n + 1023 + 0x1p52, to: SIMD4<UInt64>.self) &<< 52
        var result = p * unsafeBitCast(bits, to: SIMD4<Double>.self)
        result.replace(with: 0, where: x .< -708)
        result.replace(with: .infinity, where: x .> 709)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// `tanh x` on four lanes with one division: `x (Q + z P) / Q`, `z = x²` (a Cephes-style rational
    /// form) for `|x| < 0.625`, and `(e − 1) / (e + 1)` with `e = e^{2|x|}` (sign restored) above.
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
