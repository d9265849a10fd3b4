import Foundation
import XCTest
import SparseLinearAlgebra

/// The code of Documentation/SparseLinearAlgebra.md, run with assertions on what the guide claims.
final class GuideSnippetTests: XCTestCase {
    func testGuideSnippetsRun() throws {
        var builder = try TripletBuilder(rowCount: 3, columnCount: 3)
        try builder.append(row: 0, column: 0, value: 2)
        try builder.append(row: 1, column: 1, value: 2)
        try builder.append(row: 2, column: 2, value: 2)
        try builder.append(row: 0, column: 1, value: -1)
        try builder.append(row: 1, column: 0, value: -1)
        try builder.append(row: 0, column: 0, value: 1)
        let small = try builder.makeCSRMatrix()
        XCTAssertEqual(small.denseRows(), [[3, -1, 0], [-1, 2, 0], [0, 0, 2]])

        let a = try CSRMatrix.laplacian2D(n: 100)
        let y = try a.multiplied(by: [Double](repeating: 1, count: a.columnCount))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("laplacian-\(UUID().uuidString).mtx")
        defer { try? FileManager.default.removeItem(at: url) }
        try a.writeMatrixMarket(to: url, symmetry: .symmetric)
        XCTAssertEqual(try CSRMatrix(matrixMarketFile: url), a)

        let b0 = [Double](repeating: 1, count: a.rowCount)
        let p = try a.reverseCuthillMcKee()
        let reordered = try a.permuted(p)
        let solution = p.scatter(try ConjugateGradient().solve(reordered, rightHandSide: p.gather(b0)).solution)
        XCTAssertLessThanOrEqual(reordered.bandwidth, a.bandwidth)
        let direct = try ConjugateGradient().solve(a, rightHandSide: b0).solution
        for i in stride(from: 0, to: a.rowCount, by: 37) { XCTAssertEqual(solution[i], direct[i], accuracy: 1e-4 * abs(direct[i])) }

        let form = try SymmetricCSRMatrix(a)
        XCTAssertEqual(form.bandwidth, 100)
        XCTAssertEqual(form.blockCount, 2)
        for scale in [1.0, 2.0] {
            let rhs = [Double](repeating: scale, count: a.rowCount)
            let viaForm = try ConjugateGradient().solve(form, rightHandSide: rhs)
            let viaMatrix = try ConjugateGradient().solve(a, rightHandSide: rhs)
            XCTAssertTrue(viaForm.solution == viaMatrix.solution, "CG builds the same form from the matrix")
        }

        let b = [Double](repeating: 1, count: a.rowCount)
        let tolerances = SolverTolerances(relative: 1e-8, absolute: 0, maxIterations: 5_000)
        let ic0 = try IncompleteCholeskyPreconditioner(a)
        let report = try ConjugateGradient(tolerances: tolerances).solve(a, rightHandSide: b, preconditioner: ic0)
        XCTAssertTrue(report.description.hasPrefix("PCG converged after \(report.iterations) iterations"))
        XCTAssertLessThanOrEqual(report.relativeResidual, 1.01e-8)
        let x = report.solution

        let amg = try SmoothedAggregationPreconditioner(a)
        XCTAssertEqual(amg.levels.map(\.rowCount), [10000, 1700, 192])
        XCTAssertEqual(amg.operatorComplexity, 1.34, accuracy: 0.01)
        let fast = try ConjugateGradient(tolerances: tolerances).solve(a, rightHandSide: b, preconditioner: amg)
        XCTAssertLessThan(fast.iterations * 3, report.iterations)
        XCTAssertLessThanOrEqual(fast.relativeResidual, 1.01e-8)

        var caught = false
        do {
            _ = try ConjugateGradient(tolerances: SolverTolerances(maxIterations: 10)).solve(a, rightHandSide: b)
        } catch let error as ConvergenceError {
            XCTAssertEqual(error.reason, .maximumIterations)
            XCTAssertEqual(error.report.residualHistory.count, 11)
            caught = true
        }
        XCTAssertTrue(caught)

        let cholesky = try SparseCholesky(analyzing: a)
        try cholesky.factor(a)
        let xDirect = try cholesky.solve(b)
        let several = try cholesky.solve([b, y])
        for i in stride(from: 0, to: a.rowCount, by: 101) {
            XCTAssertEqual(several[0][i], xDirect[i], accuracy: 1e-12 * abs(xDirect[i]))
            XCTAssertEqual(x[i], xDirect[i], accuracy: 1e-8 * 6000)    // κ(A) ≈ 6000
            XCTAssertEqual(several[1][i], 1, accuracy: 1e-10)          // A⁻¹ (A 1) = 1
        }
        let shifted = try a.withValues(a.values.map { $0 * 2 })
        try cholesky.factor(shifted)
        let half = try cholesky.solve(b)
        for i in stride(from: 0, to: a.rowCount, by: 101) { XCTAssertEqual(half[i], xDirect[i] / 2, accuracy: 1e-12 * abs(xDirect[i])) }
    }
}
