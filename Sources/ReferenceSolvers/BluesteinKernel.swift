/// Bluestein's chirp-z transform: a DFT of any length n as a circular convolution of length
/// M ≥ 2n − 1 (a power of two) carried out by the radix-2 kernel.
///
/// With the chirp `c_j = e^{−iπ j²/n}` and `jk = (j² + k² − (k − j)²)/2`,
/// `X_k = c_k Σ_j (x_j c_j) c̄_{k−j}`. The transform of the conjugate chirp (wrapped to length M) is
/// precomputed; each call costs two transforms of length M plus O(M). The chirp angles use
/// `j² mod 2n`, so they stay exact for large j and the error is a small multiple of the radix-2
/// kernel's.
struct BluesteinKernel: Sendable {
    let count: Int
    private let convolution: Radix2Kernel
    /// The chirp `c_j`, j < n.
    private let chirpReal: [Double]
    private let chirpImaginary: [Double]
    /// The transform of the wrapped conjugate chirp, divided by M (so the inverse needs no scaling).
    private let filterReal: [Double]
    private let filterImaginary: [Double]

    init(count n: Int) {
        precondition(n >= 1)
        count = n
        var m = 1
        while m < 2 * n - 1 { m *= 2 }
        let kernel = Radix2Kernel(count: m)
        convolution = kernel
        var cr = [Double](repeating: 0, count: n), ci = [Double](repeating: 0, count: n)
        for j in 0..<n {
            // e^{−iπ j²/n} = e^{−2πi (j² mod 2n)/(2n)}.
            let (c, s) = Radix2Kernel.cosineSine(numerator: (j * j) % (2 * n), denominator: 2 * n)
            cr[j] = c
            ci[j] = -s
        }
        chirpReal = cr
        chirpImaginary = ci
        var br = [Double](repeating: 0, count: m), bi = [Double](repeating: 0, count: m)
        br[0] = cr[0]; bi[0] = -ci[0]
        for j in 1..<max(n, 1) {
            br[j] = cr[j]; bi[j] = -ci[j]
            br[m - j] = cr[j]; bi[m - j] = -ci[j]
        }
        br.withUnsafeMutableBufferPointer { r in
            bi.withUnsafeMutableBufferPointer { i in
                kernel.transform(real: r.baseAddress!, imaginary: i.baseAddress!, inverse: false)
            }
        }
        let scale = 1 / Double(m)
        filterReal = br.map { $0 * scale }
        filterImaginary = bi.map { $0 * scale }
    }

    /// Transforms in place with the sign convention of `Radix2Kernel.transform` (unscaled).
    func transform(real: UnsafeMutablePointer<Double>, imaginary: UnsafeMutablePointer<Double>, inverse: Bool) {
        let n = count, m = convolution.count
        // The inverse transform is the conjugate of the forward transform of the conjugate.
        let sign: Double = inverse ? -1 : 1
        var ar = [Double](repeating: 0, count: m), ai = [Double](repeating: 0, count: m)
        ar.withUnsafeMutableBufferPointer { ar in
            ai.withUnsafeMutableBufferPointer { ai in
                let ar = ar.baseAddress!, ai = ai.baseAddress!
                chirpReal.withUnsafeBufferPointer { cr in
                    chirpImaginary.withUnsafeBufferPointer { ci in
                        for j in 0..<n {
                            let xr = real[j], xi = sign * imaginary[j]
                            ar[j] = xr * cr[j] - xi * ci[j]
                            ai[j] = xr * ci[j] + xi * cr[j]
                        }
                        convolution.transform(real: ar, imaginary: ai, inverse: false)
                        filterReal.withUnsafeBufferPointer { fr in
                            filterImaginary.withUnsafeBufferPointer { fi in
                                for j in 0..<m {
                                    let pr = ar[j] * fr[j] - ai[j] * fi[j]
                                    let pi = ar[j] * fi[j] + ai[j] * fr[j]
                                    ar[j] = pr; ai[j] = pi
                                }
                            }
                        }
                        convolution.transform(real: ar, imaginary: ai, inverse: true)
                        for k in 0..<n {
                            real[k] = ar[k] * cr[k] - ai[k] * ci[k]
                            imaginary[k] = sign * (ar[k] * ci[k] + ai[k] * cr[k])
                        }
                    }
                }
            }
        }
    }
}
