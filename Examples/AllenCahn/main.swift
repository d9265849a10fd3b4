// allen-cahn: u_t − 1e-4 u_xx + 5u³ − 5u = 0, periodic on [−1, 1), t ∈ [0, 1], u(x, 0) = x² cos(πx),
// trained with causal weighting; `--compare` trains the plain PINN with the same network and budget.
//
// The prediction on x_i = −1 + 2i/512 (i < 512), t_j = j/200 (j ≤ 200), x first, is written to
// solution.npy (512 × 201) and compared with the ETDRK4 spectral reference Data/allen_cahn_reference.npy
// (regenerate: swift run -c release make-reference --equation allen-cahn --output Data/allen_cahn_reference.npy).
// Writes metrics.json, loss.csv, model.ckpt, solution.npy and pictures to runs/allen-cahn/ (ExampleRunner).
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

@main
struct AllenCahn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allen-cahn",
        abstract: "Causal physics-informed training for the Allen–Cahn equation, against a spectral reference.")

    @OptionGroup var flags: ExampleFlags
    @Option(help: "Collocation points, redrawn every step.") var points: Int = 2048
    @Option(help: "Hidden layer width (modified MLP).") var width: Int = 64
    @Option(help: "Hidden layers.") var depth: Int = 4
    @Option(help: "Time slices of the causal weighting.") var slices: Int = 32
    @Option(help: "Causality parameters ε, comma-separated, increasing.") var epsilons: String = "100,1000"
    @Option(help: "Adam steps at one ε before moving on even if min w ≤ 0.99 (default: steps / number of ε).") var levelSteps: Int?
    @Option(help: "Random Fourier features after the periodic embedding (0: none).") var fourierFeatures: Int = 0
    @Option(help: "Standard deviation of the Fourier feature frequencies.") var fourierScale: Double = 1
    @Flag(name: .customLong("weight-factorization"), inversion: .prefixedNo,
          help: "Train the modified MLP's weights as W = V diag(exp(s)), s ~ N(1, 0.1²) (random weight factorisation).")
    var weightFactorization = true
    @Option(help: "The reference solution (.npy, 512 × 201, x first).") var reference: String = "Data/allen_cahn_reference.npy"
    @Flag(help: "Train without causal weighting only.") var plain = false
    @Flag(help: "Also train the plain PINN with the same network and budget (into OUTPUT/plain).") var compare = false

    func validate() throws {
        guard points >= 1, width >= 1, depth >= 1, slices >= 1 else {
            throw ValidationError("--points, --width, --depth and --slices must be at least 1")
        }
        guard parsedEpsilons != nil else { throw ValidationError("--epsilons must be a comma-separated list of non-negative numbers") }
        if let levelSteps, levelSteps < 1 { throw ValidationError("--level-steps must be at least 1") }
        guard fourierFeatures >= 0, fourierScale > 0 else { throw ValidationError("--fourier-features must be ≥ 0 and --fourier-scale > 0") }
        guard !(plain && compare) else { throw ValidationError("--plain and --compare exclude each other") }
    }

    var parsedEpsilons: [Double]? { nonNegativeNumbers(epsilons) }

    func run() throws {
        try ExampleRunner.main("allen-cahn") {
            let values = try ExampleRunner.loadReference(reference, shape: [512, 201])
            func example(causal: Bool) -> GalleryCase {
                let eps = parsedEpsilons!
                let perLevel = levelSteps ?? max((flags.steps ?? 60_000) / eps.count, 1)
                return Gallery.allenCahn(points: points, width: width, depth: depth, adam: flags.steps ?? 60_000,
                                  fourierFeatures: fourierFeatures, fourierScale: fourierScale, weightFactorization: weightFactorization,
                                  causal: causal ? Gallery.allenCahnCausal(slices: slices, epsilons: eps, stepsPerLevel: perLevel) : nil,
                                  seed: flags.seed, reference: values)
            }
            let extra = compare ? try ExampleRunner.comparePlain(example(causal: false), flags: flags, folder: "allen-cahn") : []
            try ExampleRunner.run(example(causal: !plain), flags: flags, extraMetrics: extra)
        }
    }
}
