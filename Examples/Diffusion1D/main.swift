// diffusion-1d: u_t = u_xx − e^(−t)(sin(πx) − π² sin(πx)) on [−1, 1] × [0, 1] with soft initial and
// boundary conditions; exact u = e^(−t) sin(πx).
// Writes metrics.json, loss.csv, model.ckpt, solution.npy and pictures to runs/<example>/ (ExampleRunner).
import ArgumentParser
import ExampleSupport
import PDEKit

@main
struct Diffusion1D: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diffusion-1d", abstract: "Physics-informed network for a 1D diffusion equation with a source.")

    @OptionGroup var flags: ExampleFlags
    @Option(help: "Collocation points (redrawn every 1000 Adam steps).") var points: Int = 2000

    func validate() throws { guard points >= 1 else { throw ValidationError("--points must be at least 1") } }

    func run() throws {
        try ExampleRunner.main("diffusion-1d") {
            try ExampleRunner.run(Gallery.diffusion1D(points: points, seed: flags.seed), flags: flags)
        }
    }
}
