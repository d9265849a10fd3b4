import Foundation
import Visualization
import XCTest

final class CSVWriterTests: XCTestCase {
    func testHeaderAndRows() throws {
        var csv = CSVWriter(header: ["epoch", "loss", "optimizer"])
        try csv.appendRow([0, 0.5, "adam"] as [CSVValue])
        try csv.appendRow([.number(1), .number(0.25), .text("l-bfgs, strong wolfe")])
        XCTAssertEqual(
            csv.csvString(), "epoch,loss,optimizer\n0.0,0.5,adam\n1.0,0.25,\"l-bfgs, strong wolfe\"\n")
    }

    func testNumbersRoundTripExactly() throws {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [
            0.1, 1.0 / 3.0, -2.5e-300, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, -0.0,
            123_456_789.123_456_78, .pi,
        ]
        for _ in 0..<200 {
            values.append(Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF))
        }
        var csv = CSVWriter(header: [])
        try csv.appendRow(values)
        let fields = csv.csvString().dropLast().split(separator: ",")
        XCTAssertEqual(fields.count, values.count)
        for (field, value) in zip(fields, values) {
            XCTAssertEqual(Double(String(field))?.bitPattern, value.bitPattern, "\(field)")
        }
        XCTAssertEqual(CSVWriter.format(.nan), "nan")
        XCTAssertEqual(CSVWriter.format(-.infinity), "-inf")
    }

    func testQuoting() {
        XCTAssertEqual(CSVWriter.quoteIfNeeded("plain"), "plain")
        XCTAssertEqual(CSVWriter.quoteIfNeeded("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVWriter.quoteIfNeeded("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVWriter.quoteIfNeeded("two\nlines"), "\"two\nlines\"")
    }

    func testColumnCountMismatchThrows() {
        var csv = CSVWriter(header: ["a", "b"])
        XCTAssertThrowsError(try csv.appendRow([1.0])) { error in
            XCTAssertEqual(error as? VisualizationError, .columnCountMismatch(expected: 2, actual: 1))
        }
        XCTAssertThrowsError(try CSVWriter(header: ["a", "b"], columns: [[1, 2], [3]]))
        XCTAssertThrowsError(try CSVWriter(header: ["a"], columns: [[1], [2]]))
    }

    func testColumnsInitializerAndAtomicWrite() throws {
        let csv = try CSVWriter(header: ["x", "u"], columns: [[0, 0.5, 1], [0, 1, 0]])
        XCTAssertEqual(csv.rows.count, 3)
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("u.csv")
        try "old contents that are longer than the new ones".write(to: url, atomically: false, encoding: .utf8)
        try csv.write(to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "x,u\n0.0,0.0\n0.5,1.0\n1.0,0.0\n")
        XCTAssertEqual(try directory.contents(), ["u.csv"], "no temporary files may be left behind")
    }

    func testWritingIntoAMissingDirectoryThrows() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("missing/u.csv")
        XCTAssertThrowsError(try CSVWriter(header: ["a"]).write(to: url)) { error in
            guard case .fileWriteFailed = error as? VisualizationError else {
                return XCTFail("unexpected error \(error)")
            }
        }
        XCTAssertEqual(try directory.contents(), [])
    }
}
