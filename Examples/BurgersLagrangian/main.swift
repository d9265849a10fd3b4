// burgers-lagrangian: u_t + u u_x = ν u_xx on [0, 2π) × [0, T], u0 = sin x + C (ν = 0.01, C = 0.5,
// T = 0.5 by default; the inviscid shock forms at t = 1), by a Lagrangian PINN whose characteristics
// move with the solution (dX/dt = U) and whose viscous term comes from the chain rule through
// x0 → X. Measured against the ETDRK4 spectral solution (512 points, 2/3 dealiasing); `--compare`
// also trains a plain PINN of the same size and budget.
// Writes metrics.json, loss.csv, model.ckpt, solution.npy, solution.png, characteristics.npy, loss.svg.
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

@main
struct BurgersLagrangian: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "burgers-lagrangian",
        abstract: "Lagrangian PINN for viscous Burgers with u0 = sin x + C before the shock, against a spectral reference.")

    @OptionGroup var flags: ExampleFlags
    @OptionGroup var lagrangian: LagrangianFlags
    @Option(help: "Viscosity ν.") var viscosity: Double = 0.01
    @Option(help: "Offset C of u0 = sin x + C.") var offset: Double = 0.5
    @Option(help: "Final time T (the inviscid shock forms at t = 1).") var finalTime: Double = 0.5

    func validate() throws {
        guard viscosity >= 0.001, viscosity <= 1 else { throw ValidationError("--viscosity must be in [0.001, 1] (the 512-point reference resolves no less)") }
        guard offset.isFinite, abs(offset) <= 10 else { throw ValidationError("--offset must be a finite number with |C| ≤ 10") }
        guard finalTime > 0, finalTime < 1 else { throw ValidationError("--final-time must be in (0, 1), before the shock") }
    }

    func run() throws {
        try ExampleRunner.main("burgers-lagrangian") {
            let folder = URL(fileURLWithPath: flags.output ?? "runs/burgers-lagrangian")
            let example = try LagrangianGallery.burgers(
                viscosity: viscosity, offset: offset, finalTime: finalTime, points: lagrangian.points,
                width: lagrangian.width, depth: lagrangian.depth,
                characteristicWidth: lagrangian.characteristicWidth, characteristicDepth: lagrangian.characteristicDepth,
                harmonics: lagrangian.harmonics, initialConditions: lagrangian.initialConditions)
            if let points = flags.evaluate { return try LagrangianFlags.evaluate(example, points: points, folder: folder) }
            try LagrangianRunner.run(example, settings: try LagrangianFlags.settings(flags, example: example),
                                     compare: lagrangian.compare, folder: folder,
                                     extraMetrics: [("viscosity", .number(viscosity)), ("offset", .number(offset)),
                                                    ("final_time", .number(finalTime))])
        }
    }
}
