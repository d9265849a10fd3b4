import Foundation
import PDEKit

/// The Lagrangian-PINN examples, each a function of its sizes.
public enum LagrangianGallery {
    /// Convection(–diffusion) u_t + β u_x = ν u_xx on [0, 2π) × [0, 1], u0 = sin x.
    ///
    /// Pure convection (ν = 0) is measured against the exact sin(x − βt); with viscosity against
    /// the ETDRK4 spectral solution on 256 points (exact for this linear equation up to rounding:
    /// a test compares it with e^{−νt} sin(x − βt)). The characteristics are x0 + βt either way.
    public static func convection(beta: Double, viscosity: Double = 0, points: Int = 2000, width: Int = 50, depth: Int = 5,
                                  characteristicWidth: Int = 20, characteristicDepth: Int = 2, harmonics: Int = 1,
                                  initialConditions: InitialConditionMode = .hard,
                                  adam: Int = 1000, lbfgs: Int = 1000) throws -> LagrangianCase {
        let equation = TransportEquation(speed: .constant(beta), viscosity: viscosity, finalTime: 1) { $0.sin() }
        var lagrangian = LagrangianPINN(equation: equation)
        (lagrangian.stateWidth, lagrangian.stateDepth) = (width, depth)
        (lagrangian.characteristicWidth, lagrangian.characteristicDepth) = (characteristicWidth, characteristicDepth)
        lagrangian.harmonics = harmonics
        lagrangian.collocationPoints = points
        lagrangian.initialConditions = initialConditions
        let stages = defaultStages(adam: adam, lbfgs: lbfgs)
        let solution: LagrangianCase.Solution
        if viscosity == 0 {
            solution = .exact { x, t in sin(x - beta * t) }
        } else {
            solution = .reference(try spectralReference(.convectionDiffusion(velocity: beta, diffusivity: viscosity),
                                                        equation: equation, count: 256, timeStep: 0.01, dealiasing: .none))
        }
        return LagrangianCase(name: viscosity == 0 ? "convection" : "convection-diffusion", lagrangian: lagrangian,
                              stages: stages, solution: solution, characteristics: { x0, t in x0 + beta * t })
    }

    /// Viscous Burgers u_t + u u_x = ν u_xx on [0, 2π) × [0, T], u0 = sin x + C, before the shock of
    /// the inviscid problem (t* = 1), against the ETDRK4 spectral solution on 512 points (2/3
    /// dealiasing, step 1e-4).
    public static func burgers(viscosity: Double = 0.01, offset: Double = 0.5, finalTime: Double = 0.5, points: Int = 2000,
                               width: Int = 50, depth: Int = 5, characteristicWidth: Int = 20, characteristicDepth: Int = 2,
                               harmonics: Int = 1, initialConditions: InitialConditionMode = .hard,
                               adam: Int = 1000, lbfgs: Int = 1000) throws -> LagrangianCase {
        let equation = TransportEquation(speed: .solution, viscosity: viscosity, finalTime: finalTime) { $0.sin() + offset }
        var lagrangian = LagrangianPINN(equation: equation)
        (lagrangian.stateWidth, lagrangian.stateDepth) = (width, depth)
        (lagrangian.characteristicWidth, lagrangian.characteristicDepth) = (characteristicWidth, characteristicDepth)
        lagrangian.harmonics = harmonics
        lagrangian.collocationPoints = points
        lagrangian.initialConditions = initialConditions
        let reference = try spectralReference(.burgers(viscosity: viscosity), equation: equation, count: 512,
                                              timeStep: finalTime / 100 / 50, dealiasing: .twoThirds)
        return LagrangianCase(name: "burgers-lagrangian", lagrangian: lagrangian, stages: defaultStages(adam: adam, lbfgs: lbfgs),
                              solution: .reference(reference))
    }

    /// Adam (learning rate 1e-3, halved every third of the stage) then L-BFGS.
    static func defaultStages(adam: Int, lbfgs: Int) -> [TrainingStage] {
        [.adam(steps: adam, schedule: .exponentialDecay(initial: 1e-3, rate: 0.5, decaySteps: max(adam / 3, 1))),
         .lbfgs(iterations: lbfgs)]
    }

    /// The ETDRK4 solution of `spectral` from the equation's u0 on `count` points, at the 101 times of
    /// the examples' grid.
    public static func spectralReference(_ spectral: SemilinearEquation, equation: TransportEquation, count: Int,
                                         timeStep: Double, dealiasing: Dealiasing) throws -> PeriodicSnapshots {
        let grid = try PeriodicGrid(start: equation.lower, length: equation.period, count: count)
        let times = equation.timeGrid(101)
        let solver = try ETDRK4Solver(equation: spectral, grid: grid, timeStep: timeStep, dealiasing: dealiasing)
        let solution = try solver.solve(initial: equation.initialValues(grid.points), times: times)
        return PeriodicSnapshots(times: times, values: solution.values, count: count, lower: equation.lower, period: equation.period)
    }
}
