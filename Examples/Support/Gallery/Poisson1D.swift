import Foundation
import PDEKit

extension Gallery {
    /// −u″ = π² sin(πx) on [−1, 1], u(±1) = 0; exact u = sin(πx).
    ///
    /// Hard constraint u = (1 − x²) N(x); tanh network; `points` stratified collocation points.
    public static func poisson1D(points: Int = 128, width: Int = 32, depth: Int = 3, adam: Int = 2000,
                                 lbfgs: Int = 1000, seed: UInt64 = 0) -> GalleryCase {
        let key = RandomKey(seed: seed)
        let jitter = key.fold(in: 1).uniform([points])
        let x = Tensor(shape: [points, 1], scalars: (0..<points).map { -1 + 2 * (Double($0) + jitter.scalars[$0]) / Double(points) })
        let problem = Problem(coordinates: "x", conditions: [
            .equation(on: PointSet(points: x), count: points, derivatives: ["xx"]) { c in
                -c[0].xx - c.evaluate { .pi * .pi * sin(.pi * $0[0]) }
            },
        ])
        let network = mlp([1] + Array(repeating: width, count: depth) + [1], key: key.fold(in: 0))
        let model = PINN(network: network) { x, n in (1.0 - x * x) * n }
        return GalleryCase(
            name: "poisson-1d", problem: problem, model: model,
            stages: [.adam(steps: adam, schedule: .exponentialDecay(initial: 2e-3, rate: 0.5, decaySteps: max(adam / 3, 1))),
                     .lbfgs(iterations: lbfgs)],
            reference: Reference(axes: [linspace(-1, 1, 1001)], labels: ["x"]) { [sin(.pi * $0[0])] })
    }
}
