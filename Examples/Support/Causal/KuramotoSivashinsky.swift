import Foundation
import PDEKit

/// The "regular" Kuramoto–Sivashinsky case of the causal-training paper:
/// u_t + α u u_x + β u_xx + γ u_xxxx = 0 with α = 100/16, β = 100/16², γ = 100/16⁴ on x ∈ [0, 2π)
/// periodic, t ∈ [0, 1], u(x, 0) = cos x (1 + sin x); time marching with causal weighting.
public enum KuramotoSivashinskyCase {
    public static let (alpha, beta, gamma) = (100.0 / 16, 100.0 / 256, 100.0 / 65_536)
    /// The output grid: x_i = 2πi/256 (i < 256), t_j = j/100 (j ≤ 100).
    public static let gridX = (0..<256).map { 2 * Double.pi * Double($0) / 256 }
    public static let gridT = (0...100).map { Double($0) / 100 }

    public static func initial(_ x: Double) -> Double { cos(x) * (1 + sin(x)) }

    /// The ETDRK4 reference on the output grid, `[256 · 101]` with x slowest (512 modes, dt = 1e-4,
    /// 2/3 dealiasing, sampled at every second mode).
    public static func reference() throws -> [Double] {
        let grid = try PeriodicGrid(start: 0, length: 2 * .pi, count: 512)
        let solver = try ETDRK4Solver(equation: .kuramotoSivashinsky(alpha: alpha, beta: beta, gamma: gamma), grid: grid,
                                      timeStep: 1e-4, dealiasing: .twoThirds)
        let solution = try solver.solve(initial: grid.sample(initial), times: gridT)
        var out = [Double](repeating: 0, count: gridX.count * gridT.count)
        for (i, _) in gridX.enumerated() {
            for j in gridT.indices { out[i * gridT.count + j] = solution.values[j * 512 + 2 * i] }
        }
        return out
    }

    /// A window's problem: the causally weighted residual and the soft initial condition (the exact
    /// one in the first window, the previous window's prediction afterwards).
    static func problem(_ window: TimeWindow, points: Int, initialPoints: Int) -> Problem {
        let domain = TimeExtrusion(Interval(0, 2 * .pi), from: window.start, to: window.end)
        let xs = (0..<initialPoints).map { 2 * Double.pi * Double($0) / Double(initialPoints) }
        let icPoints = Tensor(shape: [initialPoints, 2], scalars: xs.flatMap { [$0, window.start] })
        return Problem(coordinates: "xt", conditions: [
            .equation(on: domain, count: points, derivatives: ["t", "x", "xx", "xxxx"]) { c in
                let u = c[0]
                return u.t + alpha * u * u.x + beta * u.xx + gamma * u.xxxx
            },
            window.initialCondition(points: icPoints, weight: 100) { p in [initial(p[0])] },
        ])
    }

    /// Periodic embedding of x with `harmonics` frequencies (cos kx, sin kx, k = 1…harmonics), then a
    /// modified MLP.
    /// With `weightFactorization`, the modified MLP's weights are factorised (`ModifiedMLP.factorized`).
    static func model(width: Int, depth: Int, harmonics: Int = 1, weightFactorization: Bool = false, key: RandomKey,
                      precision: NetworkPrecision = .float64) -> PINN<Sequential> {
        let embedding = PeriodicEmbedding(inputSize: 2, periods: [0: 2 * .pi], harmonics: harmonics)
        var mlp = ModifiedMLP(inputSize: embedding.outputSize, width: width, depth: depth, outputSize: 1, key: key)
        if weightFactorization { mlp = mlp.factorized(key: key.fold(in: 1)) }
        var model = PINN(network: Sequential([embedding, mlp]))
        model.precision = precision
        return model
    }

    /// Time marching over [0, 1] in `windows` windows with causal weighting over `slices` slices.
    public static func marching(windows: Int = 5, points: Int = 1024, initialPoints: Int = 256, width: Int = 64, depth: Int = 4,
                                harmonics: Int = 1, weightFactorization: Bool = false,
                                slices: Int = 16, epsilons: [Double] = [0.01, 0.1, 1], stepsPerLevel: Int?,
                                options: TrainingOptions, seed: UInt64 = 0, precision: NetworkPrecision = .float64) -> TimeMarching<Sequential> {
        var o = options
        o.causal = CausalWeighting(timeAxis: 1, slices: slices, epsilons: epsilons, checkEvery: 100, stepsPerLevel: stepsPerLevel,
                                   stopsWhenConverged: false)
        o.weighting = .gradientNormBalancing(every: 500, smoothing: 0.9)
        o.resampleEvery = 1
        let key = RandomKey(seed: seed)
        return TimeMarching(range: 0...1, windows: windows, timeAxis: 1, options: o,
                            makeModel: { w in model(width: width, depth: depth, harmonics: harmonics, weightFactorization: weightFactorization, key: key.fold(in: w.index), precision: precision) }) { w in
            problem(w, points: points, initialPoints: initialPoints)
        }
    }

    /// The plain PINN: one network over [0, 1], no causal weighting, exact soft initial condition.
    public static func plain(points: Int, initialPoints: Int = 256, width: Int = 64, depth: Int = 4, harmonics: Int = 1,
                             weightFactorization: Bool = false, seed: UInt64 = 0, precision: NetworkPrecision = .float64) -> (problem: Problem, model: PINN<Sequential>) {
        let window = TimeWindow(index: 0, start: 0, end: 1, timeAxis: 1, previous: nil)
        return (problem(window, points: points, initialPoints: initialPoints),
                model(width: width, depth: depth, harmonics: harmonics, weightFactorization: weightFactorization,
                      key: RandomKey(seed: seed), precision: precision))
    }
}
