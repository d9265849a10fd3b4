import Foundation
import XCTest
import SparseLinearAlgebra

/// The persistent helper threads behind the sparse kernels: the same results as one thread after
/// the helpers have gone to sleep, and when two solves run at once (one of them then falls back to
/// Dispatch).
final class WorkerPoolTests: XCTestCase {
    func testProductsAfterIdlePausesMatchOneThread() throws {
        let a = try CSRMatrix.laplacian3D(n: 40)   // 64 000 rows: eight chunks
        let x = (0..<a.rowCount).map { sin(0.3 * Double($0)) }
        let expected = try a.multiplied(by: x, threadCount: 1)
        for round in 0..<30 {
            if round % 3 == 0 { usleep(3000) }      // long enough for the helpers to sleep
            let y = try a.multiplied(by: x, threadCount: 2)
            XCTAssertTrue(y == expected, "round \(round)")
        }
    }

    func testTwoSolvesAtOnceGiveTheOneThreadResult() throws {
        let a = try CSRMatrix.laplacian3D(n: 30)
        let b = (0..<a.rowCount).map { cos(0.7 * Double($0)) }
        let tolerances = SolverTolerances(relative: 1e-8)
        let reference = try ConjugateGradient(tolerances: tolerances, threadCount: 1).solve(a, rightHandSide: b)
        let ic = try IncompleteCholeskyPreconditioner(a, threadCount: 2)
        let referencePCG = try ConjugateGradient(tolerances: tolerances, threadCount: 1)
            .solve(a, rightHandSide: b, preconditioner: try IncompleteCholeskyPreconditioner(a, threadCount: 1))
        let solutions = UnsafeMutablePointer<[Double]>.allocate(capacity: 4)
        solutions.initialize(repeating: [], count: 4)
        defer {
            solutions.deinitialize(count: 4)
            solutions.deallocate()
        }
        nonisolated(unsafe) let out = solutions
        DispatchQueue.concurrentPerform(iterations: 4) { k in
            let cg = ConjugateGradient(tolerances: tolerances, threadCount: 2)
            out[k] = (k % 2 == 0 ? try? cg.solve(a, rightHandSide: b) : try? cg.solve(a, rightHandSide: b, preconditioner: ic))?.solution ?? []
        }
        for k in 0..<4 {
            XCTAssertTrue(solutions[k] == (k % 2 == 0 ? reference.solution : referencePCG.solution), "solve \(k)")
        }
    }
}
