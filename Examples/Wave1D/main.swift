// wave-1d: u_tt = 4 u_xx on [0, 1] × [0, 1], u = 0 at x = 0, 1, u(x, 0) = sin(πx) + ½ sin(4πx),
// u_t(x, 0) = 0; exact u = sin(πx) cos(2πt) + ½ sin(4πx) cos(8πt).
// Writes metrics.json, loss.csv, model.ckpt, solution.npy and pictures to runs/<example>/ (ExampleRunner).
import ArgumentParser
import ExampleSupport
import PDEKit

@main
struct Wave1D: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wave-1d", abstract: "Physics-informed network for the 1D wave equation.")

    @OptionGroup var flags: ExampleFlags
    @Option(help: "Collocation points (redrawn every 1000 Adam steps).") var points: Int = 4000

    func validate() throws { guard points >= 1 else { throw ValidationError("--points must be at least 1") } }

    func run() throws {
        try ExampleRunner.main("wave-1d") {
            try ExampleRunner.run(Gallery.wave1D(points: points, seed: flags.seed), flags: flags)
        }
    }
}
