// convection-diffusion: u_t + β u_x = ν u_xx on [0, 2π) × [0, 1], u0 = sin x, by a Lagrangian PINN,
// against the ETDRK4 spectral solution (256 points; for this u0 it is e^{−νt} sin(x − βt)).
//
// The state residual is U_t − ν u_xx with u_xx = U_x0x0 (the characteristics x0 + βt have unit
// Jacobian); `--compare` also trains a plain PINN, `--sweep` runs β = 10, 30, 50, 70.
// Writes metrics.json, loss.csv, model.ckpt, solution.npy, solution.png, characteristics.npy, loss.svg.
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

@main
struct ConvectionDiffusion: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convection-diffusion",
        abstract: "Lagrangian PINN for u_t + β u_x = ν u_xx, against the project's spectral solver.")

    @OptionGroup var flags: ExampleFlags
    @OptionGroup var lagrangian: LagrangianFlags
    @Option(help: "Convection speed β.") var beta: Double = 30
    @Option(help: "Diffusivity ν.") var viscosity: Double = 0.01
    @Flag(help: "Run β = 10, 30, 50, 70 (each in OUTPUT/beta<β>/).") var sweep = false

    func validate() throws {
        guard beta.isFinite, abs(beta) <= 1000 else { throw ValidationError("--beta must be a finite number with |β| ≤ 1000") }
        guard viscosity > 0, viscosity <= 10 else { throw ValidationError("--viscosity must be in (0, 10]") }
    }

    func run() throws {
        try ExampleRunner.main("convection-diffusion") {
            let folder = URL(fileURLWithPath: flags.output ?? "runs/convection-diffusion")
            let make = { (beta: Double) in
                try LagrangianGallery.convection(
                    beta: beta, viscosity: viscosity, points: lagrangian.points, width: lagrangian.width, depth: lagrangian.depth,
                    characteristicWidth: lagrangian.characteristicWidth, characteristicDepth: lagrangian.characteristicDepth,
                    harmonics: lagrangian.harmonics, initialConditions: lagrangian.initialConditions)
            }
            let example = try make(beta)
            if let points = flags.evaluate { return try LagrangianFlags.evaluate(example, points: points, folder: folder) }
            let settings = try LagrangianFlags.settings(flags, example: example)
            if sweep {
                try LagrangianRunner.sweep("convection-diffusion", betas: [10, 30, 50, 70], settings: settings,
                                           compare: lagrangian.compare, folder: folder,
                                           extraMetrics: [("viscosity", .number(viscosity))], make: make)
            } else {
                try LagrangianRunner.run(example, settings: settings, compare: lagrangian.compare, folder: folder,
                                         extraMetrics: [("beta", .number(beta)), ("viscosity", .number(viscosity))])
            }
        }
    }
}
