import Foundation
import XCTest
import SparseLinearAlgebra

/// The upper-triangle form of a symmetric matrix: the same products as the full matrix up to
/// round-off, the same bits on any thread count, clear errors for matrices it cannot hold, and CG
/// using it by itself.
final class SymmetricCSRMatrixTests: XCTestCase {
    /// A symmetric matrix with a few random couplings per row to rows at most `band` away, random
    /// signs and an irregular number of entries per row.
    func randomBandedSymmetric(n: Int, band: Int, seed: UInt64) throws -> CSRMatrix {
        var random = TestRandom(seed: seed)
        func next() -> UInt64 { random.next() }
        var builder = try TripletBuilder(rowCount: n, columnCount: n)
        for i in 0..<n {
            try builder.append(row: i, column: i, value: 4 + Double(next() % 100) / 100)
            for _ in 0..<Int(next() % 5) where i + 1 < n {
                let j = i + 1 + Int(next() % UInt64(min(band, n - 1 - i)))
                let w = Double(next() % 2000) / 1000 - 1
                try builder.append(row: i, column: j, value: w)
                try builder.append(row: j, column: i, value: w)
            }
        }
        return try builder.makeCSRMatrix()
    }

    func testProductsMatchTheFullMatrixAndDoNotDependOnTheThreadCount() throws {
        let matrices = [try CSRMatrix.laplacian3D(n: 40), try CSRMatrix.laplacian2D(n: 150),
                        try randomBandedSymmetric(n: 50_000, band: 3000, seed: 3),
                        try randomBandedSymmetric(n: 5000, band: 5000, seed: 4)]
        for a in matrices {
            let n = a.rowCount
            let s = try SymmetricCSRMatrix(a)
            let x = (0..<n).map { sin(0.731 * Double($0)) + 0.25 }
            var full = [Double](repeating: 0, count: n)
            a.apply(x, into: &full, threadCount: 1)
            var y1 = [Double](repeating: .nan, count: n)
            let dot1 = s.applyAndDot(x, into: &y1, threadCount: 1)
            let scale = full.map(abs).max() ?? 1
            for i in 0..<n { XCTAssertEqual(y1[i], full[i], accuracy: 1e-14 * scale, "n = \(n), row \(i)") }
            let expectedDot = zip(x, full).reduce(0) { $0 + $1.0 * $1.1 }
            XCTAssertEqual(dot1, expectedDot, accuracy: 1e-12 * abs(expectedDot))
            for threads in [2, 3, 5] {
                var y = [Double](repeating: .nan, count: n)
                let dot = s.applyAndDot(x, into: &y, threadCount: threads)
                let differing = (0..<n).first { y[$0].bitPattern != y1[$0].bitPattern }
                XCTAssertNil(differing, "n = \(n), \(threads) threads: rows differ from row \(differing ?? -1)")
                XCTAssertEqual(dot.bitPattern, dot1.bitPattern, "n = \(n), \(threads) threads")
            }
        }
    }

    func testBlocksFollowTheBandwidth() throws {
        let a = try CSRMatrix.laplacian3D(n: 40)
        let s = try SymmetricCSRMatrix(a)
        XCTAssertEqual(s.bandwidth, 1600)
        XCTAssertEqual(s.blockCount, 8)  // 64 000 rows in blocks of max(4 · 1600, 8192)
        // Diagonal, 3 · 40² · 39 upper entries, and the strips' couplings across 7 block boundaries.
        XCTAssertGreaterThan(s.storedEntryCount, 64_000 + 3 * 1600 * 39)
        XCTAssertLessThan(s.storedEntryCount, a.nonzeroCount)
    }

    func testAnEntryWhoseMirrorIsNotStoredMustBeZero() throws {
        // A[2, 0] = 0 is stored, A[0, 2] is not: still symmetric, and the form multiplies correctly.
        let a = try CSRMatrix(rowCount: 3, columnCount: 3, rowPointers: [0, 2, 5, 8],
                              columnIndices: [0, 1, 0, 1, 2, 0, 1, 2], values: [2, -1, -1, 2, -1, 0, -1, 2])
        let s = try SymmetricCSRMatrix(a)
        XCTAssertEqual(s.applied(to: [1, 2, 3]), a.applied(to: [1, 2, 3]))
        let b = try CSRMatrix(rowCount: 3, columnCount: 3, rowPointers: [0, 2, 5, 8],
                              columnIndices: [0, 1, 0, 1, 2, 0, 1, 2], values: [2, -1, -1, 2, -1, 0.5, -1, 2])
        XCTAssertThrowsError(try SymmetricCSRMatrix(b)) { error in
            XCTAssertTrue("\(error)".contains("not symmetric"), "\(error)")
        }
        XCTAssertNil(SymmetricCSRMatrix.automaticallyFrom(b))
    }

    func testRejectsNonSquareMatrices() throws {
        let a = try CSRMatrix(rowCount: 2, columnCount: 3, rowPointers: [0, 1, 2], columnIndices: [0, 1], values: [1, 1])
        XCTAssertThrowsError(try SymmetricCSRMatrix(a)) { error in
            XCTAssertTrue("\(error)".contains("square"), "\(error)")
        }
    }

    func testTheAutomaticFormDeclinesABandTooWideForTwoBlocks() throws {
        // n = 20 000 > one chunk, and the coupling of rows 0 and n − 1 makes a single block.
        let n = 20_000
        var builder = try TripletBuilder(rowCount: n, columnCount: n)
        for i in 0..<n { try builder.append(row: i, column: i, value: 2) }
        try builder.append(row: 0, column: n - 1, value: -1)
        try builder.append(row: n - 1, column: 0, value: -1)
        let wide = try builder.makeCSRMatrix()
        XCTAssertNil(SymmetricCSRMatrix.automaticallyFrom(wide))
        XCTAssertEqual(try SymmetricCSRMatrix(wide).blockCount, 1)
        XCTAssertNotNil(SymmetricCSRMatrix.automaticallyFrom(try CSRMatrix.laplacian3D(n: 40)))
    }

    func testConjugateGradientOnTheSymmetricFormMatchesTheFullOperator() throws {
        let a = try CSRMatrix.laplacian3D(n: 32)
        let b = (0..<a.rowCount).map { 1 + cos(0.1 * Double($0)) }
        let tolerances = SolverTolerances(relative: 1e-10)
        let cg = ConjugateGradient(tolerances: tolerances)
        let automatic = try cg.solve(a, rightHandSide: b)
        let explicit = try cg.solve(try SymmetricCSRMatrix(a), rightHandSide: b)
        let opaque = try cg.solve(FunctionOperator(size: a.rowCount) { x, y in a.apply(x, into: &y) }, rightHandSide: b)
        XCTAssertTrue(automatic.solution == explicit.solution, "the automatic and explicit forms differ")
        // Round-off differs from the full matrix's products, so the iterations may differ by one.
        XCTAssertLessThanOrEqual(abs(automatic.iterations - opaque.iterations), 1)
        let scale = opaque.solution.map(abs).max()!
        for i in stride(from: 0, to: a.rowCount, by: 97) {
            XCTAssertEqual(automatic.solution[i], opaque.solution[i], accuracy: 1e-8 * scale)
        }
        XCTAssertLessThanOrEqual(automatic.residualNorm, 1e-10 * automatic.rightHandSideNorm)
    }
}
