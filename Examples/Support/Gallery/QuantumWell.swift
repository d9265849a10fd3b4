import Foundation
import PDEKit

extension Gallery {
    /// The potentials of ``quantumWell(_:points:width:depth:adam:lbfgs:seed:)``.
    public enum QuantumPotential: String, CaseIterable, Sendable {
        /// Infinite square well on [0, 1]: V = 0, ground state ψ = √2 sin(πx), E = π² held fixed.
        case infinite
        /// Finite square well inside walls at x = ±1: V = 0 for |x| < ½, V = 50 otherwise; E trainable.
        case finite
        /// Finite barrier inside walls at x = ±1: V = 50 for |x| < 0.2, V = 0 otherwise; E trainable.
        case barrier
    }

    /// Height of the finite well's walls and of the barrier.
    public static let potentialHeight = 50.0
    /// Half-width of the finite well.
    public static let wellHalfWidth = 0.5
    /// Half-width of the barrier.
    public static let barrierHalfWidth = 0.2

    /// The ground state of −ψ″ + V ψ = E ψ (dimensionless), ψ = 0 at the walls, ∫ψ² = 1.
    ///
    /// The trial function (x − a)(b − x) e^(N(x)) vanishes at the walls a, b exactly and is
    /// positive, as a ground state is. With a step potential the network sees x² and
    /// (|x| − edge)₊²: the ground state is even, and ψ″ jumps at the step. The residual is divided by ‖ψ‖ (scale-invariant, so ψ → 0
    /// does not minimise it) and the normalisation ∫ψ² dx = 1 (midpoint rule on the collocation
    /// grid) is a second loss term. For the finite well and the barrier, E is a trainable
    /// physical parameter, compared with the root of the matching condition (``QuantumWellExact``).
    public static func quantumWell(_ potential: QuantumPotential = .infinite, points: Int = 1000, width: Int = 32,
                                   depth: Int = 3, adam: Int = 3000, lbfgs: Int = 3000, seed: UInt64 = 0) -> GalleryCase {
        let key = RandomKey(seed: seed)
        let exact = QuantumWellExact(potential)
        let (a, b) = exact.walls
        let length = b - a
        // Midpoint grid: the PDE points and the quadrature of the normalisation.
        let grid = Tensor(shape: [points, 1], scalars: (0..<points).map { a + length * (Double($0) + 0.5) / Double(points) })
        let potentialValues = Tensor(shape: [points, 1], scalars: grid.scalars.map(exact.potential))
        let fixedEnergy = potential == .infinite
        let problem = Problem(coordinates: "x", conditions: [
            .constraint("pde", on: .fixed(grid, values: potentialValues), derivatives: ["xx"]) { c in
                let psi = c[0]
                let energy = fixedEnergy ? Variable(Double.pi * Double.pi) : c.parameters["E"]
                // Divided by ‖ψ‖ so the residual is scale-invariant and ψ → 0 is no minimiser.
                let norm = (psi.value.squared().mean() * length).sqrt()
                return [(-psi.xx + Variable(c.batch.values!) * psi - energy * psi) / norm]
            },
            .constraint("norm", on: .fixed(grid)) { c in [c[0].value.squared().mean() * length - 1] },
        ])
        // For a step potential, ψ″ jumps by V₀ψ where V jumps: the feature (|x| − edge)₊² carries
        // that kink into the network. Both potentials are even, and so is the ground state: the
        // network sees x² instead of x, which rules out states localised in one half (the double
        // well of the barrier has such near-degenerate local minima).
        let edge = potential == .finite ? wellHalfWidth : barrierHalfWidth
        let network = potential == .infinite
            ? mlp([1] + Array(repeating: width, count: depth) + [1], key: key.fold(in: 0))
            : Sequential([KinkFeature(edge: edge),
                          MLP(sizes: [2] + Array(repeating: width, count: depth) + [1], activation: .tanh, key: key.fold(in: 0))])
        let parameters = fixedEnergy ? PhysicalParameters() : PhysicalParameters(["E": 0.5 * exact.energy + 1])
        let model = PINN(network: network, physicalParameters: parameters) { x, n in (x - a) * (b - x) * n.exp() }
        var example = GalleryCase(
            name: "quantum-well", problem: problem, model: model,
            stages: [.adam(steps: adam, schedule: .exponentialDecay(initial: 2e-3, rate: 0.5, decaySteps: max(adam / 3, 1))),
                     .lbfgs(iterations: lbfgs)],
            reference: Reference(axes: [linspace(a, b, 1001)], labels: ["x"], names: ["psi"]) { [exact.wavefunction($0[0])] })
        if !fixedEnergy {
            example.extraMetrics = { model in
                let e = model.physicalParameters.value("E") ?? .nan
                return [("energy", e), ("energy_exact", exact.energy), ("energy_relative_error", abs(e - exact.energy) / exact.energy)]
            }
        }
        return example
    }
}

/// Maps x to the two even inputs (x², (|x| − edge)₊²): parameter-free, differentiable through jets.
struct KinkFeature: Layer {
    let edge: Double
    var parameters: [Variable] { get { [] } set {} }

    func callAsFunction(_ x: Jet) -> Jet {
        let edge = self.edge
        let kink = x.elementwise { v in Variable.maximum(v.abs() - edge, Variable(0)).squared() }
        return Jet.concatenate([x * x, kink])
    }
}

/// Exact ground states of the three potentials of ``Gallery/quantumWell(_:points:width:depth:adam:lbfgs:seed:)``.
///
/// Finite well (|x| < a: V = 0, a < |x| < 1: V = V₀): ψ = cos(kx) inside, ∝ sinh(κ(1 − |x|)) outside,
/// k = √E, κ = √(V₀ − E); continuity of ψ′/ψ at a gives k tan(ka) = κ coth(κ(1 − a)).
/// Barrier (|x| < b: V = V₀): ψ = cosh(κx) inside, ∝ sin(k(1 − |x|)) outside;
/// κ tanh(κb) = −k cot(k(1 − b)). Each root is bracketed and found by bisection to machine precision.
public struct QuantumWellExact: Sendable {
    /// Which potential.
    public let potential: Gallery.QuantumPotential
    /// The ground-state energy.
    public let energy: Double
    /// 1 / √(∫ψ̃²) for the unnormalised ψ̃.
    private var scale = 1.0

    /// Solves the matching condition for `potential` and normalises ψ (composite Simpson rule).
    public init(_ potential: Gallery.QuantumPotential) {
        self.potential = potential
        self.energy = Self.groundEnergy(potential)
        let (lo, hi) = walls
        let n = 20_000
        let h = (hi - lo) / Double(n)
        var integral = 0.0
        for i in 0...n {
            let w: Double = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2)
            integral += w * pow(wavefunction(lo + Double(i) * h), 2)
        }
        scale = 1 / (integral * h / 3).squareRoot()
    }

    static func groundEnergy(_ potential: Gallery.QuantumPotential) -> Double {
        let v0 = Gallery.potentialHeight
        switch potential {
        case .infinite:
            return .pi * .pi
        case .finite:
            // k tan(ka) − κ coth(κ(1 − a)) increases through 0 on (0, min(V₀, (π/2a)²)).
            let a = Gallery.wellHalfWidth
            let upper = min(v0, pow(Double.pi / (2 * a), 2)) * (1 - 1e-12)
            return bisect(1e-9, upper) { e in
                let k = e.squareRoot(), kappa = (v0 - e).squareRoot()
                return k * tan(k * a) - kappa / tanh(kappa * (1 - a))
            }
        case .barrier:
            // −(κ tanh(κb) + k cot(k(1 − b))) increases through 0 on (0, min(V₀, (π/(1 − b))²)).
            let b = Gallery.barrierHalfWidth
            let upper = min(v0, pow(Double.pi / (1 - b), 2)) * (1 - 1e-12)
            return bisect(1e-9, upper) { e in
                let k = e.squareRoot(), kappa = (v0 - e).squareRoot()
                return -(kappa * tanh(kappa * b) + k / tan(k * (1 - b)))
            }
        }
    }

    /// The walls where ψ = 0: [0, 1] for the infinite well, [−1, 1] otherwise.
    public var walls: (Double, Double) { potential == .infinite ? (0, 1) : (-1, 1) }

    /// V(x).
    public func potential(_ x: Double) -> Double {
        switch potential {
        case .infinite: return 0
        case .finite: return abs(x) < Gallery.wellHalfWidth ? 0 : Gallery.potentialHeight
        case .barrier: return abs(x) < Gallery.barrierHalfWidth ? Gallery.potentialHeight : 0
        }
    }

    /// The normalised, positive ground state ψ(x).
    public func wavefunction(_ x: Double) -> Double {
        let v0 = Gallery.potentialHeight
        let k = energy.squareRoot(), kappa = (v0 - energy).squareRoot()
        let value: Double
        switch potential {
        case .infinite:
            value = sin(.pi * x)
        case .finite:
            let a = Gallery.wellHalfWidth
            value = abs(x) < a ? cos(k * x) : cos(k * a) * sinh(kappa * (1 - abs(x))) / sinh(kappa * (1 - a))
        case .barrier:
            let b = Gallery.barrierHalfWidth
            value = abs(x) < b ? cosh(kappa * x) : cosh(kappa * b) * sin(k * (1 - abs(x))) / sin(k * (1 - b))
        }
        return scale * value
    }

    /// The root of an increasing-through-zero `f` in [lo, hi], by bisection to machine precision.
    static func bisect(_ lo0: Double, _ hi0: Double, _ f: (Double) -> Double) -> Double {
        var (lo, hi) = (lo0, hi0)
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid == lo || mid == hi { break }
            if f(mid) < 0 { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }
}
