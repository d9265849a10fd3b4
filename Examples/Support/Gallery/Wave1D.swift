import Foundation
import PDEKit

extension Gallery {
    /// u_tt = 4 u_xx on [0, 1] × [0, 1], u(0, t) = u(1, t) = 0, u(x, 0) = sin(πx) + ½ sin(4πx),
    /// u_t(x, 0) = 0; exact u = sin(πx) cos(2πt) + ½ sin(4πx) cos(8πt).
    ///
    /// The boundary values and the initial value are built in, u = g(x) + t x(1 − x) N(x, t); the
    /// initial rate u_t(x, 0) = 0 is a soft condition.
    public static func wave1D(points: Int = 4000, initialPoints: Int = 200, width: Int = 64, depth: Int = 3,
                              adam: Int = 3000, lbfgs: Int = 3000, seed: UInt64 = 0) -> GalleryCase {
        let key = RandomKey(seed: seed)
        let domain = TimeExtrusion(Interval(0, 1), from: 0, to: 1)
        let problem = Problem(coordinates: "xt", conditions: [
            .equation(on: domain, count: points, sampling: .shiftedSobol, derivatives: ["tt", "xx"]) { c in
                let u = c[0]
                return u.tt - 4 * u.xx
            },
            .initialRate(on: domain, count: initialPoints, sampling: .shiftedSobol) { _ in 0 },
        ])
        let network = mlp([2] + Array(repeating: width, count: depth) + [1], activation: .sin, key: key.fold(in: 0))
        let model = PINN(network: network) { p, n in
            let x = p.column(0), t = p.column(1)
            return (x * Double.pi).sin() + 0.5 * (x * (4 * Double.pi)).sin() + t * x * (1.0 - x) * n
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
