/// The per-mode coefficients of the ETDRK4 scheme of Cox–Matthews (2002) for a diagonal linear part
/// with symbol values `c = L(k)` and step h, evaluated as Kassam–Trefethen (2005) do: each
/// φ-function is the mean of its formula over M points on a circle of radius 1 around `z = c h`,
/// which is the Cauchy integral and avoids the cancellation of the formulas near z = 0.
///
/// With `z = Lh`:
/// - `E = e^{z}`, `E2 = e^{z/2}`, `Q = h · mean((e^{z/2} − 1)/z)`,
/// - `f1 = h · mean((−4 − z + e^{z}(4 − 3z + z²))/z³)`,
/// - `f2 = h · mean((2 + z + e^{z}(z − 2))/z³)`,
/// - `f3 = h · mean((−4 − 3z − z² + e^{z}(4 − z))/z³)`.
///
/// The full circle is used (the symbols may be complex); the points `e^{2πi(j + 1/2)/M}` never
/// coincide with the real or imaginary axis for M divisible by 4. With M = 64 the coefficients are
/// accurate to about 1e-14 relative for all z.
struct ETDRK4Coefficients: Sendable {
    var e: [Complex]
    var e2: [Complex]
    var q: [Complex]
    var f1: [Complex]
    var f2: [Complex]
    var f3: [Complex]

    init(symbols: [Complex], step h: Double, contourPoints m: Int) {
        let roots = (0..<m).map { j in
            Complex.unit(angle: 2 * Double.pi * (Double(j) + 0.5) / Double(m))
        }
        e = []; e2 = []; q = []; f1 = []; f2 = []; f3 = []
        let four = Complex(4), two = Complex(2), three = 3.0
        for symbol in symbols {
            let z0 = h * symbol
            e.append(Complex.exp(z0))
            e2.append(Complex.exp(0.5 * z0))
            var sq = Complex.zero, s1 = Complex.zero, s2 = Complex.zero, s3 = Complex.zero
            for r in roots {
                let z = z0 + r
                let z2 = z * z, z3 = z2 * z
                let ez = Complex.exp(z), ez2 = Complex.exp(0.5 * z)
                sq += (ez2 - .one) / z
                s1 += (-four - z + ez * (four - three * z + z2)) / z3
                s2 += (two + z + ez * (z - two)) / z3
                s3 += (-four - three * z - z2 + ez * (four - z)) / z3
            }
            let scale = h / Double(m)
            q.append(scale * sq)
            f1.append(scale * s1)
            f2.append(scale * s2)
            f3.append(scale * s3)
        }
    }
}
