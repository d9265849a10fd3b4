import Foundation

/// Gauss–Hermite quadrature: nodes xᵢ and weights wᵢ with ∫ f(x) e^(−x²) dx ≈ Σ wᵢ f(xᵢ), exact
/// for polynomials of degree < 2n.
///
/// The positive roots of the orthonormal Hermite polynomial h̃ₙ (three-term recurrence) are
/// bracketed by sign changes on a grid finer than the smallest root spacing (≈ π/√(2n+1)), refined
/// by bisection and polished by Newton's method; wᵢ = 2 / h̃ₙ′(xᵢ)² with h̃ₙ′ = √(2n) h̃ₙ₋₁.
/// Weights of far nodes underflow to 0 for large n (they are below 1e-308).
public struct GaussHermite: Sendable {
    /// Nodes in increasing order.
    public let nodes: [Double]
    /// Weights (non-negative; they sum to √π).
    public let weights: [Double]

    /// The `n`-point rule.
    public init(count n: Int) {
        precondition(n >= 1, "Gauss–Hermite needs at least one node")
        var positive: [Double] = []
        let h = 0.05 * Double.pi / (2 * Double(n) + 1).squareRoot()
        let end = (2 * Double(n) + 1).squareRoot() + 1
        var a = h / 2, fa = Self.evaluate(n, at: a).value
        while a < end && positive.count < n / 2 {
            let b = a + h, fb = Self.evaluate(n, at: b).value
            if fb == 0 { positive.append(b) } else if fa != 0 && fa.sign != fb.sign { positive.append(Self.refine(n, a, b)) }
            (a, fa) = (b, fb)
        }
        precondition(positive.count == n / 2, "Gauss–Hermite: found \(positive.count) of \(n / 2) positive roots")
        let roots = positive.reversed().map { -$0 } + (n % 2 == 1 ? [0] : []) + positive
        nodes = roots
        weights = roots.map { x in
            let d = Self.evaluate(n, at: x).derivative
            return 2 / (d * d)
        }
    }

    /// h̃ₙ(z) and h̃ₙ′(z).
    static func evaluate(_ n: Int, at z: Double) -> (value: Double, derivative: Double) {
        var p1 = 1 / Foundation.pow(Double.pi, 0.25), p2 = 0.0
        for j in 1...n {
            let p3 = p2
            p2 = p1
            p1 = z * (2 / Double(j)).squareRoot() * p2 - (Double(j - 1) / Double(j)).squareRoot() * p3
        }
        return (p1, (2 * Double(n)).squareRoot() * p2)
    }

    /// The root in [a, b] (a sign change): bisection to a narrow bracket, then Newton steps kept inside it.
    static func refine(_ n: Int, _ a0: Double, _ b0: Double) -> Double {
        var (a, b) = (a0, b0)
        let fa = evaluate(n, at: a).value
        for _ in 0..<30 {
            let m = 0.5 * (a + b), fm = evaluate(n, at: m).value
            if fm == 0 { return m }
            if fm.sign == fa.sign { a = m } else { b = m }
        }
        var z = 0.5 * (a + b)
        for _ in 0..<5 {
            let (v, d) = evaluate(n, at: z)
            let next = z - v / d
            guard next >= a0, next <= b0 else { break }
            if abs(next - z) <= 1e-16 * abs(z) { z = next; break }
            z = next
        }
        return z
    }
}
