import Foundation
import XCTest
import SparseLinearAlgebra

/// Reading and writing Matrix Market files, and the errors for malformed ones.
final class MatrixMarketTests: XCTestCase {
    func parse(_ text: String) throws -> CSRMatrix {
        try CSRMatrix(matrixMarketData: Data(text.utf8), path: "test.mtx")
    }

    /// Asserts that parsing fails with the given line number and a description mentioning `fragment`.
    func assertFails(_ text: String, line: Int?, _ fragment: String, file: StaticString = #filePath, lineNumber: UInt = #line) {
        XCTAssertThrowsError(try parse(text), file: file, line: lineNumber) { error in
            guard let error = error as? MatrixMarketError else {
                return XCTFail("expected MatrixMarketError, got \(error)", file: file, line: lineNumber)
            }
            XCTAssertEqual(error.line, line, "\(error)", file: file, line: lineNumber)
            XCTAssertTrue(error.description.contains(fragment), "\(error)", file: file, line: lineNumber)
            XCTAssertFalse(error.description.contains("\n"), file: file, line: lineNumber)
            if let line { XCTAssertTrue(error.description.contains("line \(line)"), "\(error)", file: file, line: lineNumber) }
        }
    }

    func testReadsGeneralRealFileWithCommentsAndDuplicates() throws {
        let a = try parse("""
            %%MatrixMarket matrix coordinate real general
            % a comment
            %
            2 3 4
            1 1 1.5
            2 3 -2e-3
            1 3 4
            1 1 0.5
            """)
        XCTAssertEqual(a.denseRows(), [[2, 0, 4], [0, 0, -0.002]])
    }

    func testReadsSymmetricIntegerAndPatternFiles() throws {
        let s = try parse("%%MatrixMarket matrix coordinate integer symmetric\n3 3 4\n1 1 2\n2 1 -1\n3 2 -1\n3 3 2\n")
        XCTAssertEqual(s.denseRows(), [[2, -1, 0], [-1, 0, -1], [0, -1, 2]])
        XCTAssertTrue(s.isSymmetric())
        let p = try parse("%%MatrixMarket matrix coordinate pattern general\r\n2 2 2\r\n1 2\r\n2 1\r\n")
        XCTAssertEqual(p.denseRows(), [[0, 1], [1, 0]])
    }

    func testRoundTripIsExact() throws {
        let a = try CSRMatrix.laplacian2D(n: 5)
        let b = try a.withValues(a.values.enumerated().map { $0.element + 1e-3 * sin(Double($0.offset)) / 3 })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdekit-mtx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let general = folder.appendingPathComponent("b.mtx")
        try b.writeMatrixMarket(to: general, comment: "perturbed Laplacian")
        XCTAssertEqual(try CSRMatrix(matrixMarketFile: general), b)

        let symmetric = folder.appendingPathComponent("a.mtx")
        try a.writeMatrixMarket(to: symmetric, symmetry: .symmetric)
        let text = try String(contentsOf: symmetric, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("%%MatrixMarket matrix coordinate real symmetric\n"))
        XCTAssertTrue(text.contains("\n25 25 65\n"))   // lower triangle: 25 diagonal + 40 below
        XCTAssertEqual(try CSRMatrix(matrixMarketFile: symmetric), a)

        XCTAssertThrowsError(try b.matrixMarketText(symmetry: .symmetric)) { error in
            XCTAssertEqual((error as? MatrixMarketError)?.kind, .notSymmetric)
        }
    }

    func testMalformedFilesNameTheProblemAndLine() {
        assertFails("", line: 1, "missing banner")
        assertFails("3 3 1\n1 1 1\n", line: 1, "missing banner")
        assertFails("%%MatrixMarket matrix coordinate real\n1 1 1\n1 1 1\n", line: 1, "expected 5 words")
        assertFails("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n", line: 1, "array")
        assertFails("%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n", line: 1, "complex")
        assertFails("%%MatrixMarket matrix coordinate real hermitian\n1 1 1\n1 1 1\n", line: 1, "hermitian")
        assertFails("%%MatrixMarket matrix coordinate real banana\n1 1 1\n1 1 1\n", line: 1, "symmetry 'banana'")
        assertFails("%%MatrixMarket matrix coordinate real general\n% only a comment\n", line: 3, "ends before the size line")
        assertFails("%%MatrixMarket matrix coordinate real general\n3 3\n", line: 2, "expected 3 integers")
        assertFails("%%MatrixMarket matrix coordinate real general\n3 x 1\n1 1 1\n", line: 2, "not three non-negative integers")
        assertFails("%%MatrixMarket matrix coordinate real symmetric\n2 3 1\n1 1 1\n", line: 2, "must be square")
        assertFails("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n2 2\n", line: 4, "entry has 2 fields")
        assertFails("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 abc\n", line: 3, "'abc' is not a finite real")
        assertFails("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 nan\n", line: 3, "not a finite real")
        assertFails("%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n", line: 3, "not an integer")
        assertFails("%%MatrixMarket matrix coordinate real general\n2 2 1\n0 1 1\n", line: 3, "outside the 2 × 2 matrix")
        assertFails("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 3 1\n", line: 3, "outside the 2 × 2 matrix")
        assertFails("%%MatrixMarket matrix coordinate real general\n2 2 1\n-1 1 1\n", line: 3, "not positive integers")
        assertFails("%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 1\n", line: 3, "above the diagonal")
        assertFails("%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n2 2 1\n", line: 4, "after 2 of the 3 entries")
        assertFails("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n\n2 2 1\n", line: 5, "more entries than the 1")
    }

    func testMissingFileIsAnIOError() {
        let url = URL(fileURLWithPath: "/nonexistent/pdekit/matrix.mtx")
        XCTAssertThrowsError(try CSRMatrix(matrixMarketFile: url)) { error in
            guard let error = error as? MatrixMarketError, case .io = error.kind else { return XCTFail("\(error)") }
            XCTAssertEqual(error.path, url.path)
        }
    }
}
