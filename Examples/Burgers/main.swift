// burgers: u_t + u u_x = (0.01/π) u_xx on [−1, 1] × [0, 1], u(x, 0) = −sin(πx), u(±1, t) = 0.
//
// The prediction on x = linspace(−1, 1, 256) × t = linspace(0, 0.99, 100) (x first) is written to
// solution.npy and compared with the exact Cole–Hopf solution (Gauss–Hermite quadrature), which
// `--write-reference Data/burgers_reference.npy` writes.
// Writes metrics.json, loss.csv, model.ckpt, solution.npy and pictures to runs/<example>/ (ExampleRunner).
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

@main
struct Burgers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "burgers",
        abstract: "Physics-informed network for viscous Burgers with a shock, against the exact Cole–Hopf solution.")

    @OptionGroup var flags: ExampleFlags
    @Option(help: "Collocation points (plus those added by refinement).") var points: Int = 4000
    @Option(help: "Hidden layer width.") var width: Int = 32
    @Option(help: "Hidden layers.") var depth: Int = 4
    @Option(help: "Residual-based refinement every N steps (0: none).") var refineEvery: Int = 500
    @Option(help: "Points added per refinement (of 20 000 candidates).") var refineAdded: Int = 500
    @Option(help: "Most points refinement adds in all.") var refineLimit: Int = 1500
    @Option(help: "Write the Cole–Hopf reference (256 × 100, x first) to this .npy file and exit.") var writeReference: String?

    func validate() throws {
        guard points >= 1 else { throw ValidationError("--points must be at least 1") }
        guard width >= 1, depth >= 1 else { throw ValidationError("--width and --depth must be at least 1") }
        guard refineEvery >= 0, refineAdded >= 1, refineAdded <= 20_000 else {
            throw ValidationError("--refine-every must be ≥ 0 and --refine-added between 1 and 20000")
        }
    }

    func run() throws {
        try ExampleRunner.main("burgers") {
            if let path = writeReference {
                let u = BurgersReference().grid(xs: BurgersReference.gridX, ts: BurgersReference.gridT)
                do { try u.writeNumpy(to: URL(fileURLWithPath: path)) } catch {
                    throw TrainingError.output("cannot write \(path): \(error.localizedDescription)")
                }
                print("burgers: Cole–Hopf reference \(u.shape) → \(path)")
                return
            }
            let refinement = refineEvery > 0 ? ResidualRefinement(every: refineEvery, candidates: 20_000, added: refineAdded,
                                                                   maximumAdded: refineLimit) : nil
            try ExampleRunner.run(Gallery.burgers(points: points, width: width, depth: depth, refinement: refinement, seed: flags.seed),
                                  flags: flags)
        }
    }
}
