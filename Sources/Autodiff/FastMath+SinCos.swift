import Foundation

extension FastMath {
    /// `(sin x, cos x)` on eight lanes, accurate to about an ulp, without lane selections.
    ///
    /// `x = n π/2 + r` with `n` rounded to the nearest integer and `r` reduced by three fused
    /// multiply-adds with π/2 split into three doubles (`|r| ≤ π/4`); sin r and cos r by the minimax
    /// polynomials of fdlibm's kernels; the quadrant `n mod 4` swaps the two and flips signs by bit
    /// operations. Lanes with |x| > 1e6 (or not finite) send the whole vector to Foundation's scalar
    /// functions.
    @inline(__always)
    public static func sincos(_ x: SIMD8<Double>) -> (sin: SIMD8<Double>, cos: SIMD8<Double>) {
        if any(.!(x.magnitudeIsAtMost(1e6))) { return sincosLaneByLane(x) }
        // Adding 1.5 · 2⁵² rounds x · 2/π to an integer n whose low bits are then those of the sum.
        let shifted = x * (2 / Double.pi) + 0x1.8p52
        let n = shifted - 0x1.8p52
        let quadrant = unsafeBitCast(shifted, to: SIMD8<UInt64>.self)
        var r = x.addingProduct(-n, SIMD8(repeating: 1.5707963267948966))
        r = r.addingProduct(-n, SIMD8(repeating: 6.123233995736766e-17))
        r = r.addingProduct(-n, SIMD8(repeating: -1.4973849048591698e-33))
        let z = r * r
        let s = r + (r * z) * sinSeries(z)
        let c = 1 + z * (-0.5 + z * cosSeries(z))
        // Odd quadrants swap sin and cos; quadrants 2, 3 negate the sine, quadrants 1, 2 the cosine.
        let swap = 0 &- (quadrant & 1)
        let sBits = unsafeBitCast(s, to: SIMD8<UInt64>.self), cBits = unsafeBitCast(c, to: SIMD8<UInt64>.self)
        let sine = ((cBits & swap) | (sBits & ~swap)) ^ ((quadrant & 2) &<< 62)
        let cosine = ((sBits & swap) | (cBits & ~swap)) ^ (((quadrant &+ 1) & 2) &<< 62)
        return (unsafeBitCast(sine, to: SIMD8<Double>.self), unsafeBitCast(cosine, to: SIMD8<Double>.self))
    }

    /// `(sin x, cos x)` on sixteen single-precision lanes, through the double-precision version.
    @inline(__always)
    public static func sincos(_ x: SIMD16<Float>) -> (sin: SIMD16<Float>, cos: SIMD16<Float>) {
        let low = sincos(SIMD8<Double>(x.lowHalf)), high = sincos(SIMD8<Double>(x.highHalf))
        return (SIMD16(lowHalf: SIMD8<Float>(low.sin), highHalf: SIMD8<Float>(high.sin)),
                SIMD16(lowHalf: SIMD8<Float>(low.cos), highHalf: SIMD8<Float>(high.cos)))
    }

    /// sin r = r + r³ Σ Sₖ r²ᵏ on |r| ≤ π/4 (fdlibm's `__kernel_sin` coefficients): the sum.
    @inline(__always)
    private static func sinSeries(_ z: SIMD8<Double>) -> SIMD8<Double> {
        var p = z * 1.58969099521155010221e-10 - 2.50507602534068634195e-08
        p = p * z + 2.75573137070700676789e-06
        p = p * z - 1.98412698298579493134e-04
        p = p * z + 8.33333333332248946124e-03
        return p * z - 1.66666666666666324348e-01
    }

    /// cos r = 1 − r²/2 + r⁴ Σ Cₖ r²ᵏ on |r| ≤ π/4 (fdlibm's `__kernel_cos` coefficients): the sum.
    @inline(__always)
    private static func cosSeries(_ z: SIMD8<Double>) -> SIMD8<Double> {
        var p = z * -1.13596475577881948265e-11 + 2.08757232129817482790e-09
        p = p * z - 2.75573143513906633035e-07
        p = p * z + 2.48015872894767294178e-05
        p = p * z - 1.38888888888741095749e-03
        return p * z + 4.16666666666666019037e-02
    }

    private static func sincosLaneByLane(_ x: SIMD8<Double>) -> (sin: SIMD8<Double>, cos: SIMD8<Double>) {
        var s = SIMD8<Double>(), c = SIMD8<Double>()
        for lane in 0..<8 { s[lane] = Foundation.sin(x[lane]); c[lane] = Foundation.cos(x[lane]) }
        return (s, c)
    }
}

private extension SIMD8<Double> {
    /// Lanes with |x| ≤ `bound` (false for NaN).
    @inline(__always)
    func magnitudeIsAtMost(_ bound: Double) -> SIMDMask<SIMD8<Int64>> {
        (self .<= SIMD8(repeating: bound)) .& (self .>= SIMD8(repeating: -bound))
    }
}
