import Foundation
import PDEKit

extension Gallery {
    /// The x grid of the Allen–Cahn reference: x_i = −1 + 2i/512, i = 0…511.
    public static let allenCahnX = (0..<512).map { -1 + 2 * Double($0) / 512 }
    /// The t grid of the Allen–Cahn reference: t_j = j/200, j = 0…200.
    public static let allenCahnT = (0...200).map { Double($0) / 200 }

    /// Allen–Cahn u_t − 1e-4 u_xx + 5u³ − 5u = 0, periodic on [−1, 1), t ∈ [0, 1], u(x, 0) = x² cos(πx),
    /// against the spectral reference `reference` (`[512, 201]`, x first).
    ///
    /// The network sees x through a periodic embedding (cos πx, sin πx), so periodicity holds exactly;
    /// a modified MLP follows (with `weightFactorization`, its weights factorised as W = V diag(exp(s)),
    /// s ~ N(1, 0.1²)). With `causal`, the residual is causally weighted over 32 time slices;
    /// without, it is a plain PINN with the same network, points and steps.
    public static func allenCahn(points: Int = 2048, initialPoints: Int = 512, width: Int = 64, depth: Int = 4,
                                 harmonics: Int = 1, adam: Int = 12_000, learningRate: Double = 1e-3,
                                 fourierFeatures: Int = 0, fourierScale: Double = 1, weightFactorization: Bool = false,
                                 causal: CausalWeighting? = allenCahnCausal(), seed: UInt64 = 0,
                                 reference: Tensor) -> GalleryCase {
        let key = RandomKey(seed: seed)
        let domain = TimeExtrusion(Interval(-1, 1), from: 0, to: 1)
        let problem = Problem(coordinates: "xt", conditions: [
            .equation(on: domain, count: points, derivatives: ["t", "xx"]) { c in
                let u = c[0]
                return u.t - 1e-4 * u.xx + 5.0 * u * u * u - 5.0 * u
            },
            .initial(on: domain, count: initialPoints, weight: 100) { p in p[0] * p[0] * cos(.pi * p[0]) },
        ])
        let embedding = PeriodicEmbedding(inputSize: 2, periods: [0: 2], harmonics: harmonics)
        var layers: [any Layer] = [embedding]
        var inputs = embedding.outputSize
        if fourierFeatures > 0 {
            layers.append(FourierFeatures(inputSize: inputs, featureCount: fourierFeatures, scale: fourierScale, key: key.fold(in: 1)))
            inputs = 2 * fourierFeatures
        }
        var mlp = ModifiedMLP(inputSize: inputs, width: width, depth: depth, outputSize: 1, key: key.fold(in: 0))
        if weightFactorization { mlp = mlp.factorized(key: key.fold(in: 2)) }
        layers.append(mlp)
        let network = Sequential(layers)
        let values = reference.reshaped(to: [reference.count, 1])
        var example = GalleryCase(
            name: "allen-cahn", problem: problem, model: PINN(network: network),
            stages: [.adam(steps: adam, schedule: .exponentialDecay(initial: learningRate, rate: 0.9, decaySteps: max(adam / 20, 1)))],
            reference: Reference(points: gridPoints(allenCahnX, allenCahnT), values: values, components: [0], names: ["u"],
                                 axes: [allenCahnX, allenCahnT], labels: ["x", "t"]))
        example.resampleEvery = 1
        example.causal = causal
        example.weighting = .gradientNormBalancing(every: 500, smoothing: 0.9)
        return example
    }

    /// The default causal weighting for Allen–Cahn: 32 slices of [0, 1], ε = 100 then 1000, moving on
    /// when min w > 0.99 or after `stepsPerLevel` steps. (The slice losses of this problem are small,
    /// 1e-4…1e-2, so ε must be large for the weights to hold late times back.)
    public static func allenCahnCausal(slices: Int = 32, epsilons: [Double] = [100, 1000], stepsPerLevel: Int? = 6000) -> CausalWeighting {
        CausalWeighting(timeAxis: 1, slices: slices, epsilons: epsilons, checkEvery: 100, stepsPerLevel: stepsPerLevel,
                        stopsWhenConverged: false)
    }
}
