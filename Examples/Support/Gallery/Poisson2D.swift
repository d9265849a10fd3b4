import Foundation
import PDEKit

extension Gallery {
    /// The domains of ``poisson2D(domain:points:width:depth:adam:lbfgs:seed:)``.
    public enum Poisson2DDomain: String, CaseIterable, Sendable {
        /// The unit square, u = 0 built in: u = x(1 − x) y(1 − y) N(x, y).
        case square
        /// The L-shape [−1, 1]² ∖ (0, 1]² (CSG difference), u = 0 as a soft Dirichlet condition.
        case lshape
    }

    /// −Δu = 2π² sin(πx) sin(πy), u = 0 on the boundary; exact u = sin(πx) sin(πy) on both domains
    /// (it vanishes on every edge of the square and of the L-shape).
    public static func poisson2D(domain: Poisson2DDomain = .square, points: Int = 2000, width: Int = 32, depth: Int = 3,
                                 adam: Int = 2000, lbfgs: Int = 2000, seed: UInt64 = 0) -> GalleryCase {
        let key = RandomKey(seed: seed)
        let geometry: any Geometry = domain == .square
            ? Rectangle(lower: [0, 0], upper: [1, 1])
            : Rectangle(lower: [-1, -1], upper: [1, 1]).subtracting(Rectangle(lower: [0, 0], upper: [1, 1]))
        var conditions: [Condition] = [
            .equation(on: geometry, count: points, sampling: .sobol, derivatives: ["xx", "yy"]) { c in
                let u = c[0]
                return -(u.xx + u.yy) - c.evaluate { 2 * .pi * .pi * sin(.pi * $0[0]) * sin(.pi * $0[1]) }
            },
        ]
        if domain == .lshape {
            conditions.append(.dirichlet(on: geometry, count: max(points / 4, 8), sampling: .sobol, weight: 10) { _ in 0 })
        }
        let network = mlp([2] + Array(repeating: width, count: depth) + [1], key: key.fold(in: 0))
        let model = domain == .square
            ? PINN(network: network) { p, n in
                let x = p.column(0), y = p.column(1)
                return x * (1.0 - x) * y * (1.0 - y) * n
            }
            : PINN(network: network)
        let axis = domain == .square ? linspace(0, 1, 101) : linspace(-1, 1, 201)
        var example = GalleryCase(
            name: domain == .square ? "poisson-2d" : "poisson-2d-lshape", problem: Problem(coordinates: "xy", conditions: conditions),
            model: model,
            stages: [.adam(steps: adam, schedule: .exponentialDecay(initial: 2e-3, rate: 0.5, decaySteps: max(adam / 3, 1))),
                     .lbfgs(iterations: lbfgs)],
            reference: Reference(axes: [axis, axis], labels: ["x", "y"]) { p in [sin(.pi * p[0]) * sin(.pi * p[1])] })
        if domain == .lshape { example.reference.restrict { !($0[0] > 0 && $0[1] > 0) } }
        return example
    }
}
