// helmholtz-2d: −Δu − k²u = f on the unit square, k = 4π, u = 0 on the boundary (hard constraint);
// exact u = sin(4πx) sin(4πy).
// Writes metrics.json, loss.csv, model.ckpt, solution.npy and pictures to runs/<example>/ (ExampleRunner).
import ArgumentParser
import ExampleSupport
import PDEKit

@main
struct Helmholtz2D: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helmholtz-2d", abstract: "Physics-informed network for the 2D Helmholtz equation, k = 4π.")

    @OptionGroup var flags: ExampleFlags
    @Option(help: "Collocation points.") var points: Int = 4000

    func validate() throws { guard points >= 1 else { throw ValidationError("--points must be at least 1") } }

    func run() throws {
        try ExampleRunner.main("helmholtz-2d") {
            try ExampleRunner.run(Gallery.helmholtz2D(points: points, seed: flags.seed), flags: flags)
        }
    }
}
