import Foundation
import PDEKit

extension Gallery {
    /// Viscous Burgers u_t + u u_x = (0.01/π) u_xx on x ∈ [−1, 1], t ∈ [0, 1], u(x, 0) = −sin(πx),
    /// u(±1, t) = 0, against the Cole–Hopf solution on the 256 × 100 grid.
    ///
    /// The initial and boundary conditions are built in, u = −sin(πx) + t (1 − x²) N(x, t), so only
    /// the PDE residual is trained; residual-based refinement adds points near the shock.
    public static func burgers(points: Int = 4000, width: Int = 32, depth: Int = 4, adam: Int = 2000, lbfgs: Int = 12000,
                               refinement: ResidualRefinement? = ResidualRefinement(every: 500, candidates: 20_000, added: 500,
                                                                                    maximumAdded: 1500),
                               seed: UInt64 = 0, reference: Tensor? = nil) -> GalleryCase {
        let nu = 0.01 / Double.pi
        let key = RandomKey(seed: seed)
        let domain = TimeExtrusion(Interval(-1, 1), from: 0, to: 1)
        let problem = Problem(coordinates: "xt", conditions: [
            .equation(on: domain, count: points, sampling: .shiftedSobol, derivatives: ["t", "x", "xx"]) { c in
                let u = c[0]
                return u.t + u * u.x - nu * u.xx
            },
        ])
        let network = mlp([2] + Array(repeating: width, count: depth) + [1], key: key.fold(in: 0))
        let model = PINN(network: network) { p, n in
            let x = p.column(0), t = p.column(1)
            return -(x * Double.pi).sin() + t * (1.0 - x * x) * n
        }
        let values = reference ?? BurgersReference().grid(xs: BurgersReference.gridX, ts: BurgersReference.gridT)
        var example = GalleryCase(
            name: "burgers", problem: problem, model: model,
            stages: [.adam(steps: adam, schedule: .exponentialDecay(initial: 1e-3, rate: 0.5, decaySteps: max(adam / 2, 1))),
                     .lbfgs(iterations: lbfgs)],
            reference: Reference(points: gridPoints(BurgersReference.gridX, BurgersReference.gridT),
                                 values: values.reshaped(to: [values.count, 1]), components: [0], names: ["u"],
                                 axes: [BurgersReference.gridX, BurgersReference.gridT], labels: ["x", "t"]))
        example.refinement = refinement
        return example
    }

    /// The points of the tensor grid `xs × ys`, x slowest, shape `[xs.count · ys.count, 2]`.
    public static func gridPoints(_ xs: [Double], _ ys: [Double]) -> Tensor {
        var s: [Double] = []
        s.reserveCapacity(2 * xs.count * ys.count)
        for x in xs { for y in ys { s += [x, y] } }
        return Tensor(shape: [xs.count * ys.count, 2], scalars: s)
    }
}
