import Foundation
import PDEKit

extension Gallery {
    /// Recovers the diffusion coefficient D of u_t = D u_xx on x ∈ [−1, 1], t ∈ [0, 1] from noisy
    /// observations. The truth D = 0.1 generates u = e^(−Dπ²t) sin(πx); `observations` values at
    /// random points carry 1 % Gaussian noise (relative to the largest |u|). u(±1, t) = 0 and
    /// u(x, 0) = sin(πx) are built in: u = sin(πx) + t (1 − x²) N(x, t). D starts at 0.5 and is a
    /// trainable physical parameter reported during training.
    public static func inverseDiffusion(points: Int = 2000, observations: Int = 200, noise: Double = 0.01,
                                        width: Int = 32, depth: Int = 3, adam: Int = 3000, lbfgs: Int = 2000,
                                        trueCoefficient: Double = 0.1, seed: UInt64 = 0) -> GalleryCase {
        let key = RandomKey(seed: seed)
        let domain = TimeExtrusion(Interval(-1, 1), from: 0, to: 1)
        let exact = { (p: [Double]) in exp(-trueCoefficient * .pi * .pi * p[1]) * sin(.pi * p[0]) }
        // Observations: random points, exact values plus noise.
        let observed = (try? domain.interiorPoints(observations, sampling: .uniform, key: key.fold(in: 7)))
            ?? Tensor.zeros([observations, 2])
        let clean = (0..<observations).map { exact([observed.scalars[2 * $0], observed.scalars[2 * $0 + 1]]) }
        let amplitude = clean.map(abs).max() ?? 1
        let perturbation = key.fold(in: 8).normal([observations])
        let noisy = Tensor(shape: [observations, 1], scalars: (0..<observations).map {
            clean[$0] + noise * amplitude * perturbation.scalars[$0]
        })
        let problem = Problem(coordinates: "xt", conditions: [
            .equation(on: domain, count: points, sampling: .shiftedSobol, derivatives: ["t", "xx"]) { c in
                let u = c[0]
                return u.t - c.parameters["D"] * u.xx
            },
            .data(points: observed, values: noisy),
        ])
        let network = mlp([2] + Array(repeating: width, count: depth) + [1], key: key.fold(in: 0))
        let model = PINN(network: network, physicalParameters: PhysicalParameters(["D": 0.5])) { p, n in
            let x = p.column(0), t = p.column(1)
            return (x * Double.pi).sin() + t * (1.0 - x * x) * n
        }
        var example = GalleryCase(
            name: "inverse-diffusion", problem: problem, model: model,
            stages: [.adam(steps: adam, schedule: .exponentialDecay(initial: 2e-3, rate: 0.5, decaySteps: max(adam / 3, 1))),
                     .lbfgs(iterations: lbfgs)],
            reference: Reference(axes: [linspace(-1, 1, 201), linspace(0, 1, 101)], labels: ["x", "t"]) { p in [exact(p)] })
        example.extraMetrics = { model in
            let d = model.physicalParameters.value("D") ?? .nan
            return [("coefficient_relative_error", abs(d - trueCoefficient) / trueCoefficient)]
        }
        return example
    }
}
