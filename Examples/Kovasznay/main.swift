// kovasznay: steady incompressible Navier–Stokes at Re = 20 (three outputs u, v, p) against
// Kovasznay's exact solution.
// Writes metrics.json, loss.csv, model.ckpt, solution.npy and pictures to runs/<example>/ (ExampleRunner).
import ArgumentParser
import ExampleSupport
import PDEKit

@main
struct Kovasznay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kovasznay", abstract: "Physics-informed network for Kovasznay flow (Navier–Stokes, Re = 20).")

    @OptionGroup var flags: ExampleFlags
    @Option(help: "Collocation points.") var points: Int = 2601

    func validate() throws { guard points >= 1 else { throw ValidationError("--points must be at least 1") } }

    func run() throws {
        try ExampleRunner.main("kovasznay") {
            try ExampleRunner.run(Gallery.kovasznay(points: points, seed: flags.seed), flags: flags)
        }
    }
}
