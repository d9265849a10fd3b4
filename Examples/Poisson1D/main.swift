// poisson-1d: −u″ = π² sin(πx) on [−1, 1], u(±1) = 0, exact solution u = sin(πx).
//
// A tanh network N(x) with the boundary conditions built in, u = (1 − x²) N(x), is trained on the
// residual at collocation points: Adam, then L-BFGS (Gallery.poisson1D holds the definition).
// Writes metrics.json, loss.csv, model.ckpt, solution.npy and pictures to runs/<example>/ (ExampleRunner).
import ArgumentParser
import ExampleSupport
import PDEKit

@main
struct Poisson1D: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poisson-1d",
        abstract: "Physics-informed network for −u″ = π² sin(πx) on [−1, 1] with u(±1) = 0.")

    @OptionGroup var flags: ExampleFlags
    @Option(help: "Collocation points.") var points: Int = 128
    @Option(help: "Hidden layer width.") var width: Int = 32
    @Option(help: "Hidden layers.") var depth: Int = 3

    func validate() throws {
        guard points >= 2 else { throw ValidationError("--points must be at least 2") }
        guard width >= 1, depth >= 1 else { throw ValidationError("--width and --depth must be at least 1") }
    }

    func run() throws {
        try ExampleRunner.main("poisson-1d") {
            try ExampleRunner.run(Gallery.poisson1D(points: points, width: width, depth: depth, seed: flags.seed), flags: flags)
        }
    }
}
