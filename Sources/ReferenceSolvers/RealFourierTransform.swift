/// The discrete Fourier transform of a real signal of length n, keeping only the non-redundant
/// coefficients `X_0 … X_{n/2}` (n/2 + 1 of them, integer division) — NumPy's `rfft`/`irfft`.
///
/// Conventions are those of `FourierTransform`: forward `X_k = Σ_j x_j e^{−2πi jk/n}` unscaled,
/// inverse with the factor 1/n. For a real signal `X_{n−k} = X̄_k`, so the dropped half follows from
/// the kept one. The inverse treats its input as such a half-spectrum: the imaginary parts of `X_0`
/// and (n even) `X_{n/2}` are ignored, as they must vanish for a real signal.
///
/// An even length costs one complex transform of length n/2 plus O(n) (the signal's even and odd
/// samples are packed as real and imaginary parts); an odd length uses a complex transform of
/// length n. Accuracy is that of `FourierTransform`.
public struct RealFourierTransform: Sendable {
    /// The signal length n.
    public let count: Int
    /// The number of coefficients kept, n/2 + 1 (integer division).
    public var coefficientCount: Int { count / 2 + 1 }

    /// The complex transform: of length n/2 for even n, of length n for odd n.
    private let complex: FourierTransform
    /// `e^{−2πik/n}`, k = 0 … n/2 (even n only).
    private let twiddleReal: [Double]
    private let twiddleImaginary: [Double]

    /// A plan for real signals of length `count` (≥ 1).
    /// - Throws: `ReferenceSolverError.invalidArgument` when `count < 1`.
    public init(count: Int) throws {
        guard count >= 1 else {
            throw ReferenceSolverError.invalidArgument("a Fourier transform needs a length ≥ 1, got \(count)")
        }
        self.count = count
        if count % 2 == 0 {
            complex = try FourierTransform(count: count / 2)
            var wr = [Double](), wi = [Double]()
            for k in 0...(count / 2) {
                let (c, s) = Radix2Kernel.cosineSine(numerator: k, denominator: count)
                wr.append(c)
                wi.append(-s)
            }
            twiddleReal = wr
            twiddleImaginary = wi
        } else {
            complex = try FourierTransform(count: count)
            twiddleReal = []
            twiddleImaginary = []
        }
    }

    /// The coefficients `X_0 … X_{n/2}` of the real `signal` (which must have `count` elements).
    public func forward(_ signal: [Double]) -> (real: [Double], imaginary: [Double]) {
        precondition(signal.count == count, "RealFourierTransform of length \(count) applied to \(signal.count) values")
        var re = [Double](repeating: 0, count: coefficientCount)
        var im = [Double](repeating: 0, count: coefficientCount)
        signal.withUnsafeBufferPointer { x in
            re.withUnsafeMutableBufferPointer { re in
                im.withUnsafeMutableBufferPointer { im in
                    forward(x.baseAddress!, real: re.baseAddress!, imaginary: im.baseAddress!)
                }
            }
        }
        return (re, im)
    }

    /// The real signal whose coefficients are `X_0 … X_{n/2}` (arrays of `coefficientCount`
    /// elements), including the factor 1/n.
    public func inverse(real: [Double], imaginary: [Double]) -> [Double] {
        precondition(real.count == coefficientCount && imaginary.count == coefficientCount,
                     "RealFourierTransform of length \(count) needs \(coefficientCount) coefficients, got \(real.count), \(imaginary.count)")
        var x = [Double](repeating: 0, count: count)
        real.withUnsafeBufferPointer { re in
            imaginary.withUnsafeBufferPointer { im in
                x.withUnsafeMutableBufferPointer { x in
                    inverse(real: re.baseAddress!, imaginary: im.baseAddress!, into: x.baseAddress!)
                }
            }
        }
        return x
    }

    /// The forward transform on raw buffers: `signal` has n values, `real`/`imaginary` receive n/2 + 1.
    func forward(_ signal: UnsafePointer<Double>, real: UnsafeMutablePointer<Double>, imaginary: UnsafeMutablePointer<Double>) {
        let n = count
        if n % 2 == 1 {
            var zr = [Double](repeating: 0, count: n), zi = [Double](repeating: 0, count: n)
            zr.withUnsafeMutableBufferPointer { zr in
                zi.withUnsafeMutableBufferPointer { zi in
                    for j in 0..<n { zr[j] = signal[j] }
                    complex.transformUnscaled(real: zr.baseAddress!, imaginary: zi.baseAddress!, inverse: false)
                    for k in 0..<coefficientCount {
                        real[k] = zr[k]
                        imaginary[k] = zi[k]
                    }
                }
            }
            return
        }
        let m = n / 2
        var zr = [Double](repeating: 0, count: m), zi = [Double](repeating: 0, count: m)
        zr.withUnsafeMutableBufferPointer { zr in
            zi.withUnsafeMutableBufferPointer { zi in
                twiddleReal.withUnsafeBufferPointer { wr in
                    twiddleImaginary.withUnsafeBufferPointer { wi in
                        for j in 0..<m {
                            zr[j] = signal[2 * j]
                            zi[j] = signal[2 * j + 1]
                        }
                        complex.transformUnscaled(real: zr.baseAddress!, imaginary: zi.baseAddress!, inverse: false)
                        // E_k = (Z_k + Z̄_{m−k})/2 and O_k = (Z_k − Z̄_{m−k})/(2i) are the transforms of
                        // the even and odd samples; X_k = E_k + e^{−2πik/n} O_k.
                        for k in 0...m {
                            let a = k % m, b = (m - k) % m
                            let zkr = zr[a], zki = zi[a], zcr = zr[b], zci = -zi[b]
                            let er = 0.5 * (zkr + zcr), ei = 0.5 * (zki + zci)
                            let or = 0.5 * (zki - zci), oi = -0.5 * (zkr - zcr)
                            real[k] = er + wr[k] * or - wi[k] * oi
                            imaginary[k] = ei + wr[k] * oi + wi[k] * or
                        }
                    }
                }
            }
        }
    }

    /// The inverse transform on raw buffers (with 1/n): `real`/`imaginary` hold n/2 + 1 coefficients,
    /// `signal` receives n values.
    func inverse(real: UnsafePointer<Double>, imaginary: UnsafePointer<Double>, into signal: UnsafeMutablePointer<Double>) {
        let n = count
        if n % 2 == 1 {
            var zr = [Double](repeating: 0, count: n), zi = [Double](repeating: 0, count: n)
            zr.withUnsafeMutableBufferPointer { zr in
                zi.withUnsafeMutableBufferPointer { zi in
                    zr[0] = real[0]
                    for k in 1..<coefficientCount {
                        zr[k] = real[k]; zi[k] = imaginary[k]
                        zr[n - k] = real[k]; zi[n - k] = -imaginary[k]
                    }
                    complex.transformUnscaled(real: zr.baseAddress!, imaginary: zi.baseAddress!, inverse: true)
                    let scale = 1 / Double(n)
                    for j in 0..<n { signal[j] = zr[j] * scale }
                }
            }
            return
        }
        let m = n / 2
        var zr = [Double](repeating: 0, count: m), zi = [Double](repeating: 0, count: m)
        zr.withUnsafeMutableBufferPointer { zr in
            zi.withUnsafeMutableBufferPointer { zi in
                twiddleReal.withUnsafeBufferPointer { wr in
                    twiddleImaginary.withUnsafeBufferPointer { wi in
                        // E_k = (X_k + X̄_{m−k})/2, O_k = (X_k − X̄_{m−k}) e^{+2πik/n}/2, Z_k = E_k + i O_k.
                        for k in 0..<m {
                            let xkr = real[k], xki = k == 0 ? 0 : imaginary[k]
                            let xcr = real[m - k], xci = (k == 0) ? 0 : -imaginary[m - k]
                            let er = 0.5 * (xkr + xcr), ei = 0.5 * (xki + xci)
                            let dr = 0.5 * (xkr - xcr), di = 0.5 * (xki - xci)
                            // multiply by conj(w_k)
                            let or = dr * wr[k] + di * wi[k]
                            let oi = di * wr[k] - dr * wi[k]
                            zr[k] = er - oi
                            zi[k] = ei + or
                        }
                        complex.transformUnscaled(real: zr.baseAddress!, imaginary: zi.baseAddress!, inverse: true)
                        let scale = 1 / Double(m)
                        for j in 0..<m {
                            signal[2 * j] = zr[j] * scale
                            signal[2 * j + 1] = zi[j] * scale
                        }
                    }
                }
            }
        }
    }
}
