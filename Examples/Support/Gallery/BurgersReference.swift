import Foundation
import PDEKit

/// The exact solution of viscous Burgers u_t + u u_x = ν u_xx on x ∈ ℝ with u(x, 0) = −sin(πx)
/// (which also satisfies u(±1, t) = 0), by the Cole–Hopf transformation:
///
///     u(x, t) = −∫ sin(π(x − η)) f(x − η) e^(−η²/4νt) dη / ∫ f(x − η) e^(−η²/4νt) dη,
///     f(y) = exp(−cos(πy) / (2πν)),
///
/// evaluated with η = 2√(νt) z by Gauss–Hermite quadrature. The exponents are shifted by their
/// maximum before exponentiation, so nothing overflows at small ν.
public struct BurgersReference: Sendable {
    /// The viscosity ν.
    public let viscosity: Double
    let rule: GaussHermite

    /// The reference for viscosity `viscosity` with an `nodes`-point quadrature.
    public init(viscosity: Double = 0.01 / Double.pi, nodes: Int = 400) {
        self.viscosity = viscosity
        self.rule = GaussHermite(count: nodes)
    }

    /// u(x, t).
    public func value(x: Double, t: Double) -> Double {
        guard t > 0 else { return -sin(Double.pi * x) }
        let scale = 2 * (viscosity * t).squareRoot()
        let a = 1 / (2 * Double.pi * viscosity)
        var exponents = [Double](repeating: -.infinity, count: rule.nodes.count)
        var largest = -Double.infinity
        for (k, (z, w)) in zip(rule.nodes, rule.weights).enumerated() where w > 0 {
            exponents[k] = -a * cos(Double.pi * (x - scale * z)) + Foundation.log(w)
            largest = max(largest, exponents[k])
        }
        var numerator = 0.0, denominator = 0.0
        for (k, z) in rule.nodes.enumerated() where exponents[k] > -.infinity {
            let e = Foundation.exp(exponents[k] - largest)
            numerator += sin(Double.pi * (x - scale * z)) * e
            denominator += e
        }
        return -numerator / denominator
    }

    /// u on the grid `xs × ts`, shape `[xs.count, ts.count]` (x first).
    public func grid(xs: [Double], ts: [Double]) -> Tensor {
        var values = [Double](repeating: 0, count: xs.count * ts.count)
        for (i, x) in xs.enumerated() { for (j, t) in ts.enumerated() { values[i * ts.count + j] = value(x: x, t: t) } }
        return Tensor(shape: [xs.count, ts.count], scalars: values)
    }

    /// The grid of the Burgers example: x = linspace(−1, 1, 256), t = linspace(0, 0.99, 100).
    public static let gridX = linspace(-1, 1, 256)
    /// The time grid of the Burgers example.
    public static let gridT = linspace(0, 0.99, 100)
}
