/// A complex discrete Fourier transform of one fixed length: a plan that precomputes twiddle
/// factors once and is then applied any number of times (it is an immutable value, safe to share
/// between threads).
///
/// Conventions (those of NumPy and FFTW):
/// - forward: `X_k = Σ_{j<n} x_j e^{−2πi jk/n}` (no scaling);
/// - inverse: `x_j = (1/n) Σ_{k<n} X_k e^{+2πi jk/n}`, so `inverse(forward(x)) = x`.
///
/// Coefficient `k` belongs to the frequency `k` for `k ≤ (n − 1)/2` and `k − n` above (see
/// `wavenumbers(count:length:)`). Lengths that are powers of two use the iterative radix-2
/// algorithm; any other length uses Bluestein's chirp-z algorithm over a power of two ≥ 2n − 1.
/// Both cost O(n log n); the relative error ‖X̃ − X‖/‖X‖ is a small multiple of
/// `ε log₂ n` (about 1e-15 for n = 1024 radix-2 and a few 1e-15 for Bluestein lengths).
public struct FourierTransform: Sendable {
    /// The transform length n.
    public let count: Int
    private let kernel: Kernel

    private enum Kernel: Sendable {
        case radix2(Radix2Kernel)
        case bluestein(BluesteinKernel)
    }

    /// A plan for transforms of length `count` (≥ 1).
    /// - Throws: `ReferenceSolverError.invalidArgument` when `count < 1`.
    public init(count: Int) throws {
        guard count >= 1 else {
            throw ReferenceSolverError.invalidArgument("a Fourier transform needs a length ≥ 1, got \(count)")
        }
        self.count = count
        kernel = count & (count - 1) == 0 ? .radix2(Radix2Kernel(count: count)) : .bluestein(BluesteinKernel(count: count))
    }

    /// Replaces `(real, imaginary)` by its forward transform. Both arrays must have `count` elements.
    public func forward(real: inout [Double], imaginary: inout [Double]) {
        apply(real: &real, imaginary: &imaginary, inverse: false)
    }

    /// Replaces `(real, imaginary)` by its inverse transform (including the factor 1/n).
    public func inverse(real: inout [Double], imaginary: inout [Double]) {
        apply(real: &real, imaginary: &imaginary, inverse: true)
    }

    /// The forward transform of `signal` (which must have `count` elements).
    public func forward(_ signal: [Complex]) -> [Complex] {
        var re = signal.map(\.real), im = signal.map(\.imaginary)
        forward(real: &re, imaginary: &im)
        return (0..<count).map { Complex(re[$0], im[$0]) }
    }

    /// The inverse transform of `spectrum` (which must have `count` elements), including 1/n.
    public func inverse(_ spectrum: [Complex]) -> [Complex] {
        var re = spectrum.map(\.real), im = spectrum.map(\.imaginary)
        inverse(real: &re, imaginary: &im)
        return (0..<count).map { Complex(re[$0], im[$0]) }
    }

    private func apply(real: inout [Double], imaginary: inout [Double], inverse: Bool) {
        precondition(real.count == count && imaginary.count == count,
                     "FourierTransform of length \(count) applied to arrays of lengths \(real.count), \(imaginary.count)")
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                transformUnscaled(real: re.baseAddress!, imaginary: im.baseAddress!, inverse: inverse)
                if inverse {
                    let scale = 1 / Double(count)
                    for j in 0..<count {
                        re[j] *= scale
                        im[j] *= scale
                    }
                }
            }
        }
    }

    /// The kernel: `Σ_j x_j e^{∓2πi jk/n}` in place (`−` forward, `+` inverse), without the 1/n.
    func transformUnscaled(real: UnsafeMutablePointer<Double>, imaginary: UnsafeMutablePointer<Double>, inverse: Bool) {
        switch kernel {
        case .radix2(let k): k.transform(real: real, imaginary: imaginary, inverse: inverse)
        case .bluestein(let k): k.transform(real: real, imaginary: imaginary, inverse: inverse)
        }
    }
}
