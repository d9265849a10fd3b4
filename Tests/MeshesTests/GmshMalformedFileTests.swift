import XCTest
import Meshes

/// Malformed files are rejected with an error naming the file and the offending line.
final class GmshMalformedFileTests: XCTestCase {
    /// Reads `text` from a file and checks the error's line and that its reason contains `reason`.
    private func assertRejects(_ text: String, line expectedLine: Int, _ reason: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try write(text, named: "bad.msh", in: try makeTemporaryDirectory())
        XCTAssertThrowsError(try Mesh(gmshFile: path), file: file, line: line) { error in
            guard case let MeshError.parse(errorFile, errorLine, errorReason) = error else {
                return XCTFail("not a parse error: \(error)", file: file, line: line)
            }
            XCTAssertEqual(errorFile, path, file: file, line: line)
            XCTAssertEqual(errorLine, expectedLine, "\(error)", file: file, line: line)
            XCTAssertTrue(errorReason.contains(reason), "'\(errorReason)' lacks '\(reason)'", file: file, line: line)
            XCTAssertEqual("\(error)", "\(path):\(expectedLine): \(errorReason)", file: file, line: line)
            XCTAssertFalse("\(error)".contains("\n"), file: file, line: line)
        }
    }

    private func line(_ text: String, _ content: String) -> Int { GmshSamples.lineNumber(of: content, in: text) }

    func testHeaderProblems() throws {
        try assertRejects("hello\n", line: 1, "not a Gmsh mesh file")
        let v22 = GmshSamples.version22
        try assertRejects(v22.replacingOccurrences(of: "2.2 0 8", with: "3.0 0 8"), line: 2, "unsupported Gmsh format version 3.0")
        try assertRejects(v22.replacingOccurrences(of: "2.2 0 8", with: "4.1 1 8"), line: 2, "binary .msh files are not supported")
        try assertRejects(v22.replacingOccurrences(of: "2.2 0 8", with: "2.2 0 8 9"), line: 2, "unexpected '9'")
    }

    func testMissingSections() throws {
        let v22 = GmshSamples.version22
        let withoutElements = String(v22[..<v22.range(of: "$Elements")!.lowerBound])
        let lastLine = withoutElements.split(separator: "\n").count
        try assertRejects(withoutElements, line: lastLine, "missing $Elements section")
        let unclosed = v22.replacingOccurrences(of: "$EndElements\n", with: "")
        try assertRejects(unclosed, line: unclosed.split(separator: "\n").count, "expected $EndElements")
        let unclosedComment = v22 + "$Comments\nmade by hand\n"
        try assertRejects(unclosedComment, line: unclosedComment.split(separator: "\n").count, "section $Comments (line \(line(unclosedComment, "$Comments"))) has no $EndComments")
        let elementsFirst = v22.replacingOccurrences(of: "$Nodes", with: "$Nodez").replacingOccurrences(of: "$EndNodes", with: "$EndNodez")
        try assertRejects(elementsFirst, line: line(elementsFirst, "$Elements"), "$Elements comes before $Nodes")
    }

    func testCountsThatDoNotMatch() throws {
        let v22 = GmshSamples.version22
        let tooFewNodes = v22.replacingOccurrences(of: "$Nodes\n5\n", with: "$Nodes\n6\n")
        try assertRejects(tooFewNodes, line: line(tooFewNodes, "$EndNodes"), "after 5 of the 6 nodes announced on line \(line(v22, "$Nodes") + 1)")
        let tooManyNodes = v22.replacingOccurrences(of: "$Nodes\n5\n", with: "$Nodes\n4\n")
        try assertRejects(tooManyNodes, line: line(tooManyNodes, "5 0.5 0.5 0"), "expected $EndNodes, found '5 0.5 0.5 0'")
        let v41 = GmshSamples.version41
        let wrongTotal = v41.replacingOccurrences(of: "7 10 1 10", with: "7 11 1 10")
        try assertRejects(wrongTotal, line: line(v41, "7 10 1 10"), "the element blocks hold 10 elements, this line announces 11")
        let shortBlock = v41.replacingOccurrences(of: "2 1 2 4\n", with: "2 1 2 5\n").replacingOccurrences(of: "7 10 1 10", with: "7 11 1 10")
        try assertRejects(shortBlock, line: line(v41, "$EndElements"), "after 4 of the 5 elements of the block")
    }

    func testBadNumbersAndTags() throws {
        let v22 = GmshSamples.version22
        let badCoordinate = v22.replacingOccurrences(of: "12 1 1 0", with: "12 1 1x 0")
        try assertRejects(badCoordinate, line: line(v22, "12 1 1 0"), "expected y (a finite number), found '1x'")
        let unknownNode = v22.replacingOccurrences(of: "8 2 2 11 1 3 12 5", with: "8 2 2 11 1 3 12 99")
        try assertRejects(unknownNode, line: line(v22, "8 2 2 11 1 3 12 5"), "unknown node tag 99")
        let repeatedNode = v22.replacingOccurrences(of: "40 0 1 0", with: "3 0 1 0")
        try assertRejects(repeatedNode, line: line(v22, "40 0 1 0"), "node tag 3 appears twice")
        let v41 = GmshSamples.version41
        let badNodeTag = v41.replacingOccurrences(of: "\n12\n40\n", with: "\n12\nforty\n")
        try assertRejects(badNodeTag, line: line(v41, "40"), "expected a node tag (an integer), found 'forty'")
        let badName = GmshSamples.version22.replacingOccurrences(of: "1 3 \"sides\"", with: "1 3 sides")
        try assertRejects(badName, line: line(v22, "1 3 \"sides\""), "expected a quoted physical name")
    }

    func testUnsupportedAndMixedElements() throws {
        let v22 = GmshSamples.version22
        let quadratic = v22.replacingOccurrences(of: "9 2 2 11 1 12 40 5", with: "9 9 2 11 1 12 40 5 1 2 3")
        try assertRejects(quadratic, line: line(v22, "9 2 2 11 1 12 40 5"), "element type 9 (6-node second-order triangle) is not supported")
        let mixed = v22.replacingOccurrences(of: "$Elements\n15\n", with: "$Elements\n16\n")
            .replacingOccurrences(of: "10 2 2 11 1 40 5 7\n", with: "10 2 2 11 1 40 5 7\n11 3 2 10 1 7 3 12 40\n")
        try assertRejects(mixed, line: line(mixed, "11 3 2 10 1 7 3 12 40"), "mixed cell types: quadrilateral elements here, triangle elements from line \(line(v22, "7 2 2 10 1 7 3 5"))")
        let v41 = GmshSamples.version41
        let wrongDimension = v41.replacingOccurrences(of: "1 1 1 1\n", with: "2 1 1 1\n")
        try assertRejects(wrongDimension, line: line(v41, "1 1 1 1"), "element type 1 has dimension 1, the block's entity has dimension 2")
    }
}
