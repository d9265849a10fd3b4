import Foundation

/// Gauss–Legendre nodes and weights on `[0, 1]`, exact for polynomials of degree `2n − 1`.
///
/// Nodes are the roots of the Legendre polynomial Pₙ, found by Newton's method from the
/// Tricomi initial guesses (quadratic convergence, a few steps reach machine precision);
/// weights are `2 / ((1 − x²) Pₙ′(x)²)` on `[−1, 1]`, halved for `[0, 1]`.
struct GaussLegendre {
    let nodes: [Double]
    let weights: [Double]

    init(count n: Int) {
        var nodes = [Double](repeating: 0, count: n)
        var weights = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                // Three-term recurrence for P_n(x) and its derivative.
                var p0 = 1.0, p1 = x
                for k in 2...max(n, 2) where n >= 2 {
                    let p2 = (Double(2 * k - 1) * x * p1 - Double(k - 1) * p0) / Double(k)
                    p0 = p1
                    p1 = p2
                }
                let pn = n == 1 ? x : p1
                let pnm1 = n == 1 ? 1.0 : p0
                derivative = Double(n) * (x * pn - pnm1) / (x * x - 1)
                let step = pn / derivative
                x -= step
                if abs(step) < 1e-16 { break }
            }
            nodes[n - 1 - i] = 0.5 * (x + 1)
            weights[n - 1 - i] = 1 / ((1 - x * x) * derivative * derivative)
        }
        self.nodes = nodes
        self.weights = weights
    }
}
