import XCTest
import ReferenceSolvers

/// Bad input to the spectral solver gives a one-line thrown error, and blow-up gives `diverged`.
final class ETDRK4SolverErrorTests: XCTestCase {
    private func assertThrows<T>(_ expression: @autoclosure () throws -> T, _ expected: ReferenceSolverError,
                                 file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try expression(), file: file, line: line) { error in
            XCTAssertEqual(error as? ReferenceSolverError, expected, file: file, line: line)
            XCTAssertFalse("\(error)".contains("\n"), file: file, line: line)
        }
    }

    func testBadInputThrowsOneLineErrors() throws {
        let grid = try PeriodicGrid(start: 0, length: 1, count: 8)
        XCTAssertThrowsError(try ETDRK4Solver(equation: .heat(diffusivity: 1), grid: grid, timeStep: 0))
        XCTAssertThrowsError(try ETDRK4Solver(equation: .heat(diffusivity: 1), grid: grid, timeStep: -0.1))
        XCTAssertThrowsError(try PeriodicGrid(start: 0, length: 1, count: 0))
        XCTAssertThrowsError(try PeriodicGrid(start: 0, length: -1, count: 8))

        let solver = try ETDRK4Solver(equation: .burgers(viscosity: 0.1), grid: grid, timeStep: 0.1)
        let u0 = [Double](repeating: 1, count: 8)
        assertThrows(try solver.solve(initial: [], times: [1]),
                     .invalidArgument("the initial condition is empty; it needs one value per grid point (8)"))
        assertThrows(try solver.solve(initial: [1, 2], times: [1]),
                     .invalidArgument("the initial condition has 2 values for 8 grid points"))
        assertThrows(try solver.solve(initial: u0, times: [-1]), .outputTimeBeforeStart(time: -1, start: 0))
        assertThrows(try solver.solve(initial: u0, times: [0.5, 0.2]), .outputTimeBeforeStart(time: 0.2, start: 0.5))
        assertThrows(try solver.solve(initial: u0, times: [0.15]), .outputTimeNotOnStepGrid(time: 0.15, step: 0.1))
        // Times that are multiples of the step up to rounding are accepted.
        XCTAssertEqual(try solver.solve(initial: u0, times: [0.3, 0.7]).steps, 7)
    }

    func testBlowUpIsReportedAsDivergence() throws {
        // u_t = u² with u(0) = 1 blows up at t = 1.
        let grid = try PeriodicGrid(start: 0, length: 1, count: 8)
        let equation = SemilinearEquation(linearSymbol: { _ in .zero }, nonlinearity: .pointwise { $0 * $0 })
        let solver = try ETDRK4Solver(equation: equation, grid: grid, timeStep: 0.01)
        XCTAssertThrowsError(try solver.solve(initial: [Double](repeating: 1, count: 8), times: [2])) { error in
            guard case .diverged(let time)? = error as? ReferenceSolverError else {
                return XCTFail("expected diverged, got \(error)")
            }
            XCTAssert(time > 0.9 && time <= 2, "diverged at \(time)")
        }
    }
}
