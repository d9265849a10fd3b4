import ExampleSupport
import Foundation
import PDEKit
import XCTest

/// Fast versions of the Lagrangian-PINN examples (fixed seeds, small networks and budgets), and
/// their spectral references against exact solutions.
final class LagrangianRegressionTests: XCTestCase {
    func settings(adam: Int, lbfgs: Int) -> LagrangianRunner.Settings {
        var s = LagrangianRunner.Settings(stages: [.adam(steps: adam, schedule: .constant(1e-3)), .lbfgs(iterations: lbfgs)])
        s.progressEvery = 0
        return s
    }

    func testConvectionLagrangianBeatsThePlainPINN() throws {
        let example = try LagrangianGallery.convection(beta: 30, points: 512, width: 20, depth: 3,
                                                       characteristicWidth: 10, characteristicDepth: 1)
        let budget = settings(adam: 200, lbfgs: 200)
        let lagrangian = try LagrangianRunner.trainLagrangian(example, settings: budget)
        let plain = try LagrangianRunner.trainBaseline(example, settings: budget)
        print("convection β = 30: Lagrangian \(lagrangian.errors.relativeL2) (Eulerian grid \(lagrangian.eulerianErrors.relativeL2), "
              + "characteristics \(lagrangian.characteristicErrors!.position)), plain \(plain.errors.relativeL2)")
        // Measured: Lagrangian 2.2e-12 on both grids, characteristics 1.1e-13, plain 0.96.
        XCTAssertLessThan(lagrangian.errors.relativeL2, 1e-6)
        XCTAssertLessThan(lagrangian.eulerianErrors.relativeL2, 1e-6)
        XCTAssertLessThan(lagrangian.characteristicErrors!.position, 1e-8)
        XCTAssertGreaterThan(plain.errors.relativeL2, 0.5, "the plain PINN's failure mode at β = 30")
    }

    func testConvectionDiffusionSpectralReferenceIsTheExactSolution() throws {
        let (beta, nu) = (30.0, 0.01)
        let example = try LagrangianGallery.convection(beta: beta, viscosity: nu)
        guard case let .reference(snapshots) = example.solution else { return XCTFail("expected a spectral reference") }
        var worst = 0.0
        for (i, t) in snapshots.times.enumerated() {
            for x in [0.0, 0.7, 1.9, 3.3, 5.05, 6.2] {   // on and between the grid points
                worst = max(worst, abs(snapshots.value(at: x, row: i) - exp(-nu * t) * sin(x - beta * t)))
            }
        }
        XCTAssertLessThan(worst, 1e-12)
        XCTAssertEqual(snapshots.times.count, 101)
    }

    func testBurgersSpectralReferenceFollowsTheCharacteristics() throws {
        // At small ν the reference is close to the inviscid solution u = u0(x − t u) before the shock.
        let example = try LagrangianGallery.burgers(viscosity: 0.001, offset: 0.5, finalTime: 0.5)
        guard case let .reference(snapshots) = example.solution else { return XCTFail("expected a spectral reference") }
        var worst = 0.0
        for x in stride(from: 0.0, to: 2 * Double.pi, by: 0.1) {
            var u = 0.5
            for _ in 0..<200 { u = sin(x - 0.5 * u) + 0.5 }         // a contraction for t = 0.5
            worst = max(worst, abs(snapshots.value(at: x, row: 100) - u))
        }
        XCTAssertLessThan(worst, 5e-3)
    }
}
