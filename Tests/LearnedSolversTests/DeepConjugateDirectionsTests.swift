import XCTest
import Autodiff
import SparseLinearAlgebra
import LearnedSolvers

final class DeepConjugateDirectionsTests: XCTestCase {
    func randomVector(_ n: Int, seed: UInt64) -> [Double] { RandomKey(seed: seed).normal([n]).scalars }

    func testResidualDirectionsReproduceConjugateGradients() throws {
        let a = try CSRMatrix.laplacian3D(n: 8)
        let b = randomVector(a.rowCount, seed: 1)
        let tolerances = SolverTolerances(relative: 1e-8)
        let cg = try ConjugateGradient(tolerances: tolerances).solve(a, rightHandSide: b)
        let dcdm = try DeepConjugateDirections(tolerances: tolerances).solve(a, rightHandSide: b, proposer: ResidualDirection())
        XCTAssertEqual(dcdm.reason, .converged)
        XCTAssertLessThanOrEqual(abs(dcdm.iterations - cg.iterations), 2, "DCDM \(dcdm.iterations), CG \(cg.iterations)")
        XCTAssertLessThanOrEqual(dcdm.relativeResidual, 1e-8)
        let difference = zip(dcdm.solution, cg.solution).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(difference, 1e-6)
    }

    func testSteepestDescentWithoutMemoryConvergesMoreSlowly() throws {
        let a = try CSRMatrix.laplacian2D(n: 6)
        let b = randomVector(a.rowCount, seed: 2)
        let tolerances = SolverTolerances(relative: 1e-6, maxIterations: 5_000)
        let descent = try DeepConjugateDirections(tolerances: tolerances, directionCount: 0, recomputesResidual: false)
            .solve(a, rightHandSide: b, proposer: ResidualDirection())
        let cg = try ConjugateGradient(tolerances: tolerances).solve(a, rightHandSide: b)
        XCTAssertEqual(descent.reason, .converged)
        XCTAssertGreaterThan(descent.iterations, 2 * cg.iterations)
        // The monitored residual of steepest descent is the true one up to rounding.
        XCTAssertEqual(descent.residualHistory.last!, descent.residualNorm, accuracy: 1e-10)
    }

    func testAnyDescentDirectionConvergesAndInitialGuessIsUsed() throws {
        // A crude proposer (Jacobi-smoothed residual with a random perturbation) still converges.
        let a = try CSRMatrix.laplacian3D(n: 6)
        let b = randomVector(a.rowCount, seed: 3)
        let noise = randomVector(a.rowCount, seed: 4)
        let proposer = ClosureDirection { r in zip(r, noise).map { $0 / 6 + 0.01 * $1 * $0 } }
        let solver = DeepConjugateDirections(tolerances: SolverTolerances(relative: 1e-6, maxIterations: 2_000))
        let report = try solver.solve(a, rightHandSide: b, proposer: proposer)
        XCTAssertEqual(report.reason, .converged)
        XCTAssertLessThanOrEqual(report.relativeResidual, 1e-6 * 1.0001)
        let again = try solver.solve(a, rightHandSide: b, initialGuess: report.solution, proposer: proposer)
        XCTAssertEqual(again.iterations, 0)
    }

    func testUselessDirectionsAndBadSizesAreReported() throws {
        let a = try CSRMatrix.laplacian2D(n: 4)
        let b = randomVector(a.rowCount, seed: 5)
        let solver = DeepConjugateDirections()
        XCTAssertThrowsError(try solver.solve(a, rightHandSide: b, proposer: ClosureDirection { $0.map { _ in 0 } })) { error in
            XCTAssertEqual((error as? ConvergenceError)?.reason, .breakdown)
        }
        XCTAssertThrowsError(try solver.solve(a, rightHandSide: b, proposer: ClosureDirection { Array($0.dropLast()) })) { error in
            XCTAssertTrue(error is SolverSetupError)
        }
        XCTAssertThrowsError(try solver.solve(a, rightHandSide: Array(b.dropLast()), proposer: ResidualDirection()))
        let capped = DeepConjugateDirections(tolerances: SolverTolerances(relative: 1e-12, maxIterations: 3))
        XCTAssertThrowsError(try capped.solve(a, rightHandSide: b, proposer: ResidualDirection())) { error in
            XCTAssertEqual((error as? ConvergenceError)?.reason, .maximumIterations)
            XCTAssertEqual((error as? ConvergenceError)?.report.iterations, 3)
        }
    }

    /// With residual directions, one residual step per proposal makes every iteration two conjugate
    /// gradient steps: half CG's iterations, the same solution. A useless proposer (a fixed vector)
    /// still converges through the residual steps, and a residual already spanned is skipped.
    func testResidualStepsAddConjugateGradientSteps() throws {
        let a = try CSRMatrix.laplacian3D(n: 8)
        let b = randomVector(a.rowCount, seed: 6)
        let tolerances = SolverTolerances(relative: 1e-8, maxIterations: 2_000)
        let cg = try ConjugateGradient(tolerances: tolerances).solve(a, rightHandSide: b)
        var solver = DeepConjugateDirections(tolerances: tolerances)
        solver.residualSteps = 1
        let doubled = try solver.solve(a, rightHandSide: b, proposer: ResidualDirection())
        XCTAssertEqual(doubled.reason, .converged)
        XCTAssertLessThanOrEqual(abs(2 * doubled.iterations - cg.iterations), 3, "DCDM \(doubled.iterations), CG \(cg.iterations)")
        XCTAssertLessThan(zip(doubled.solution, cg.solution).map { abs($0 - $1) }.max()!, 1e-6)
        let fixed = randomVector(a.rowCount, seed: 7)
        let stubborn = try solver.solve(a, rightHandSide: b, proposer: ClosureDirection { _ in fixed })
        XCTAssertEqual(stubborn.reason, .converged)
        XCTAssertLessThanOrEqual(stubborn.relativeResidual, 1e-8 * 1.0001)
        XCTAssertThrowsError(try DeepConjugateDirections(tolerances: tolerances).solve(a, rightHandSide: b, proposer: ClosureDirection { _ in fixed }),
                             "without residual steps a fixed direction cannot converge")
    }
}
