import Foundation
import PDEKit

extension Gallery {
    /// Steady incompressible Navier–Stokes at Re = 20 on [−0.5, 1] × [−0.5, 1.5]:
    /// u u_x + v u_y + p_x − (u_xx + u_yy)/Re = 0, u v_x + v v_y + p_y − (v_xx + v_yy)/Re = 0,
    /// u_x + v_y = 0, with Kovasznay's exact solution u = 1 − e^(λx) cos 2πy,
    /// v = λ/(2π) e^(λx) sin 2πy, p = ½(1 − e^(2λx)), λ = Re/2 − √(Re²/4 + 4π²),
    /// imposed on the boundary for u, v and p (three outputs).
    public static func kovasznay(points: Int = 2601, boundaryPoints: Int = 400, width: Int = 50, depth: Int = 4,
                                 adam: Int = 1000, lbfgs: Int = 12000, seed: UInt64 = 0) -> GalleryCase {
        let re = 20.0
        let lambda = re / 2 - (re * re / 4 + 4 * Double.pi * Double.pi).squareRoot()
        let exact: ([Double]) -> [Double] = { q in
            let (x, y) = (q[0], q[1])
            return [1 - exp(lambda * x) * cos(2 * .pi * y),
                    lambda / (2 * .pi) * exp(lambda * x) * sin(2 * .pi * y),
                    0.5 * (1 - exp(2 * lambda * x))]
        }
        let key = RandomKey(seed: seed)
        let box = Rectangle(lower: [-0.5, -0.5], upper: [1, 1.5])
        var conditions: [Condition] = [
            .system(on: box, count: points, sampling: .sobol, derivatives: ["x", "y", "xx", "yy"]) { c in
                let (u, v, p) = (c[0], c[1], c[2])
                return [u * u.x + v * u.y + p.x - (1 / re) * (u.xx + u.yy),
                        u * v.x + v * v.y + p.y - (1 / re) * (v.xx + v.yy),
                        u.x + v.y]
            },
        ]
        for (component, name) in ["u", "v", "p"].enumerated() {
            conditions.append(.dirichlet("bc_\(name)", on: box, count: boundaryPoints, sampling: .sobol,
                                         component: component) { exact($0)[component] })
        }
        let network = mlp([2] + Array(repeating: width, count: depth) + [3], key: key.fold(in: 0))
        return GalleryCase(
            name: "kovasznay", problem: Problem(coordinates: "xy", conditions: conditions), model: PINN(network: network),
            stages: [.adam(steps: adam, schedule: .exponentialDecay(initial: 1e-3, rate: 0.5, decaySteps: max(adam / 3, 1))),
                     .lbfgs(iterations: lbfgs)],
            reference: Reference(axes: [linspace(-0.5, 1, 151), linspace(-0.5, 1.5, 201)], labels: ["x", "y"],
                                 components: [0, 1], names: ["u", "v"]) { q in Array(exact(q).prefix(2)) })
    }
}
