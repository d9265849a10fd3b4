// poisson-2d: −Δu = 2π² sin(πx) sin(πy), u = 0 on the boundary of the unit square (or, with
// --domain lshape, of the L-shape [−1, 1]² ∖ (0, 1]²); exact u = sin(πx) sin(πy).
// Writes metrics.json, loss.csv, model.ckpt, solution.npy and pictures to runs/<example>/ (ExampleRunner).
import ArgumentParser
import ExampleSupport
import PDEKit

extension Gallery.Poisson2DDomain: ExpressibleByArgument {}

@main
struct Poisson2D: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poisson-2d", abstract: "Physics-informed network for the 2D Poisson equation on a square or an L-shape.")

    @OptionGroup var flags: ExampleFlags
    @Option(help: "square or lshape.") var domain: Gallery.Poisson2DDomain = .square
    @Option(help: "Collocation points.") var points: Int = 2000

    func validate() throws { guard points >= 1 else { throw ValidationError("--points must be at least 1") } }

    func run() throws {
        try ExampleRunner.main("poisson-2d") {
            try ExampleRunner.run(Gallery.poisson2D(domain: domain, points: points, seed: flags.seed), flags: flags)
        }
    }
}
