import Foundation
import XCTest
import SparseLinearAlgebra

/// Construction, structure queries, SpMV and triangular solves of `CSRMatrix`.
final class CSRMatrixTests: XCTestCase {
    /// [[4, 0, 1], [0, 3, 0], [2, 0, 5]] from triplets in scrambled order with a duplicate.
    func smallMatrix() throws -> CSRMatrix {
        var builder = try TripletBuilder(rowCount: 3, columnCount: 3)
        try builder.append(row: 2, column: 2, value: 5)
        try builder.append(row: 0, column: 2, value: 1)
        try builder.append(row: 0, column: 0, value: 3)
        try builder.append(row: 1, column: 1, value: 3)
        try builder.append(row: 2, column: 0, value: 2)
        try builder.append(row: 0, column: 0, value: 1)   // duplicate: 3 + 1 = 4
        return try builder.makeCSRMatrix()
    }

    func testTripletBuilderSumsDuplicatesAndSortsColumns() throws {
        let a = try smallMatrix()
        XCTAssertEqual(a.nonzeroCount, 5)
        XCTAssertEqual(a.rowPointers, [0, 2, 3, 5])
        XCTAssertEqual(a.columnIndices, [0, 2, 1, 0, 2])
        XCTAssertEqual(a.denseRows(), [[4, 0, 1], [0, 3, 0], [2, 0, 5]])
        XCTAssertEqual(a[0, 0], 4)
        XCTAssertEqual(a[1, 0], 0)
        XCTAssertEqual(a[7, 7], 0)
    }

    func testTripletBuilderRejectsOutOfRangeEntries() throws {
        var builder = try TripletBuilder(rowCount: 2, columnCount: 2)
        XCTAssertThrowsError(try builder.append(row: 2, column: 0, value: 1)) { error in
            XCTAssertEqual(error as? SparseMatrixError, .indexOutOfRange(row: 2, column: 0, rows: 2, columns: 2))
        }
        XCTAssertThrowsError(try TripletBuilder(rowCount: -1, columnCount: 2))
    }

    func testLongRowsAreSortedAndMerged() throws {
        // 100 entries in one row, in reverse order, each column twice.
        var builder = try TripletBuilder(rowCount: 1, columnCount: 50)
        for j in (0..<50).reversed() {
            try builder.append(row: 0, column: j, value: Double(j))
            try builder.append(row: 0, column: j, value: 1)
        }
        let a = try builder.makeCSRMatrix()
        XCTAssertEqual(a.columnIndices, (0..<50).map { Int32($0) })
        XCTAssertEqual(a.values, (0..<50).map { Double($0) + 1 })
    }

    func testCheckedInitializerRejectsMalformedStorage() {
        XCTAssertThrowsError(try CSRMatrix(rowCount: 2, columnCount: 2, rowPointers: [0, 1], columnIndices: [0], values: [1]))
        XCTAssertThrowsError(try CSRMatrix(rowCount: 1, columnCount: 2, rowPointers: [0, 2], columnIndices: [1, 0], values: [1, 1])) { error in
            XCTAssertTrue("\(error)".contains("not strictly increasing"), "\(error)")
        }
        XCTAssertThrowsError(try CSRMatrix(rowCount: 1, columnCount: 2, rowPointers: [0, 1], columnIndices: [2], values: [1]))
        XCTAssertNoThrow(try CSRMatrix(rowCount: 1, columnCount: 2, rowPointers: [0, 2], columnIndices: [0, 1], values: [1, 1]))
    }

    func testTransposeDiagonalAndSymmetry() throws {
        let a = try smallMatrix()
        let t = a.transposed()
        XCTAssertEqual(t.denseRows(), [[4, 0, 2], [0, 3, 0], [1, 0, 5]])
        XCTAssertEqual(t.transposed(), a)
        XCTAssertEqual(a.diagonal(), [4, 3, 5])
        XCTAssertFalse(a.isSymmetric())
        XCTAssertTrue(a.isSymmetric(tolerance: 0.2))    // |1 − 2| ≤ 0.2 · 5
        XCTAssertTrue(try CSRMatrix.laplacian3D(n: 4).isSymmetric())
        XCTAssertEqual(a.lowerTriangle().denseRows(), [[4, 0, 0], [0, 3, 0], [2, 0, 5]])
        XCTAssertEqual(a.upperTriangle(offset: 1).denseRows(), [[0, 0, 1], [0, 0, 0], [0, 0, 0]])
    }

    func testLaplacianStructureAndEigenvector() throws {
        let n = 6
        let a2 = try CSRMatrix.laplacian2D(n: n)
        XCTAssertEqual(a2.rowCount, n * n)
        XCTAssertEqual(a2.nonzeroCount, 5 * n * n - 4 * n)
        let a3 = try CSRMatrix.laplacian3D(n: n)
        XCTAssertEqual(a3.rowCount, n * n * n)
        XCTAssertEqual(a3.nonzeroCount, 7 * n * n * n - 6 * n * n)
        // sin(πk x) sin(πl y) sin(πm z) sampled on the grid is an eigenvector with the known eigenvalue.
        let h = 1 / Double(n + 1)
        let (k, l, m) = (1.0, 2.0, 3.0)
        var v = [Double](repeating: 0, count: n * n * n)
        for z in 0..<n { for y in 0..<n { for x in 0..<n {
            v[x + n * y + n * n * z] = sin(.pi * k * Double(x + 1) * h) * sin(.pi * l * Double(y + 1) * h) * sin(.pi * m * Double(z + 1) * h)
        } } }
        let lambda = [k, l, m].reduce(0) { $0 + 2 - 2 * cos(.pi * $1 * h) }
        let av = try a3.multiplied(by: v)
        for i in 0..<v.count { XCTAssertEqual(av[i], lambda * v[i], accuracy: 1e-12) }
        XCTAssertThrowsError(try CSRMatrix.laplacian2D(n: 0))
        XCTAssertThrowsError(try CSRMatrix.laplacian3D(n: 100_000))
    }

    func testSpMVMatchesDenseProduct() throws {
        let a = try smallMatrix()
        XCTAssertEqual(try a.multiplied(by: [1, 2, 3]), [7, 6, 17])
        XCTAssertThrowsError(try a.multiplied(by: [1, 2])) { error in
            XCTAssertEqual(error as? SparseMatrixError, .dimensionMismatch(expected: 3, found: 2, what: "the vector multiplied by the matrix"))
        }
    }

    func testSpMVIsBitwiseIdenticalForOneAndTwoThreads() throws {
        // Several chunks (n³ = 27 000 rows > chunk size), irrational values so rounding matters.
        let a = try CSRMatrix.laplacian3D(n: 30)
        let scaled = try a.withValues(a.values.enumerated().map { $0.element * (1 + 1e-3 * sin(Double($0.offset))) })
        let x = (0..<a.columnCount).map { cos(0.37 * Double($0)) }
        var y1 = [Double](), y2 = [Double](), y3 = [Double]()
        scaled.apply(x, into: &y1, threadCount: 1)
        scaled.apply(x, into: &y2, threadCount: 2)
        scaled.apply(x, into: &y3, threadCount: 3)
        XCTAssertGreaterThan(a.rowCount, 2 * SparseParallelism.chunkSize)
        XCTAssertEqual(y1.map(\.bitPattern), y2.map(\.bitPattern))
        XCTAssertEqual(y1.map(\.bitPattern), y3.map(\.bitPattern))
        // And it is the product: compare with a plain row loop (the kernel sums seven-entry rows as
        // a tree, so the two may differ in the last bits).
        for i in stride(from: 0, to: a.rowCount, by: 997) {
            var s = 0.0, scale = 0.0
            for k in Int(scaled.rowPointers[i])..<Int(scaled.rowPointers[i + 1]) {
                s += scaled.values[k] * x[Int(scaled.columnIndices[k])]
                scale += abs(scaled.values[k] * x[Int(scaled.columnIndices[k])])
            }
            XCTAssertEqual(y1[i], s, accuracy: 2e-15 * scale)   // both within 6u·scale of the exact sum
        }
    }

    func testTriangularSolves() throws {
        let a = try smallMatrix()   // lower triangle [[4,0,0],[0,3,0],[2,0,5]], upper [[4,0,1],[0,3,0],[0,0,5]]
        let x = try a.solveLowerTriangular([8, 9, 19])
        XCTAssertEqual(x[0], 2, accuracy: 1e-15)
        XCTAssertEqual(x[1], 3, accuracy: 1e-15)
        XCTAssertEqual(x[2], 3, accuracy: 1e-15)
        let u = try a.solveUpperTriangular([9, 3, 10])
        XCTAssertEqual(u[0], 1.75, accuracy: 1e-15)
        XCTAssertEqual(u[1], 1, accuracy: 1e-15)
        XCTAssertEqual(u[2], 2, accuracy: 1e-15)
        let unit = try a.solveLowerTriangular([1, 1, 1], unitDiagonal: true)
        XCTAssertEqual(unit, [1, 1, -1])
        let noDiagonal = a.upperTriangle(offset: 1)
        XCTAssertThrowsError(try noDiagonal.solveUpperTriangular([1, 1, 1])) { error in
            XCTAssertEqual(error as? SparseMatrixError, .zeroDiagonal(row: 2))
        }
        XCTAssertThrowsError(try a.solveLowerTriangular([1, 1]))
    }
}
