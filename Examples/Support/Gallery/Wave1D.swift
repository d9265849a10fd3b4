import Foundation
import PDEKit

extension Gallery {
    /// u_tt = 4 u_xx on [0, 1] × [0, 1], u(0, t) = u(1, t) = 0, u(x, 0) = sin(πx) + ½ sin(4πx),
    /// u_t(x, 0) = 0; exact u = sin(πx) cos(2πt) + ½ sin(4πx) cos(8πt).
    ///
    /// Boundary values, initial value and initial rate are built in: u = g(x) + t² x(1 − x) N(x, t)
    /// vanishes at x = 0, 1, equals g at t = 0 and has u_t = 0 there. N is a tanh network on random
    /// Fourier features (σ = `frequencyScale`), which resolve the four periods of cos(8πt).
    public static func wave1D(points: Int = 4000, width: Int = 64, depth: Int = 3, features: Int = 32,
                              frequencyScale: Double = 4, adam: Int = 2000, lbfgs: Int = 4000, seed: UInt64 = 0) -> GalleryCase {
        let key = RandomKey(seed: seed)
        let domain = TimeExtrusion(Interval(0, 1), from: 0, to: 1)
        let problem = Problem(coordinates: "xt", conditions: [
            .equation(on: domain, count: points, sampling: .shiftedSobol, derivatives: ["tt", "xx"]) { c in
                let u = c[0]
                return u.tt - 4 * u.xx
            },
        ])
        let network = Sequential([
            FourierFeatures(inputSize: 2, featureCount: features, scale: frequencyScale, key: key.fold(in: 1)),
            MLP(sizes: [2 * features] + Array(repeating: width, count: depth) + [1], activation: .tanh, key: key.fold(in: 0)),
        ])
        let model = PINN(network: network) { p, n in
            let x = p.column(0), t = p.column(1)
            // (u − g) / (t² x(1 − x)) reaches a few hundred (u_tt = 4g″ at t = 0): scale N's output.
            return (x * Double.pi).sin() + 0.5 * (x * (4 * Double.pi)).sin() + 100 * (t * t * x * (1.0 - x) * n)
        }
        var example = GalleryCase(
            name: "wave-1d", problem: problem, model: model,
            stages: [.adam(steps: adam, schedule: .exponentialDecay(initial: 1e-3, rate: 0.5, decaySteps: max(adam / 3, 1))),
                     .lbfgs(iterations: lbfgs)],
            reference: Reference(axes: [linspace(0, 1, 101), linspace(0, 1, 101)], labels: ["x", "t"]) { p in
                [sin(.pi * p[0]) * cos(2 * .pi * p[1]) + 0.5 * sin(4 * .pi * p[0]) * cos(8 * .pi * p[1])]
            })
        example.resampleEvery = 1000
        return example
    }
}
