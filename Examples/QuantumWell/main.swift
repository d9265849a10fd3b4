// quantum-well: ground states of −ψ″ + Vψ = Eψ for an infinite well (E = π² fixed), a finite well
// and a finite barrier (E trainable, compared with the root of the matching condition).
// Writes metrics.json, loss.csv, model.ckpt, solution.npy and pictures to runs/<example>/ (ExampleRunner).
import ArgumentParser
import ExampleSupport
import PDEKit

extension Gallery.QuantumPotential: ExpressibleByArgument {}

@main
struct QuantumWell: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantum-well", abstract: "Physics-informed ground states of 1D quantum wells.")

    @OptionGroup var flags: ExampleFlags
    @Option(help: "infinite, finite or barrier.") var potential: Gallery.QuantumPotential = .infinite
    @Option(help: "Collocation points (a midpoint grid).") var points: Int = 1000

    func validate() throws { guard points >= 2 else { throw ValidationError("--points must be at least 2") } }

    func run() throws {
        try ExampleRunner.main("quantum-well") {
            var example = Gallery.quantumWell(potential, points: points, seed: flags.seed)
            example.name = "quantum-well"
            var flags = flags
            if flags.output == nil { flags.output = "runs/quantum-well/\(potential.rawValue)" }
            try ExampleRunner.run(example, flags: flags, extraMetrics: [("potential", .text(potential.rawValue))])
        }
    }
}
