// convection: u_t + β u_x = 0 on [0, 2π) × [0, 1], u0 = sin x, exact u = sin(x − βt), by a
// Lagrangian PINN (characteristics X(x0, t) and state U(x0, t), Documentation/LagrangianPINN.md).
//
// Errors are measured in physical space (U against u at X) and on the Eulerian 256 × 101 grid the
// prediction is resampled to; `--compare` also trains a plain PINN of the same size and budget,
// `--sweep` runs β = 10, 30, 50, 70 into runs/convection/beta<β>/.
// Writes metrics.json, loss.csv, model.ckpt, solution.npy, solution.png, characteristics.npy, loss.svg.
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

@main
struct Convection: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convection",
        abstract: "Lagrangian PINN for u_t + β u_x = 0 (the plain PINN's failure mode), against the exact solution.")

    @OptionGroup var flags: ExampleFlags
    @OptionGroup var lagrangian: LagrangianFlags
    @Option(help: "Convection speed β.") var beta: Double = 30
    @Flag(help: "Run β = 10, 30, 50, 70 (each in OUTPUT/beta<β>/).") var sweep = false

    func validate() throws {
        guard beta.isFinite, abs(beta) <= 1000 else { throw ValidationError("--beta must be a finite number with |β| ≤ 1000") }
    }

    func run() throws {
        try ExampleRunner.main("convection") {
            let folder = URL(fileURLWithPath: flags.output ?? "runs/convection")
            let make = { (beta: Double) in
                try LagrangianGallery.convection(
                    beta: beta, points: lagrangian.points, width: lagrangian.width, depth: lagrangian.depth,
                    characteristicWidth: lagrangian.characteristicWidth, characteristicDepth: lagrangian.characteristicDepth,
                    harmonics: lagrangian.harmonics, initialConditions: lagrangian.initialConditions)
            }
            let example = try make(beta)
            if let points = flags.evaluate { return try LagrangianFlags.evaluate(example, points: points, folder: folder) }
            let settings = try LagrangianFlags.settings(flags, example: example)
            if sweep {
                try LagrangianRunner.sweep("convection", betas: [10, 30, 50, 70], settings: settings, compare: lagrangian.compare,
                                           folder: folder, make: make)
            } else {
                try LagrangianRunner.run(example, settings: settings, compare: lagrangian.compare, folder: folder,
                                         extraMetrics: [("beta", .number(beta))])
            }
        }
    }
}
