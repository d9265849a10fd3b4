import Foundation

/// The iterative radix-2 Cooley–Tukey transform for power-of-two lengths: a bit-reversal
/// permutation, then log₂ n stages of butterflies, in place on split real/imaginary buffers.
///
/// The twiddle factors of every stage are precomputed contiguously (stage with half-length `h`
/// reads `cos(πj/h)`, `sin(πj/h)`, `j < h`, at offset `h − 1`; n − 1 entries in all), each from its
/// own exactly reduced angle, so their error is one rounding. The result is unscaled.
struct Radix2Kernel: Sendable {
    let count: Int
    /// Pairs `(i, j)`, `i < j`, flattened, to swap for the bit-reversal permutation.
    private let swaps: [Int]
    private let cosines: [Double]
    private let sines: [Double]

    init(count: Int) {
        precondition(count >= 1 && count & (count - 1) == 0, "radix-2 length must be a power of two")
        self.count = count
        var bits = 0
        while 1 << bits < count { bits += 1 }
        var swaps: [Int] = []
        for i in 0..<count {
            var j = 0, v = i
            for _ in 0..<bits { j = (j << 1) | (v & 1); v >>= 1 }
            if i < j { swaps.append(i); swaps.append(j) }
        }
        self.swaps = swaps
        var cosines = [Double](repeating: 1, count: max(count - 1, 0))
        var sines = [Double](repeating: 0, count: max(count - 1, 0))
        var half = 1
        while half < count {
            for j in 0..<half {
                // Angle πj/h, folded into [0, π/4] so cos and sin are evaluated where they are
                // best conditioned; exact symmetries give the rest.
                let (c, s) = Radix2Kernel.cosineSine(numerator: j, denominator: 2 * half)
                cosines[half - 1 + j] = c
                sines[half - 1 + j] = s
            }
            half *= 2
        }
        self.cosines = cosines
        self.sines = sines
    }

    /// `(cos 2πp/q, sin 2πp/q)` with the angle reduced by octant symmetry first.
    static func cosineSine(numerator p: Int, denominator q: Int) -> (Double, Double) {
        // 8p/q tells the octant; use the exact integer remainder for the reduced angle.
        let p = ((p % q) + q) % q
        let octant = (8 * p) / q
        // Reduced angle r = 2π(p − octant·q/8)/q computed as 2π(8p − octant·q)/(8q).
        let remainder = 8 * p - octant * q  // in [0, q)
        var angle = 2 * Double.pi * Double(remainder) / Double(8 * q)
        // For odd octants the distance to the next multiple of π/4 is used instead.
        if octant % 2 == 1 { angle = Double.pi / 4 - angle }
        let c = cos(angle), s = sin(angle)
        switch octant {
        case 0: return (c, s)
        case 1: return (s, c)
        case 2: return (-s, c)
        case 3: return (-c, s)
        case 4: return (-c, -s)
        case 5: return (-s, -c)
        case 6: return (s, -c)
        default: return (c, -s)
        }
    }

    /// Transforms in place: `X_k = Σ_j x_j e^{∓2πi jk/n}` with `−` for the forward direction and `+`
    /// for the inverse one (no 1/n factor).
    func transform(real: UnsafeMutablePointer<Double>, imaginary: UnsafeMutablePointer<Double>, inverse: Bool) {
        let n = count
        if n == 1 { return }
        swaps.withUnsafeBufferPointer { swaps in
            var s = 0
            while s < swaps.count {
                let i = swaps[s], j = swaps[s + 1]
                let tr = real[i], ti = imaginary[i]
                real[i] = real[j]; imaginary[i] = imaginary[j]
                real[j] = tr; imaginary[j] = ti
                s += 2
            }
        }
        let sign: Double = inverse ? 1 : -1
        cosines.withUnsafeBufferPointer { cosines in
            sines.withUnsafeBufferPointer { sines in
                // First stage: twiddle 1.
                var a = 0
                while a < n {
                    let br = real[a + 1], bi = imaginary[a + 1]
                    real[a + 1] = real[a] - br; imaginary[a + 1] = imaginary[a] - bi
                    real[a] += br; imaginary[a] += bi
                    a += 2
                }
                var half = 2
                while half < n {
                    let c = cosines.baseAddress! + (half - 1)
                    let sn = sines.baseAddress! + (half - 1)
                    var start = 0
                    while start < n {
                        let top = start, bottom = start + half
                        for j in 0..<half {
                            let wr = c[j], wi = sign * sn[j]
                            let br = real[bottom + j], bi = imaginary[bottom + j]
                            let tr = wr * br - wi * bi
                            let ti = wr * bi + wi * br
                            let ar = real[top + j], ai = imaginary[top + j]
                            real[bottom + j] = ar - tr; imaginary[bottom + j] = ai - ti
                            real[top + j] = ar + tr; imaginary[top + j] = ai + ti
                        }
                        start += 2 * half
                    }
                    half *= 2
                }
            }
        }
    }
}
