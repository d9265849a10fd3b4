import Foundation
import PDEKit
import XCTest

/// The snippet of Documentation/LagrangianPINN.md, run as written (with progress lines off).
final class LagrangianGuideTests: XCTestCase {
    func testGuideSnippetSolvesConvectionAtBeta30() throws {
        let equation = TransportEquation(speed: .constant(30), finalTime: 1) { $0.sin() }   // u_t + 30 u_x = 0, u0 = sin x
        var lagrangian = LagrangianPINN(equation: equation)           // sizes, points, weights, IC mode: settable properties
        lagrangian.collocationPoints = 500
        var options = TrainingOptions(stages: [.adam(steps: 200, schedule: .constant(1e-3)), .lbfgs(iterations: 200)])
        options.progressEvery = 0
        let trainer = try Trainer(problem: lagrangian.problem(), model: lagrangian.model(key: RandomKey(seed: 0)), options: options)
        _ = try trainer.train()
        let xs = equation.periodicGrid(256), ts = equation.timeGrid(101)

        let solution = lagrangian.solution(of: trainer.model)                  // X, U on 256 labels × 101 times
        let error = solution.errors(exact: { x, t in sin(x - 30 * t) })         // ErrorSummary: relativeL2, maxAbs
        let characteristics = solution.characteristicErrors(exact: { x0, t in x0 + 30 * t })
        let u = lagrangian.eulerianValues(of: trainer.model, xs: xs, times: ts)  // u(x, t) on a grid, x first

        var exact: [Double] = []
        for x in xs { for t in ts { exact.append(sin(x - 30 * t)) } }
        print("guide snippet: relative L2 \(error.relativeL2), characteristics \(characteristics.position), "
              + "Eulerian \(ErrorSummary(prediction: u, reference: exact).relativeL2)")
        XCTAssertLessThan(error.relativeL2, 1e-2)
        XCTAssertLessThan(characteristics.position, 1e-3)
        XCTAssertEqual(ErrorSummary(prediction: u, reference: exact).relativeL2, error.relativeL2, accuracy: 1e-3)
    }
}
