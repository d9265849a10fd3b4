import Foundation
import XCTest
import SparseLinearAlgebra

/// Reverse Cuthill–McKee: a valid permutation that brings a scrambled grid matrix back to a narrow
/// band, symmetric permutations that round-trip exactly, and solves that agree after reordering.
final class ReorderingTests: XCTestCase {
    /// The 2-D Laplacian of an `n × n` grid with its unknowns in a random order.
    func scrambledLaplacian(n: Int, seed: UInt64) throws -> (CSRMatrix, Permutation) {
        var random = TestRandom(seed: seed)
        var order = Array(0..<(n * n))
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        let scramble = try Permutation(newToOld: order)
        return (try CSRMatrix.laplacian2D(n: n).permuted(scramble), scramble)
    }

    func testReverseCuthillMcKeeNarrowsAScrambledGrid() throws {
        let n = 30
        let (a, _) = try scrambledLaplacian(n: n, seed: 11)
        XCTAssertGreaterThan(a.bandwidth, 20 * n)
        let p = try a.reverseCuthillMcKee()
        XCTAssertEqual(Set(p.newToOld.map(Int.init)), Set(0..<(n * n)), "not a permutation")
        let b = try a.permuted(p)
        XCTAssertLessThanOrEqual(b.bandwidth, 2 * n)
        XCTAssertEqual(b.nonzeroCount, a.nonzeroCount)
        XCTAssertTrue(b.isSymmetric())
        // P A Pᵀ then Pᵀ (P A Pᵀ) P gives A back exactly.
        XCTAssertEqual(try b.permuted(p.inverse), a)
    }

    func testSolvingTheReorderedSystemGivesTheSameSolution() throws {
        let (a, _) = try scrambledLaplacian(n: 24, seed: 5)
        let x = (0..<a.rowCount).map { sin(0.3 * Double($0)) }
        let b = a.applied(to: x)
        let p = try a.reverseCuthillMcKee()
        let tolerances = SolverTolerances(relative: 1e-12)
        let y = try ConjugateGradient(tolerances: tolerances)
            .solve(try a.permuted(p), rightHandSide: p.gather(b), preconditioner: try IncompleteCholeskyPreconditioner(try a.permuted(p)))
        let recovered = p.scatter(y.solution)
        for i in 0..<a.rowCount { XCTAssertEqual(recovered[i], x[i], accuracy: 1e-8) }
        XCTAssertEqual(p.scatter(p.gather(x)), x)
    }

    func testComponentsAndIsolatedVerticesAreAllNumbered() throws {
        // Two paths 0–2–4 and 1–3 and an isolated vertex 5 (a diagonal entry only).
        var builder = try TripletBuilder(rowCount: 6, columnCount: 6)
        for i in 0..<6 { try builder.append(row: i, column: i, value: 2) }
        for (i, j) in [(0, 2), (2, 4), (1, 3)] {
            try builder.append(row: i, column: j, value: -1)
            try builder.append(row: j, column: i, value: -1)
        }
        let a = try builder.makeCSRMatrix()
        XCTAssertEqual(a.bandwidth, 2)
        let p = try a.reverseCuthillMcKee()
        XCTAssertEqual(p.newToOld.map(Int.init).sorted(), Array(0..<6))
        XCTAssertEqual(try a.permuted(p).bandwidth, 1)
    }

    func testBadInputIsRejected() throws {
        XCTAssertThrowsError(try Permutation(newToOld: [0, 0, 1])) { XCTAssertTrue("\($0)".contains("not a permutation"), "\($0)") }
        XCTAssertThrowsError(try Permutation(newToOld: [0, 3])) { XCTAssertTrue("\($0)".contains("not a permutation"), "\($0)") }
        let rectangular = try CSRMatrix(rowCount: 2, columnCount: 3, rowPointers: [0, 1, 2], columnIndices: [0, 1], values: [1, 1])
        XCTAssertThrowsError(try rectangular.reverseCuthillMcKee()) { XCTAssertTrue("\($0)".contains("square"), "\($0)") }
        XCTAssertThrowsError(try CSRMatrix.laplacian2D(n: 3).permuted(.identity(4)))
    }
}
