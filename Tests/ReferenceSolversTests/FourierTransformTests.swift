import Foundation
import XCTest
import ReferenceSolvers

/// The FFT against the O(n²) definition, round trips, the real-signal transform against the complex
/// one, and the wavenumber helpers.
final class FourierTransformTests: XCTestCase {
    /// A deterministic pseudo-random sequence in [−1, 1) (a linear congruential generator).
    private func samples(_ n: Int, seed: UInt64) -> [Double] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        return (0..<n).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
    }

    /// `X_k = Σ_j x_j e^{−2πi jk/n}` summed directly, with the angle reduced exactly (jk mod n).
    private func directDFT(_ re: [Double], _ im: [Double]) -> ([Double], [Double]) {
        let n = re.count
        var outRe = [Double](repeating: 0, count: n), outIm = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var sr = 0.0, si = 0.0
            for j in 0..<n {
                let angle = -2 * Double.pi * Double((j * k) % n) / Double(n)
                let c = cos(angle), s = sin(angle)
                sr += re[j] * c - im[j] * s
                si += re[j] * s + im[j] * c
            }
            outRe[k] = sr
            outIm[k] = si
        }
        return (outRe, outIm)
    }

    private func relativeError(_ a: ([Double], [Double]), _ b: ([Double], [Double])) -> Double {
        var diff = 0.0, norm = 0.0
        for i in a.0.indices {
            diff += pow(a.0[i] - b.0[i], 2) + pow(a.1[i] - b.1[i], 2)
            norm += b.0[i] * b.0[i] + b.1[i] * b.1[i]
        }
        return (diff / max(norm, .leastNormalMagnitude)).squareRoot()
    }

    func testForwardMatchesDirectDFT() throws {
        var errors: [String] = []
        for n in [1, 2, 8, 12, 100, 1024, 3, 7, 97] {
            let plan = try FourierTransform(count: n)
            var re = samples(n, seed: UInt64(n)), im = samples(n, seed: UInt64(n) + 1000)
            let expected = directDFT(re, im)
            plan.forward(real: &re, imaginary: &im)
            let error = relativeError((re, im), expected)
            XCTAssertLessThan(error, 1e-12, "n = \(n)")
            errors.append("\(n): \(error)")
        }
        print("FFT relative errors against the direct DFT: \(errors.joined(separator: ", "))")
    }

    func testInverseUndoesForward() throws {
        for n in [1, 2, 8, 12, 100, 1024, 1000] {
            let plan = try FourierTransform(count: n)
            let re0 = samples(n, seed: 7), im0 = samples(n, seed: 8)
            var re = re0, im = im0
            plan.forward(real: &re, imaginary: &im)
            plan.inverse(real: &re, imaginary: &im)
            XCTAssertLessThan(relativeError((re, im), (re0, im0)), 1e-14, "n = \(n)")
        }
    }

    func testInverseConventionIsPositiveExponentOverN() throws {
        // The inverse of a unit impulse at k = 1 is e^{+2πij/n}/n.
        let n = 12
        let plan = try FourierTransform(count: n)
        var spectrum = [Complex](repeating: .zero, count: n)
        spectrum[1] = .one
        let signal = plan.inverse(spectrum)
        for j in 0..<n {
            let angle = 2 * Double.pi * Double(j) / Double(n)
            XCTAssertEqual(signal[j].real, cos(angle) / Double(n), accuracy: 1e-15)
            XCTAssertEqual(signal[j].imaginary, sin(angle) / Double(n), accuracy: 1e-15)
        }
    }

    func testRealTransformMatchesComplexTransform() throws {
        for n in [1, 2, 3, 8, 12, 15, 100, 1024] {
            let x = samples(n, seed: UInt64(3 * n))
            let real = try RealFourierTransform(count: n)
            XCTAssertEqual(real.coefficientCount, n / 2 + 1)
            let (re, im) = real.forward(x)
            var fullRe = x, fullIm = [Double](repeating: 0, count: n)
            try FourierTransform(count: n).forward(real: &fullRe, imaginary: &fullIm)
            let kept = (Array(fullRe[0...(n / 2)]), Array(fullIm[0...(n / 2)]))
            XCTAssertLessThan(relativeError((re, im), kept), 1e-13, "n = \(n)")
            let back = real.inverse(real: re, imaginary: im)
            XCTAssertLessThan(relativeError((back, [Double](repeating: 0, count: n)), (x, [Double](repeating: 0, count: n))), 1e-14, "n = \(n)")
        }
    }

    func testRealInverseIgnoresImaginaryPartsOfZeroAndNyquistModes() throws {
        let n = 8
        let plan = try RealFourierTransform(count: n)
        let x = samples(n, seed: 11)
        var (re, im) = plan.forward(x)
        im[0] = 3
        im[n / 2] = -2
        let back = plan.inverse(real: re, imaginary: im)
        for j in 0..<n { XCTAssertEqual(back[j], x[j], accuracy: 1e-14) }
    }

    func testWavenumbers() {
        let k = FourierTransform.wavenumbers(count: 6, length: 4 * Double.pi)
        XCTAssertEqual(k, [0, 0.5, 1, -1.5, -1, -0.5])
        XCTAssertEqual(FourierTransform.wavenumbers(count: 5, length: 2 * Double.pi), [0, 1, 2, -2, -1])
        XCTAssertEqual(RealFourierTransform.wavenumbers(count: 6, length: 2 * Double.pi), [0, 1, 2, 3])
    }

    func testSpectralDerivativeOfSmoothFunction() throws {
        // d/dx e^{sin x} = cos x e^{sin x}, to spectral accuracy with 32 points.
        let grid = try PeriodicGrid(start: 0, length: 2 * Double.pi, count: 32)
        let plan = try RealFourierTransform(count: grid.count)
        let (re, im) = plan.forward(grid.sample { exp(sin($0)) })
        let k = grid.wavenumbers
        var dRe = [Double](repeating: 0, count: k.count), dIm = dRe
        for j in k.indices.dropLast() {   // the Nyquist mode's odd derivative is zero
            dRe[j] = -k[j] * im[j]
            dIm[j] = k[j] * re[j]
        }
        let derivative = plan.inverse(real: dRe, imaginary: dIm)
        for (j, x) in grid.points.enumerated() {
            XCTAssertEqual(derivative[j], cos(x) * exp(sin(x)), accuracy: 1e-12)
        }
    }

    func testInvalidLengthsThrow() {
        XCTAssertThrowsError(try FourierTransform(count: 0)) { error in
            XCTAssertEqual(error as? ReferenceSolverError,
                           .invalidArgument("a Fourier transform needs a length ≥ 1, got 0"))
        }
        XCTAssertThrowsError(try RealFourierTransform(count: -3))
    }
}
