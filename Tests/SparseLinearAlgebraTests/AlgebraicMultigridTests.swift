import Foundation
import XCTest
import SparseLinearAlgebra

/// Sparse matrix products and smoothed-aggregation AMG: products against dense arithmetic, the
/// preconditioner's symmetry, iteration counts that stay flat as the grid is refined, decoupled
/// rows, and the documented errors.
final class AlgebraicMultigridTests: XCTestCase {
    func randomSparse(rows: Int, columns: Int, density: Double, seed: UInt64) throws -> CSRMatrix {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var builder = try TripletBuilder(rowCount: rows, columnCount: columns)
        for i in 0..<rows {
            for j in 0..<columns where next() < density { try builder.append(row: i, column: j, value: next() - 0.5) }
        }
        return try builder.makeCSRMatrix()
    }

    func dense(_ a: CSRMatrix) -> [[Double]] { a.denseRows() }

    func testProductAndMergeAgreeWithDenseArithmetic() throws {
        let a = try randomSparse(rows: 9, columns: 13, density: 0.3, seed: 1)
        let b = try randomSparse(rows: 13, columns: 7, density: 0.3, seed: 2)
        let c = try a.multiplied(by: b)
        let (da, db, dc) = (dense(a), dense(b), dense(c))
        for i in 0..<9 {
            for j in 0..<7 {
                let expected = (0..<13).reduce(0.0) { $0 + da[i][$1] * db[$1][j] }
                XCTAssertEqual(dc[i][j], expected, accuracy: 1e-15)
            }
        }
        // Columns strictly increase in every row (the CSR invariant the kernels rely on).
        XCTAssertNoThrow(try CSRMatrix(rowCount: c.rowCount, columnCount: c.columnCount, rowPointers: c.rowPointers,
                                       columnIndices: c.columnIndices, values: c.values))
        let d = try randomSparse(rows: 9, columns: 13, density: 0.3, seed: 3)
        let sum = dense(try a.merged(with: d, scaledBy: -2))
        let dd = dense(d)
        for i in 0..<9 { for j in 0..<13 { XCTAssertEqual(sum[i][j], da[i][j] - 2 * dd[i][j], accuracy: 1e-15) } }
        XCTAssertThrowsError(try a.multiplied(by: a)) { XCTAssertTrue("\($0)".contains("cannot multiply a 9 × 13 matrix by a 9 × 13 one")) }
        XCTAssertThrowsError(try a.merged(with: b)) { XCTAssertTrue("\($0)".contains("cannot add a 13 × 7 matrix to a 9 × 13 one")) }
    }

    func testProductOnThreadsEqualsTheProductOnOne() throws {
        // 40 000 rows: the product is split into row ranges on two threads.
        let a = try CSRMatrix.laplacian2D(n: 200)
        let b = try a.scaled(by: 0.5).merged(with: try CSRMatrix.identity(a.rowCount), scaledBy: 3)
        let one = try a.multiplied(by: b, threadCount: 1), two = try a.multiplied(by: b, threadCount: 2)
        XCTAssertEqual(one, two)
        // Against two products with a vector: (A B) x = A (B x).
        let x = (0..<a.rowCount).map { sin(Double($0)) }
        let abx = try one.multiplied(by: x), a_bx = try a.multiplied(by: try b.multiplied(by: x))
        for i in stride(from: 0, to: x.count, by: 37) { XCTAssertEqual(abx[i], a_bx[i], accuracy: 1e-12) }
        // The 13-point stencil of Δ²: offsets (0, 0), (±1, 0), (0, ±1), (±2, 0), (0, ±2), (±1, ±1) inside the grid.
        let n = 200
        XCTAssertEqual(one.nonzeroCount, n * n + 4 * n * (n - 1) + 4 * n * (n - 2) + 4 * (n - 1) * (n - 1))
    }

    func pcgIterations(_ a: CSRMatrix, _ m: SmoothedAggregationPreconditioner) throws -> Int {
        let b = (0..<a.rowCount).map { sin(0.7 * Double($0)) + 0.3 }
        let report = try ConjugateGradient(tolerances: SolverTolerances(relative: 1e-8)).solve(a, rightHandSide: b, preconditioner: m)
        XCTAssertLessThan(report.residualNorm, 1e-8 * report.rightHandSideNorm)
        return report.iterations
    }

    func testIterationsStayFlatUnderRefinement() throws {
        // 2-D: 4 096 → 65 536 rows, 3-D: 1 728 → 46 656 rows. CG's count grows with the grid size
        // (2-D: 511 iterations at 256²); AMG's stays about the same.
        for (small, large) in [(try CSRMatrix.laplacian2D(n: 64), try CSRMatrix.laplacian2D(n: 256)),
                               (try CSRMatrix.laplacian3D(n: 12), try CSRMatrix.laplacian3D(n: 36))] {
            let ms = try SmoothedAggregationPreconditioner(small), ml = try SmoothedAggregationPreconditioner(large)
            XCTAssertGreaterThan(ml.levels.count, ms.levels.count)
            XCTAssertEqual(ml.levels[0].rowCount, large.rowCount)
            XCTAssertEqual(ml.levels[0].nonzeroCount, large.nonzeroCount)
            XCTAssertLessThanOrEqual(ml.levels.last!.rowCount, 300)
            XCTAssertLessThan(ml.operatorComplexity, 2)
            let (its, itl) = (try pcgIterations(small, ms), try pcgIterations(large, ml))
            XCTAssertLessThanOrEqual(itl, 12, "\(large.rowCount) rows")
            XCTAssertLessThanOrEqual(itl, its + 4, "\(small.rowCount) rows: \(its), \(large.rowCount) rows: \(itl)")
            let cg = try ConjugateGradient(tolerances: SolverTolerances(relative: 1e-8, maxIterations: 10_000))
                .solve(large, rightHandSide: (0..<large.rowCount).map { sin(0.7 * Double($0)) + 0.3 })
            XCTAssertGreaterThan(cg.iterations, 8 * itl)
        }
    }

    func testVCycleIsSymmetricAndPositive() throws {
        let a = try CSRMatrix.laplacian3D(n: 14)
        let m = try SmoothedAggregationPreconditioner(a, strengthThreshold: 0.1)
        let x = (0..<a.rowCount).map { cos(1.3 * Double($0)) }, y = (0..<a.rowCount).map { sin(0.4 * Double($0) + 1) }
        let (mx, my) = (m.applied(to: x), m.applied(to: y))
        let xMy = zip(x, my).reduce(0) { $0 + $1.0 * $1.1 }, yMx = zip(y, mx).reduce(0) { $0 + $1.0 * $1.1 }
        XCTAssertEqual(xMy, yMx, accuracy: 1e-12 * abs(xMy))
        XCTAssertGreaterThan(zip(x, mx).reduce(0) { $0 + $1.0 * $1.1 }, 0)
        // Deterministic: the same bits on one thread and on two.
        var one = m
        one.threadCount = 1
        XCTAssertTrue(one.applied(to: x) == mx)
    }

    func testRowsDecoupledFromTheRestAreLeftToTheSmoother() throws {
        // Dirichlet rows kept as identity rows, as finite-element assembly leaves them: the boundary
        // rows of the 2-D Laplacian replaced by identity rows (and their columns dropped elsewhere).
        let n = 100
        var builder = try TripletBuilder(rowCount: n * n, columnCount: n * n)
        func onBoundary(_ i: Int, _ j: Int) -> Bool { i == 0 || j == 0 || i == n - 1 || j == n - 1 }
        for j in 0..<n {
            for i in 0..<n {
                let row = i + n * j
                if onBoundary(i, j) { try builder.append(row: row, column: row, value: 1); continue }
                try builder.append(row: row, column: row, value: 4)
                for (di, dj) in [(-1, 0), (1, 0), (0, -1), (0, 1)] where !onBoundary(i + di, j + dj) {
                    try builder.append(row: row, column: row + di + n * dj, value: -1)
                }
            }
        }
        let a = try builder.makeCSRMatrix()
        let m = try SmoothedAggregationPreconditioner(a)
        XCTAssertLessThanOrEqual(try pcgIterations(a, m), 12)
    }

    func testErrors() throws {
        XCTAssertThrowsError(try SmoothedAggregationPreconditioner(try randomSparse(rows: 4, columns: 5, density: 0.5, seed: 1))) {
            XCTAssertEqual($0 as? PreconditionerError, .notSquare(rows: 4, columns: 5))
        }
        XCTAssertThrowsError(try SmoothedAggregationPreconditioner(try CSRMatrix.laplacian2D(n: 10), strengthThreshold: -1))
        XCTAssertThrowsError(try SmoothedAggregationPreconditioner(try CSRMatrix.laplacian2D(n: 10), maxCoarseSize: 0))
        // The graph Laplacian of a path (pure Neumann): singular, so the coarsest level cannot be factored.
        let n = 2000
        var builder = try TripletBuilder(rowCount: n, columnCount: n)
        for i in 0..<n {
            try builder.append(row: i, column: i, value: i == 0 || i == n - 1 ? 1 : 2)
            if i > 0 {
                try builder.append(row: i, column: i - 1, value: -1)
                try builder.append(row: i - 1, column: i, value: -1)
            }
        }
        XCTAssertThrowsError(try SmoothedAggregationPreconditioner(try builder.makeCSRMatrix())) { error in
            guard case .coarseMatrixNotPositiveDefinite = error as? PreconditionerError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("not positive definite"))
        }
        // No off-diagonal entries: nothing to aggregate, and too many rows left to factor densely.
        XCTAssertThrowsError(try SmoothedAggregationPreconditioner(try CSRMatrix.identity(4000))) {
            XCTAssertTrue("\($0)".contains("stopped coarsening at 4000 rows"), "\($0)")
        }
        // A non-positive diagonal entry.
        let negative = try CSRMatrix.laplacian2D(n: 30).scaled(by: -1)
        XCTAssertThrowsError(try SmoothedAggregationPreconditioner(negative)) {
            XCTAssertEqual($0 as? PreconditionerError, .zeroDiagonal(row: 0))
        }
    }
}
