import Foundation
import PDEKit

extension Gallery {
    /// u_t = u_xx − e^(−t)(sin(πx) − π² sin(πx)) on x ∈ [−1, 1], t ∈ [0, 1], u(x, 0) = sin(πx),
    /// u(±1, t) = 0; exact u = e^(−t) sin(πx). Boundary and initial conditions are soft (Dirichlet
    /// and initial conditions), the points are redrawn every `resampleEvery` Adam steps.
    public static func diffusion1D(points: Int = 2000, boundaryPoints: Int = 200, width: Int = 32, depth: Int = 3,
                                   adam: Int = 3000, lbfgs: Int = 2000, seed: UInt64 = 0) -> GalleryCase {
        let key = RandomKey(seed: seed)
        let domain = TimeExtrusion(Interval(-1, 1), from: 0, to: 1)
        let problem = Problem(coordinates: "xt", conditions: [
            .equation(on: domain, count: points, sampling: .shiftedSobol, derivatives: ["t", "xx"]) { c in
                let u = c[0]
                return u.t - u.xx + c.evaluate { p in exp(-p[1]) * (sin(.pi * p[0]) - .pi * .pi * sin(.pi * p[0])) }
            },
            .dirichlet(on: domain, count: boundaryPoints, sampling: .shiftedSobol) { _ in 0 },
            .initial(on: domain, count: boundaryPoints, sampling: .shiftedSobol) { p in sin(.pi * p[0]) },
        ])
        let network = mlp([2] + Array(repeating: width, count: depth) + [1], key: key.fold(in: 0))
        var example = GalleryCase(
            name: "diffusion-1d", problem: problem, model: PINN(network: network),
            stages: [.adam(steps: adam, schedule: .exponentialDecay(initial: 2e-3, rate: 0.5, decaySteps: max(adam / 3, 1))),
                     .lbfgs(iterations: lbfgs)],
            reference: Reference(axes: [linspace(-1, 1, 201), linspace(0, 1, 101)], labels: ["x", "t"]) { p in
                [exp(-p[1]) * sin(.pi * p[0])]
            })
        example.resampleEvery = 1000
        return example
    }
}
