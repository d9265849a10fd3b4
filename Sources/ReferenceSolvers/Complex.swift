import Foundation

/// A complex number with `Double` parts: the small set of operations the reference solvers need.
///
/// The solvers keep long vectors of coefficients as separate real and imaginary `[Double]` arrays
/// for speed; `Complex` is the scalar used for symbols, coefficients and the convenience API.
public struct Complex: Sendable, Hashable, CustomStringConvertible {
    /// The real part.
    public var real: Double
    /// The imaginary part.
    public var imaginary: Double

    /// The complex number `real + i·imaginary`.
    public init(_ real: Double, _ imaginary: Double = 0) {
        self.real = real
        self.imaginary = imaginary
    }

    /// The imaginary unit `i`.
    public static let i = Complex(0, 1)
    /// Zero.
    public static let zero = Complex(0, 0)
    /// One.
    public static let one = Complex(1, 0)

    /// `e^{iθ} = cos θ + i sin θ`.
    public static func unit(angle theta: Double) -> Complex {
        Complex(cos(theta), sin(theta))
    }

    /// `e^z`.
    public static func exp(_ z: Complex) -> Complex {
        let r = Foundation.exp(z.real)
        return Complex(r * cos(z.imaginary), r * sin(z.imaginary))
    }

    /// The complex conjugate.
    public var conjugate: Complex { Complex(real, -imaginary) }

    /// The modulus `|z|`, computed without intermediate overflow.
    public var magnitude: Double { hypot(real, imaginary) }

    /// Whether both parts are finite.
    public var isFinite: Bool { real.isFinite && imaginary.isFinite }

    public var description: String {
        imaginary < 0 ? "\(real) - \(-imaginary)i" : "\(real) + \(imaginary)i"
    }

    public static func + (a: Complex, b: Complex) -> Complex { Complex(a.real + b.real, a.imaginary + b.imaginary) }
    public static func - (a: Complex, b: Complex) -> Complex { Complex(a.real - b.real, a.imaginary - b.imaginary) }
    public static prefix func - (a: Complex) -> Complex { Complex(-a.real, -a.imaginary) }
    public static func * (a: Complex, b: Complex) -> Complex {
        Complex(a.real * b.real - a.imaginary * b.imaginary, a.real * b.imaginary + a.imaginary * b.real)
    }
    public static func * (a: Double, b: Complex) -> Complex { Complex(a * b.real, a * b.imaginary) }
    public static func * (a: Complex, b: Double) -> Complex { Complex(a.real * b, a.imaginary * b) }
    public static func / (a: Complex, b: Double) -> Complex { Complex(a.real / b, a.imaginary / b) }
    /// Division by Smith's algorithm (no overflow for large but representable divisors).
    public static func / (a: Complex, b: Complex) -> Complex {
        if abs(b.real) >= abs(b.imaginary) {
            let r = b.imaginary / b.real, d = b.real + b.imaginary * r
            return Complex((a.real + a.imaginary * r) / d, (a.imaginary - a.real * r) / d)
        } else {
            let r = b.real / b.imaginary, d = b.real * r + b.imaginary
            return Complex((a.real * r + a.imaginary) / d, (a.imaginary * r - a.real) / d)
        }
    }
    public static func += (a: inout Complex, b: Complex) { a = a + b }
    public static func -= (a: inout Complex, b: Complex) { a = a - b }
    public static func *= (a: inout Complex, b: Complex) { a = a * b }
}
