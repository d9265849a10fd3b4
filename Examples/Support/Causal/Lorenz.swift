import Foundation
import PDEKit

/// The Lorenz system x′ = σ(y − x), y′ = x(ρ − z) − y, z′ = xy − βz (σ = 10, ρ = 28, β = 8/3) from
/// (1, 1, 1), trained by time marching with causal weighting inside each window.
public enum LorenzCase {
    public static let (sigma, rho, beta) = (10.0, 28.0, 8.0 / 3)
    public static let initial = [1.0, 1, 1]
    /// The typical size of the state, used to scale outputs and residuals to O(1).
    static let scale = 20.0

    /// The Dormand–Prince reference at `times` (relative and absolute tolerance 1e-12), `[n, 3]`.
    public static func reference(times: [Double]) throws -> Tensor {
        let solution = try DormandPrince(relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
            .solve(.lorenz(sigma: sigma, rho: rho, beta: beta), initial: initial, times: times)
        return Tensor(shape: [times.count, 3], scalars: solution.values)
    }

    /// The residual `(u′ − f(u)) / scale` at `count` points of [start, end].
    static func equation(start: Double, end: Double, count: Int) -> Condition {
        .system(on: Interval(start, end), count: count, sampling: .hammersley, derivatives: ["t"]) { c in
            let (x, y, z) = (c[0], c[1], c[2])
            return [(x.t - sigma * (y - x)) * (1 / scale),
                    (y.t - x.value * (rho - z.value) + y.value) * (1 / scale),
                    (z.t - x * y + beta * z.value) * (1 / scale)]
        }
    }

    /// A tanh MLP on [start, end] (inputs scaled to [−1, 1]) with the initial value built in:
    /// u = u₀ + scale · (t − start)/(end − start) · N(t).
    static func model(start: Double, end: Double, initial u0: [Double], width: Int, depth: Int, key: RandomKey) -> PINN<Sequential> {
        let network = Sequential([InputScaling(lower: [start], upper: [end]),
                                  MLP(sizes: [1] + Array(repeating: width, count: depth) + [3], activation: .tanh, key: key)])
        let offset = Variable(Tensor(shape: [1, 3], scalars: u0))
        let h = end - start
        return PINN(network: network) { input, output in
            output * ((input - start) * (scale / h)) + offset
        }
    }

    /// Time marching over [0, horizon] in `windows` windows, each with a fresh (warm-started) network,
    /// `points` collocation points and causal weighting over `slices` slices.
    public static func marching(horizon: Double = 10, windows: Int = 40, points: Int = 128, width: Int = 64, depth: Int = 3,
                                slices: Int = 8, epsilons: [Double] = [1e-1, 1, 10], options: TrainingOptions,
                                seed: UInt64 = 0) -> TimeMarching<Sequential> {
        var o = options
        o.causal = CausalWeighting(timeAxis: 0, slices: slices, epsilons: epsilons, checkEvery: 50, stopsWhenConverged: false)
        let key = RandomKey(seed: seed)
        return TimeMarching(range: 0...horizon, windows: windows, timeAxis: 0, options: o, makeModel: { w in
            let u0 = w.previous.map { $0(Tensor(shape: [1, 1], scalars: [w.start])).scalars } ?? initial
            return model(start: w.start, end: w.end, initial: u0, width: width, depth: depth, key: key.fold(in: w.index))
        }) { w in
            Problem(coordinates: "t", conditions: [equation(start: w.start, end: w.end, count: points)])
        }
    }

    /// The plain PINN: one network over the whole horizon, no causal weighting, the same total points.
    public static func plain(horizon: Double = 10, points: Int, width: Int = 64, depth: Int = 3, seed: UInt64 = 0)
        -> (problem: Problem, model: PINN<Sequential>) {
        (Problem(coordinates: "t", conditions: [equation(start: 0, end: horizon, count: points)]),
         model(start: 0, end: horizon, initial: initial, width: width, depth: depth, key: RandomKey(seed: seed)))
    }
}
