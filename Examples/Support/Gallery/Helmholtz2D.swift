import Foundation
import PDEKit

extension Gallery {
    /// −Δu − k² u = f on the unit square, k = 4π, u = 0 on the boundary (built in:
    /// u = x(1 − x) y(1 − y) N), f = (32π² − k²) sin(4πx) sin(4πy); exact u = sin(4πx) sin(4πy).
    /// Random Fourier features (σ = `frequencyScale`) in front of a tanh network resolve the four
    /// periods per axis; N's output is scaled by 16 = 1 / max x(1 − x) y(1 − y).
    public static func helmholtz2D(points: Int = 4000, width: Int = 64, depth: Int = 3, features: Int = 32,
                                   frequencyScale: Double = 8, adam: Int = 2000, lbfgs: Int = 2000,
                                   seed: UInt64 = 0) -> GalleryCase {
        let key = RandomKey(seed: seed)
        let k = 4 * Double.pi
        let square = Rectangle(lower: [0, 0], upper: [1, 1])
        let problem = Problem(coordinates: "xy", conditions: [
            .equation(on: square, count: points, sampling: .sobol, derivatives: ["xx", "yy"]) { c in
                let u = c[0]
                return -(u.xx + u.yy) - k * k * u - c.evaluate { p in
                    (32 * .pi * .pi - k * k) * sin(4 * .pi * p[0]) * sin(4 * .pi * p[1])
                }
            },
        ])
        let network = Sequential([
            FourierFeatures(inputSize: 2, featureCount: features, scale: frequencyScale, key: key.fold(in: 1)),
            MLP(sizes: [2 * features] + Array(repeating: width, count: depth) + [1], activation: .tanh, key: key.fold(in: 0)),
        ])
        let model = PINN(network: network) { p, n in
            let x = p.column(0), y = p.column(1)
            return 16 * (x * (1.0 - x) * y * (1.0 - y) * n)
        }
        return GalleryCase(
            name: "helmholtz-2d", problem: problem, model: model,
            stages: [.adam(steps: adam, schedule: .exponentialDecay(initial: 1e-3, rate: 0.5, decaySteps: max(adam / 3, 1))),
                     .lbfgs(iterations: lbfgs)],
            reference: Reference(axes: [linspace(0, 1, 101), linspace(0, 1, 101)], labels: ["x", "y"]) { p in
                [sin(4 * .pi * p[0]) * sin(4 * .pi * p[1])]
            })
    }
}
