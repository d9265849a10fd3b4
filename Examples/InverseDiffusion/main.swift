// inverse-diffusion: recover D in u_t = D u_xx from 1 % noisy observations (truth D = 0.1).
// Writes metrics.json, loss.csv, model.ckpt, solution.npy and pictures to runs/<example>/ (ExampleRunner).
import ArgumentParser
import ExampleSupport
import PDEKit

@main
struct InverseDiffusion: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inverse-diffusion", abstract: "Recover a diffusion coefficient from noisy observations.")

    @OptionGroup var flags: ExampleFlags
    @Option(help: "Number of observations.") var observations: Int = 200
    @Option(help: "Noise level relative to max |u|.") var noise: Double = 0.01

    func validate() throws {
        guard observations >= 1 else { throw ValidationError("--observations must be at least 1") }
        guard noise >= 0, noise.isFinite else { throw ValidationError("--noise must be ≥ 0") }
    }

    func run() throws {
        try ExampleRunner.main("inverse-diffusion") {
            try ExampleRunner.run(Gallery.inverseDiffusion(observations: observations, noise: noise, seed: flags.seed), flags: flags)
        }
    }
}
