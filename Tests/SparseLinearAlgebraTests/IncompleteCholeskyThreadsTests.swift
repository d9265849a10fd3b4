import Foundation
import XCTest
import SparseLinearAlgebra

/// The IC(0) sweeps on several threads: the same bits as on one, and the same solution as the two
/// general triangular solves, on grids and on an irregular sparsity pattern.
final class IncompleteCholeskyThreadsTests: XCTestCase {
    /// A symmetric M-matrix with random couplings to rows at most `band` away: each row i couples to
    /// a few random j < i with weights in (0, 1], and the diagonal is the row's absolute sum plus 0.1.
    func randomBandedMMatrix(n: Int, band: Int, seed: UInt64) throws -> CSRMatrix {
        var random = TestRandom(seed: seed)
        func next() -> UInt64 { random.next() }
        var builder = try TripletBuilder(rowCount: n, columnCount: n)
        var diagonal = [Double](repeating: 0.1, count: n)
        for i in 1..<n {
            for _ in 0..<3 {
                let j = i - 1 - Int(next() % UInt64(min(band, i)))
                let w = Double(next() % 1000 + 1) / 1000
                try builder.append(row: i, column: j, value: -w)
                try builder.append(row: j, column: i, value: -w)
                diagonal[i] += w
                diagonal[j] += w
            }
        }
        for i in 0..<n { try builder.append(row: i, column: i, value: diagonal[i]) }
        return try builder.makeCSRMatrix()
    }

    func testSweepsGiveTheSameBitsOnAnyThreadCountAndSolveTheTriangles() throws {
        let matrices = [try CSRMatrix.laplacian3D(n: 16), try CSRMatrix.laplacian2D(n: 90),
                        try randomBandedMMatrix(n: 6000, band: 300, seed: 7)]
        for a in matrices {
            let n = a.rowCount
            let r = (0..<n).map { 1 + 0.5 * sin(0.37 * Double($0)) }
            let one = try IncompleteCholeskyPreconditioner(a, threadCount: 1)
            var z1 = [Double](repeating: 0, count: n)
            let dot1 = one.applyAndDot(r, into: &z1)
            // Against the general solves with L and Lᵀ.
            let expected = try one.factor.transposed().solveUpperTriangular(try one.factor.solveLowerTriangular(r))
            let scale = expected.map(abs).max() ?? 1
            for i in 0..<n { XCTAssertEqual(z1[i], expected[i], accuracy: 1e-13 * scale, "n = \(n), row \(i)") }
            XCTAssertEqual(dot1, zip(r, z1).reduce(0) { $0 + $1.0 * $1.1 }, accuracy: 1e-12 * abs(dot1))
            for threads in [2, 3, 5] {
                let many = try IncompleteCholeskyPreconditioner(a, threadCount: threads)
                for _ in 0..<3 {
                    var z = [Double](repeating: .nan, count: n)
                    let dot = many.applyAndDot(r, into: &z)
                    let differing = (0..<n).first { z[$0].bitPattern != z1[$0].bitPattern }
                    XCTAssertNil(differing, "n = \(n), \(threads) threads: rows differ from row \(differing ?? -1)")
                    XCTAssertEqual(dot.bitPattern, dot1.bitPattern, "n = \(n), \(threads) threads")
                }
            }
        }
    }

    func testPCGIterationsDoNotDependOnTheThreadCount() throws {
        let a = try CSRMatrix.laplacian3D(n: 20)
        let b = (0..<a.rowCount).map { sin(Double($0)) }
        let tolerances = SolverTolerances(relative: 1e-8)
        let one = try ConjugateGradient(tolerances: tolerances, threadCount: 1)
            .solve(a, rightHandSide: b, preconditioner: try IncompleteCholeskyPreconditioner(a, threadCount: 1))
        let two = try ConjugateGradient(tolerances: tolerances, threadCount: 2)
            .solve(a, rightHandSide: b, preconditioner: try IncompleteCholeskyPreconditioner(a, threadCount: 2))
        XCTAssertEqual(one.iterations, two.iterations)
        XCTAssertTrue(one.solution == two.solution, "the solutions differ")
        XCTAssertLessThan(one.residualNorm, 1e-8 * one.rightHandSideNorm)
    }
}
