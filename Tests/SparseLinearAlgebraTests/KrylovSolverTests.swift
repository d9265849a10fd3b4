import Foundation
import XCTest
import SparseLinearAlgebra

/// CG/PCG, MINRES and GMRES: convergence to the requested tolerance, the documented failure
/// reasons, and the preconditioners.
final class KrylovSolverTests: XCTestCase {
    /// ‖b − A x‖ / ‖b‖ computed independently of the solvers.
    func trueRelativeResidual(_ a: CSRMatrix, _ x: [Double], _ b: [Double]) throws -> Double {
        let ax = try a.multiplied(by: x)
        let r = zip(b, ax).map { $0 - $1 }
        return sqrt(r.reduce(0) { $0 + $1 * $1 }) / sqrt(b.reduce(0) { $0 + $1 * $1 })
    }

    /// A smooth right-hand side with all modes present.
    func rightHandSide(_ n: Int) -> [Double] {
        (0..<n).map { 1 + 0.5 * sin(0.1 * Double($0)) }
    }

    /// −Δu + c ∂u/∂x on the n × n interior grid, central differences, scaled by h²: non-symmetric.
    func convectionDiffusion(n: Int, c: Double) throws -> CSRMatrix {
        let h = 1 / Double(n + 1)
        var builder = try TripletBuilder(rowCount: n * n, columnCount: n * n)
        for j in 0..<n {
            for i in 0..<n {
                let row = i + n * j
                try builder.append(row: row, column: row, value: 4)
                if i > 0 { try builder.append(row: row, column: row - 1, value: -1 - c * h / 2) }
                if i < n - 1 { try builder.append(row: row, column: row + 1, value: -1 + c * h / 2) }
                if j > 0 { try builder.append(row: row, column: row - n, value: -1) }
                if j < n - 1 { try builder.append(row: row, column: row + n, value: -1) }
            }
        }
        return try builder.makeCSRMatrix()
    }

    func testCGSolvesSmallSystemExactly() throws {
        // [[4, 1], [1, 3]] x = [1, 2] has x = (1/11, 7/11); CG finishes in two steps.
        var builder = try TripletBuilder(rowCount: 2, columnCount: 2)
        for (i, j, v) in [(0, 0, 4.0), (0, 1, 1), (1, 0, 1), (1, 1, 3)] { try builder.append(row: i, column: j, value: v) }
        let a = try builder.makeCSRMatrix()
        let report = try ConjugateGradient(tolerances: SolverTolerances(relative: 1e-14)).solve(a, rightHandSide: [1, 2])
        XCTAssertEqual(report.reason, .converged)
        XCTAssertLessThanOrEqual(report.iterations, 2)
        XCTAssertEqual(report.solution[0], 1.0 / 11, accuracy: 1e-14)
        XCTAssertEqual(report.solution[1], 7.0 / 11, accuracy: 1e-14)
        XCTAssertEqual(report.residualHistory.count, report.iterations + 1)
    }

    func testCGReachesRequestedToleranceOn2DAnd3DLaplacians() throws {
        for (a, tol) in [(try CSRMatrix.laplacian2D(n: 40), 1e-8), (try CSRMatrix.laplacian3D(n: 12), 1e-10)] {
            let b = rightHandSide(a.rowCount)
            let report = try ConjugateGradient(tolerances: SolverTolerances(relative: tol)).solve(a, rightHandSide: b)
            XCTAssertEqual(report.reason, .converged)
            let rel = try trueRelativeResidual(a, report.solution, b)
            XCTAssertLessThanOrEqual(rel, tol * 1.01, "true residual above the tolerance")
            XCTAssertEqual(report.relativeResidual, rel, accuracy: 1e-3 * tol)
            XCTAssertLessThanOrEqual(report.residualHistory.last!, tol * report.rightHandSideNorm)
            XCTAssertGreaterThan(report.residualHistory[report.residualHistory.count - 2], tol * report.rightHandSideNorm)
            XCTAssertGreaterThan(report.wallTime, 0)
        }
    }

    func testCGWithInitialGuessAndMatrixFreeOperator() throws {
        let n = 200
        let a = FunctionOperator(size: n) { x, y in
            for i in 0..<n { y[i] = 2 * x[i] - (i > 0 ? x[i - 1] : 0) - (i < n - 1 ? x[i + 1] : 0) }
        }
        let exact = (0..<n).map { sin(Double($0) * 0.05) }
        let b = a.applied(to: exact)
        let cg = ConjugateGradient(tolerances: SolverTolerances(relative: 1e-12))
        let cold = try cg.solve(a, rightHandSide: b)
        for i in 0..<n { XCTAssertEqual(cold.solution[i], exact[i], accuracy: 1e-8) }
        // Starting from the solution converges at once.
        let warm = try cg.solve(a, rightHandSide: b, initialGuess: cold.solution)
        XCTAssertLessThan(warm.iterations, 3)
    }

    func testPreconditionersConvergeAndIC0NeedsFewerIterations() throws {
        let a = try CSRMatrix.laplacian2D(n: 48)
        let b = rightHandSide(a.rowCount)
        let cg = ConjugateGradient(tolerances: SolverTolerances(relative: 1e-8))
        let plain = try cg.solve(a, rightHandSide: b)
        let ic = try cg.solve(a, rightHandSide: b, preconditioner: try IncompleteCholeskyPreconditioner(a))
        let ssor = try cg.solve(a, rightHandSide: b, preconditioner: try SSORPreconditioner(a, omega: 1.5))
        let jacobi = try cg.solve(a, rightHandSide: b, preconditioner: try JacobiPreconditioner(a))
        for report in [plain, ic, ssor, jacobi] {
            XCTAssertEqual(report.reason, .converged)
            XCTAssertLessThanOrEqual(try trueRelativeResidual(a, report.solution, b), 1.01e-8)
        }
        XCTAssertEqual(ic.method, "PCG")
        XCTAssertLessThan(Double(ic.iterations), 0.6 * Double(plain.iterations), "IC(0): \(ic.iterations), CG: \(plain.iterations)")
        XCTAssertLessThan(ssor.iterations, plain.iterations)
        // Jacobi on a constant diagonal is a scaling: the same Krylov space, so the same iteration count (±1).
        XCTAssertEqual(Double(jacobi.iterations), Double(plain.iterations), accuracy: 1)
    }

    func testIncompleteCholeskyMatchesFullCholeskyOnATridiagonalMatrix() throws {
        // No fill for a tridiagonal matrix: IC(0) is the exact Cholesky factor, PCG converges in one step.
        let n = 50
        var builder = try TripletBuilder(rowCount: n, columnCount: n)
        for i in 0..<n {
            try builder.append(row: i, column: i, value: 2 + Double(i % 3))
            if i > 0 {
                try builder.append(row: i, column: i - 1, value: -1)
                try builder.append(row: i - 1, column: i, value: -1)
            }
        }
        let a = try builder.makeCSRMatrix()
        let ic = try IncompleteCholeskyPreconditioner(a)
        let b = rightHandSide(n)
        let z = ic.applied(to: b)
        XCTAssertLessThan(try trueRelativeResidual(a, z, b), 1e-14)
        let report = try ConjugateGradient(tolerances: SolverTolerances(relative: 1e-12)).solve(a, rightHandSide: b, preconditioner: ic)
        XCTAssertEqual(report.iterations, 1)
    }

    func testIncompleteCholeskyApplyEqualsTheTwoTriangularSolves() throws {
        // The sweeps take the neighbour next to the diagonal from a register where the row has one
        // (not at the start of a grid line): compare with the general triangular solves on L and Lᵀ.
        let a = try CSRMatrix.laplacian3D(n: 6)
        let ic = try IncompleteCholeskyPreconditioner(a)
        let b = rightHandSide(a.rowCount)
        let y = try ic.factor.solveLowerTriangular(b)
        let expected = try ic.factor.transposed().solveUpperTriangular(y)
        let z = ic.applied(to: b)
        let scale = expected.map(abs).max() ?? 1
        for i in 0..<b.count { XCTAssertEqual(z[i], expected[i], accuracy: 1e-14 * scale) }
        var zz = [Double](repeating: 0, count: b.count)
        let dot = ic.applyAndDot(b, into: &zz)
        XCTAssertEqual(zz, z)
        XCTAssertEqual(dot, zip(b, z).reduce(0) { $0 + $1.0 * $1.1 }, accuracy: 1e-13 * abs(dot))
    }

    func testPreconditionerSetupErrors() throws {
        // [[1, 2], [2, 1]] is symmetric but indefinite: the second pivot is 1 − 4 = −3.
        var builder = try TripletBuilder(rowCount: 2, columnCount: 2)
        for (i, j, v) in [(0, 0, 1.0), (0, 1, 2), (1, 0, 2), (1, 1, 1)] { try builder.append(row: i, column: j, value: v) }
        let indefinite = try builder.makeCSRMatrix()
        XCTAssertThrowsError(try IncompleteCholeskyPreconditioner(indefinite)) { error in
            XCTAssertEqual(error as? PreconditionerError, .nonPositivePivot(row: 1, value: -3))
            XCTAssertTrue("\(error)".contains("non-positive pivot"))
        }
        let offDiagonal = indefinite.upperTriangle(offset: 1)
        XCTAssertThrowsError(try JacobiPreconditioner(offDiagonal)) { error in
            XCTAssertEqual(error as? PreconditionerError, .zeroDiagonal(row: 0))
        }
        XCTAssertThrowsError(try SSORPreconditioner(try CSRMatrix.laplacian2D(n: 3), omega: 2)) { error in
            guard case .invalidParameter = error as? PreconditionerError else { return XCTFail("\(error)") }
        }
    }

    func testIndefiniteMatrixGivesDocumentedReason() throws {
        // diag(1, −3): pᵀAp = 1 − 3 < 0 for p = b = (1, 1).
        var builder = try TripletBuilder(rowCount: 2, columnCount: 2)
        try builder.append(row: 0, column: 0, value: 1)
        try builder.append(row: 1, column: 1, value: -3)
        let a = try builder.makeCSRMatrix()
        XCTAssertThrowsError(try ConjugateGradient().solve(a, rightHandSide: [1, 1])) { error in
            guard let error = error as? ConvergenceError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.reason, .indefiniteMatrix)
            XCTAssertEqual(error.report.iterations, 0)
            XCTAssertTrue(error.description.contains("indefinite"), error.description)
        }
    }

    func testIndefinitePreconditionerGivesDocumentedReason() throws {
        let a = try CSRMatrix.laplacian2D(n: 4)
        let negative = ClosurePreconditioner(dimension: a.rowCount) { r, z in
            for i in 0..<r.count { z[i] = -r[i] }
        }
        XCTAssertThrowsError(try ConjugateGradient().solve(a, rightHandSide: rightHandSide(a.rowCount), preconditioner: negative)) { error in
            XCTAssertEqual((error as? ConvergenceError)?.reason, .indefinitePreconditioner)
        }
        XCTAssertThrowsError(try MINRES().solve(a, rightHandSide: rightHandSide(a.rowCount), preconditioner: negative)) { error in
            XCTAssertEqual((error as? ConvergenceError)?.reason, .indefinitePreconditioner)
        }
    }

    func testMaximumIterationsIsAnErrorCarryingTheReport() throws {
        let a = try CSRMatrix.laplacian2D(n: 30)
        let b = rightHandSide(a.rowCount)
        let cg = ConjugateGradient(tolerances: SolverTolerances(relative: 1e-10, maxIterations: 5))
        XCTAssertThrowsError(try cg.solve(a, rightHandSide: b)) { error in
            guard let error = error as? ConvergenceError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.reason, .maximumIterations)
            XCTAssertEqual(error.report.iterations, 5)
            XCTAssertEqual(error.report.residualHistory.count, 6)
            XCTAssertEqual(error.report.solution.count, a.rowCount)
            XCTAssertGreaterThan(error.report.relativeResidual, 1e-10)
            XCTAssertTrue(error.description.contains("maximum number of iterations"), error.description)
        }
        XCTAssertThrowsError(try GMRES(restart: 10, tolerances: SolverTolerances(maxIterations: 7)).solve(a, rightHandSide: b)) { error in
            XCTAssertEqual((error as? ConvergenceError)?.reason, .maximumIterations)
            XCTAssertEqual((error as? ConvergenceError)?.report.iterations, 7)
        }
    }

    func testNonFiniteInputBreaksDown() throws {
        let a = try CSRMatrix.laplacian2D(n: 3)
        var b = rightHandSide(9)
        b[4] = .nan
        XCTAssertThrowsError(try ConjugateGradient().solve(a, rightHandSide: b)) { error in
            XCTAssertEqual((error as? ConvergenceError)?.reason, .breakdown)
        }
    }

    func testSetupErrorsForInconsistentSizes() throws {
        let a = try CSRMatrix.laplacian2D(n: 3)
        XCTAssertThrowsError(try ConjugateGradient().solve(a, rightHandSide: [1, 2])) { error in
            XCTAssertEqual(error as? SolverSetupError, .dimensionMismatch(expected: 9, found: 2, what: "the right-hand side"))
        }
        let wrongSize = try JacobiPreconditioner(try CSRMatrix.laplacian2D(n: 2))
        XCTAssertThrowsError(try MINRES().solve(a, rightHandSide: rightHandSide(9), preconditioner: wrongSize))
        XCTAssertThrowsError(try ConjugateGradient(tolerances: SolverTolerances(relative: -1)).solve(a, rightHandSide: rightHandSide(9)))
        XCTAssertThrowsError(try GMRES(restart: 0).solve(a, rightHandSide: rightHandSide(9)))
    }

    func testZeroRightHandSideConvergesImmediately() throws {
        let a = try CSRMatrix.laplacian2D(n: 3)
        let zero = [Double](repeating: 0, count: 9)
        for report in [try ConjugateGradient().solve(a, rightHandSide: zero), try MINRES().solve(a, rightHandSide: zero),
                       try GMRES().solve(a, rightHandSide: zero)] {
            XCTAssertEqual(report.iterations, 0)
            XCTAssertEqual(report.solution, zero)
        }
    }

    func testMINRESSolvesSymmetricIndefiniteSystem() throws {
        // Laplacian shifted into the middle of its spectrum (0, 8): symmetric, indefinite, nonsingular.
        let l = try CSRMatrix.laplacian2D(n: 20)
        let shift = 2.1234
        let a = l
        var shifted = a.values
        for i in 0..<a.rowCount { shifted[a.entryIndex(row: i, column: i)!] -= shift }
        let indefinite = try a.withValues(shifted)
        let b = rightHandSide(indefinite.rowCount)
        XCTAssertThrowsError(try ConjugateGradient().solve(indefinite, rightHandSide: b)) { error in
            XCTAssertEqual((error as? ConvergenceError)?.reason, .indefiniteMatrix)
        }
        let report = try MINRES(tolerances: SolverTolerances(relative: 1e-9)).solve(indefinite, rightHandSide: b)
        XCTAssertEqual(report.reason, .converged)
        XCTAssertLessThanOrEqual(try trueRelativeResidual(indefinite, report.solution, b), 1.1e-9)
        // The monitored residual never increases (MINRES minimises it over a growing space).
        for k in 1..<report.residualHistory.count {
            XCTAssertLessThanOrEqual(report.residualHistory[k], report.residualHistory[k - 1] * (1 + 1e-12))
        }
        // With an SPD preconditioner (Jacobi of the unshifted Laplacian) it converges too.
        let jacobi = try JacobiPreconditioner(l)
        let pre = try MINRES(tolerances: SolverTolerances(relative: 1e-9)).solve(indefinite, rightHandSide: b, preconditioner: jacobi)
        XCTAssertLessThanOrEqual(try trueRelativeResidual(indefinite, pre.solution, b), 1e-8)
    }

    func testMINRESMatchesCGOnSPDSystem() throws {
        let a = try CSRMatrix.laplacian3D(n: 8)
        let b = rightHandSide(a.rowCount)
        let tol = SolverTolerances(relative: 1e-11)
        let cg = try ConjugateGradient(tolerances: tol).solve(a, rightHandSide: b)
        let minres = try MINRES(tolerances: tol).solve(a, rightHandSide: b)
        for i in 0..<b.count { XCTAssertEqual(minres.solution[i], cg.solution[i], accuracy: 1e-9) }
    }

    func testGMRESSolvesConvectionDiffusion() throws {
        let a = try convectionDiffusion(n: 30, c: 40)
        XCTAssertFalse(a.isSymmetric(tolerance: 1e-3))
        let b = rightHandSide(a.rowCount)
        let tol = SolverTolerances(relative: 1e-10, maxIterations: 2000)
        let plain = try GMRES(restart: 30, tolerances: tol).solve(a, rightHandSide: b)
        XCTAssertEqual(plain.reason, .converged)
        XCTAssertEqual(plain.method, "GMRES(30)")
        XCTAssertLessThanOrEqual(try trueRelativeResidual(a, plain.solution, b), 1.01e-10)
        XCTAssertGreaterThan(plain.iterations, 30, "the test should exercise restarts")
        // Right preconditioning with SSOR (Gauss–Seidel sweeps) converges in fewer iterations.
        let ssor = try GMRES(restart: 30, tolerances: tol).solve(a, rightHandSide: b, preconditioner: try SSORPreconditioner(a))
        XCTAssertLessThanOrEqual(try trueRelativeResidual(a, ssor.solution, b), 1.01e-10)
        XCTAssertLessThan(ssor.iterations, plain.iterations)
        // Full GMRES (no restart within the budget) needs no more iterations than restarted GMRES.
        let full = try GMRES(restart: 400, tolerances: tol).solve(a, rightHandSide: b)
        XCTAssertLessThanOrEqual(full.iterations, plain.iterations)
    }

    func testGMRESExactInNSteps() throws {
        // For a 5 × 5 non-symmetric matrix, unrestarted GMRES is exact after at most 5 steps.
        var builder = try TripletBuilder(rowCount: 5, columnCount: 5)
        for i in 0..<5 {
            try builder.append(row: i, column: i, value: Double(i + 2))
            try builder.append(row: i, column: (i + 1) % 5, value: 1)
        }
        let a = try builder.makeCSRMatrix()
        let b = [1.0, 0, 2, 0, 3]
        let report = try GMRES(restart: 5, tolerances: SolverTolerances(relative: 1e-13)).solve(a, rightHandSide: b)
        XCTAssertLessThanOrEqual(report.iterations, 5)
        XCTAssertLessThan(try trueRelativeResidual(a, report.solution, b), 1e-13)
    }

    func testSolverResultsDoNotDependOnThreadCount() throws {
        let a = try CSRMatrix.laplacian2D(n: 100)   // 10 000 unknowns: two chunks
        let b = rightHandSide(a.rowCount)
        let one = try ConjugateGradient(tolerances: SolverTolerances(relative: 1e-8), threadCount: 1).solve(a, rightHandSide: b)
        let two = try ConjugateGradient(tolerances: SolverTolerances(relative: 1e-8), threadCount: 2).solve(a, rightHandSide: b)
        XCTAssertEqual(one.iterations, two.iterations)
        XCTAssertEqual(one.solution.map(\.bitPattern), two.solution.map(\.bitPattern))
    }
}

final class TrueResidualTests: XCTestCase {
    /// A tight tolerance on an ill-conditioned system: the recurred residual drifts below the true
    /// one, and a reported convergence must hold for b − Ax itself.
    func testConvergenceHoldsForTheTrueResidual() throws {
        let a = try CSRMatrix.laplacian2D(n: 200)
        let b = (0..<a.rowCount).map { sin(Double($0)) }
        let tolerances = SolverTolerances(relative: 1e-12, maxIterations: 20_000)
        let report = try ConjugateGradient(tolerances: tolerances).solve(a, rightHandSide: b)
        XCTAssertEqual(report.reason, .converged)
        XCTAssertLessThanOrEqual(report.residualNorm, report.threshold)
    }
}
