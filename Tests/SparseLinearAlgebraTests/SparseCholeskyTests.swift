import Foundation
import XCTest
import SparseLinearAlgebra

/// Direct solves through CHOLMOD: agreement with CG, reuse of the analysis, errors.
final class SparseCholeskyTests: XCTestCase {
    func rightHandSide(_ n: Int) -> [Double] {
        (0..<n).map { 1 + 0.5 * sin(0.1 * Double($0)) }
    }

    func relativeResidual(_ a: CSRMatrix, _ x: [Double], _ b: [Double]) throws -> Double {
        let ax = try a.multiplied(by: x)
        let r = zip(b, ax).map { $0 - $1 }
        return sqrt(r.reduce(0) { $0 + $1 * $1 }) / sqrt(b.reduce(0) { $0 + $1 * $1 })
    }

    func testSolutionEqualsCGToTheTolerance() throws {
        let a = try CSRMatrix.laplacian2D(n: 30)
        let b = rightHandSide(a.rowCount)
        let cholesky = try SparseCholesky(factoring: a)
        XCTAssertTrue(cholesky.isFactored)
        XCTAssertGreaterThan(cholesky.predictedFactorNonzeros, Double(a.nonzeroCount) / 2)
        let x = try cholesky.solve(b)
        XCTAssertLessThan(try relativeResidual(a, x, b), 1e-13)
        let cg = try ConjugateGradient(tolerances: SolverTolerances(relative: 1e-10)).solve(a, rightHandSide: b)
        // ‖x_cg − x‖ / ‖x‖ ≤ κ · 1e-10; κ ≈ 400 here.
        let diff = sqrt(zip(x, cg.solution).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) })
        let norm = sqrt(x.reduce(0) { $0 + $1 * $1 })
        XCTAssertLessThan(diff / norm, 1e-10 * 500)
        XCTAssertGreaterThan(diff, 0)
    }

    func testLowerTriangleAloneGivesTheSameFactor() throws {
        let a = try CSRMatrix.laplacian3D(n: 7)
        let b = rightHandSide(a.rowCount)
        let full = try SparseCholesky(factoring: a).solve(b)
        let lower = try SparseCholesky(factoring: a.lowerTriangle()).solve(b)
        for i in 0..<b.count { XCTAssertEqual(full[i], lower[i], accuracy: 1e-13) }
    }

    func testRefactorisationWithSamePatternReusesAnalysis() throws {
        let a = try CSRMatrix.laplacian2D(n: 20)
        let cholesky = try SparseCholesky(analyzing: a)
        XCTAssertFalse(cholesky.isFactored)
        XCTAssertThrowsError(try cholesky.solve(rightHandSide(a.rowCount))) { error in
            XCTAssertEqual(error as? SparseCholeskyError, .notFactored)
        }
        let b = rightHandSide(a.rowCount)
        // A + σ I for several σ: the same pattern, different values.
        for sigma in [0.0, 0.5, 3.0] {
            var values = a.values
            for i in 0..<a.rowCount { values[a.entryIndex(row: i, column: i)!] += sigma }
            let shifted = try a.withValues(values)
            try cholesky.factor(shifted)
            let x = try cholesky.solve(b)
            XCTAssertLessThan(try relativeResidual(shifted, x, b), 1e-13, "σ = \(sigma)")
        }
        // A different pattern is refused.
        XCTAssertThrowsError(try cholesky.factor(try CSRMatrix.laplacian2D(n: 19))) { error in
            XCTAssertEqual(error as? SparseCholeskyError, .patternMismatch)
        }
    }

    func testSeveralRightHandSides() throws {
        let a = try CSRMatrix.laplacian2D(n: 12)
        let cholesky = try SparseCholesky(factoring: a)
        let bs = (0..<3).map { k in (0..<a.rowCount).map { cos(Double(k + 1) * 0.3 * Double($0)) } }
        let xs = try cholesky.solve(bs)
        XCTAssertEqual(xs.count, 3)
        for k in 0..<3 {
            XCTAssertLessThan(try relativeResidual(a, xs[k], bs[k]), 1e-13)
            let single = try cholesky.solve(bs[k])
            for i in 0..<a.rowCount { XCTAssertEqual(xs[k][i], single[i], accuracy: 1e-12 * max(1, abs(single[i]))) }
        }
        XCTAssertThrowsError(try cholesky.solve([[1, 2, 3]])) { error in
            XCTAssertEqual(error as? SparseCholeskyError, .dimensionMismatch(expected: a.rowCount, found: 3))
        }
    }

    func testNegativeDefiniteMatrixIsRefused() throws {
        // Small enough for a simplicial factorisation, where LDLᵀ would accept negative pivots.
        let a = try CSRMatrix.laplacian2D(n: 3)
        XCTAssertThrowsError(try SparseCholesky(factoring: try a.withValues(a.values.map { -$0 }))) { error in
            guard case .notPositiveDefinite? = error as? SparseCholeskyError else { return XCTFail("\(error)") }
        }
    }

    func testNotPositiveDefiniteIsATypedError() throws {
        let a = try CSRMatrix.laplacian2D(n: 10)
        var values = a.values
        for i in 0..<a.rowCount { values[a.entryIndex(row: i, column: i)!] -= 3 }   // spectrum (−3, 5): indefinite
        let indefinite = try a.withValues(values)
        XCTAssertThrowsError(try SparseCholesky(factoring: indefinite)) { error in
            guard case .notPositiveDefinite(let column)? = error as? SparseCholeskyError else { return XCTFail("\(error)") }
            XCTAssertGreaterThanOrEqual(column, 0)
            XCTAssertLessThan(column, a.rowCount)
            XCTAssertTrue("\(error)".contains("not positive definite"))
        }
        // A failed refactorisation leaves no usable factor; a good one restores it.
        let cholesky = try SparseCholesky(factoring: a)
        XCTAssertThrowsError(try cholesky.factor(indefinite))
        XCTAssertFalse(cholesky.isFactored)
        XCTAssertThrowsError(try cholesky.solve(rightHandSide(a.rowCount)))
        try cholesky.factor(a)
        XCTAssertNoThrow(try cholesky.solve(rightHandSide(a.rowCount)))
    }

    func testPredictedFactorMemoryBoundsTheFactorAndIsEnforced() throws {
        // A 2-D problem (simplicial factor) and a 3-D one (supernodal): values (8 bytes) and indices
        // of every predicted entry of L, and not wildly more.
        for a in [try CSRMatrix.laplacian2D(n: 30), try CSRMatrix.laplacian3D(n: 16)] {
            let cholesky = try SparseCholesky(analyzing: a)
            XCTAssertGreaterThanOrEqual(cholesky.predictedFactorBytes, 8 * cholesky.predictedFactorNonzeros)
            XCTAssertLessThanOrEqual(cholesky.predictedFactorBytes, 32 * cholesky.predictedFactorNonzeros)
            cholesky.memoryLimitBytes = cholesky.predictedFactorBytes / 2
            XCTAssertThrowsError(try cholesky.factor(a)) { error in
                guard case .insufficientMemory(let required, let available)? = error as? SparseCholeskyError else {
                    return XCTFail("expected insufficientMemory, got \(error)")
                }
                XCTAssertEqual(required, cholesky.predictedFactorBytes)
                XCTAssertEqual(available, cholesky.predictedFactorBytes / 2)
            }
            XCTAssertFalse(cholesky.isFactored)
            cholesky.memoryLimitBytes = cholesky.predictedFactorBytes
            try cholesky.factor(a)
            let b = rightHandSide(a.rowCount)
            XCTAssertLessThan(try relativeResidual(a, try cholesky.solve(b), b), 1e-13)
        }
    }

    func testNonSymmetricOrNonSquareMatricesAreRefused() throws {
        var builder = try TripletBuilder(rowCount: 2, columnCount: 2)
        for (i, j, v) in [(0, 0, 2.0), (0, 1, 1), (1, 0, 0.5), (1, 1, 2)] { try builder.append(row: i, column: j, value: v) }
        XCTAssertThrowsError(try SparseCholesky(factoring: try builder.makeCSRMatrix())) { error in
            XCTAssertEqual(error as? SparseCholeskyError, .notSymmetric)
        }
        let rectangular = try CSRMatrix(rowCount: 1, columnCount: 2, rowPointers: [0, 1], columnIndices: [0], values: [1])
        XCTAssertThrowsError(try SparseCholesky(analyzing: rectangular)) { error in
            XCTAssertEqual(error as? SparseCholeskyError, .notSquare(rows: 1, columns: 2))
        }
    }
}
