import XCTest
import Meshes

/// Hand-written files: both formats agree, and the reading rules hold.
final class GmshFormatTests: XCTestCase {
    func testBothFormatsGiveTheSameMesh() throws {
        let directory = try makeTemporaryDirectory()
        let v41 = try Mesh(gmshFile: write(GmshSamples.version41, named: "square41.msh", in: directory))
        let v22 = try Mesh(gmshFile: write(GmshSamples.version22, named: "square22.msh", in: directory))
        let expected = try GmshSamples.expectedMesh()
        XCTAssertEqual(v41, expected)
        XCTAssertEqual(v22, expected)
        XCTAssertTrue(v41.cellMeasures().allSatisfy { $0 == 0.25 })
    }

    func testDataInMemoryReadsLikeTheFile() throws {
        let mesh = try Mesh(gmshData: Data(GmshSamples.version41.utf8))
        XCTAssertEqual(mesh, try GmshSamples.expectedMesh())
    }

    func testWithoutPhysicalGroupsEntityTagsAreUsed() throws {
        // Strip the physical tags from every entity: all elements are kept, tagged by entity.
        var text = GmshSamples.version41
        for (with, without) in [
            ("1 0 0 0 1 20", "1 0 0 0 0"), ("0 0 2 1 4 2", "0 0 0 2"), ("0 1 3 2 2", "0 0 2 2"),
            ("0 1 2 2 3", "0 0 2 3"), ("0 1 3 2 4", "0 0 2 4"), ("0 2 10 11 4", "0 0 4"),
        ] {
            text = text.replacingOccurrences(of: with, with: without)
        }
        text = text.replacingOccurrences(of: GmshSamples.physicalNames + "\n", with: "")
        let mesh = try Mesh(gmshData: Data(text.utf8))
        XCTAssertEqual(mesh.cellTags, [1, 1, 1, 1])
        XCTAssertEqual(mesh.boundaryTags, [1, 2, 3, 4, 5])  // curve 5 is the diagonal 7–12
        XCTAssertEqual(mesh.boundaryFacets, [0, 1, 1, 2, 2, 3, 3, 0, 0, 2])
        XCTAssertEqual(mesh.names, [:])
    }

    func testIntervalHasDimensionOneAndPointFacets() throws {
        let text = """
            $MeshFormat
            2.2 0 8
            $EndMeshFormat
            $Nodes
            3
            1 0 0 0
            2 2 0 0
            3 0.5 0 0
            $EndNodes
            $Elements
            4
            1 15 2 1 1 1
            2 15 2 2 2 2
            3 1 2 7 1 1 3
            4 1 2 7 1 2 3
            $EndElements
            """
        let mesh = try Mesh(gmshData: Data(text.utf8))
        XCTAssertEqual(mesh.dimension, 1)
        XCTAssertEqual(mesh.cellType, .segment)
        XCTAssertEqual(mesh.points, [0, 2, 0.5])
        XCTAssertEqual(mesh.cells, [0, 2, 2, 1])  // the second segment turned to increase
        XCTAssertEqual(mesh.cellMeasures(), [0.5, 1.5])
        XCTAssertEqual(mesh.boundaryFacets, [0, 1])
        XCTAssertEqual(mesh.boundaryTags, [1, 2])
    }

    func testSurfaceInSpaceKeepsThreeCoordinates() throws {
        let text = GmshSamples.version22.replacingOccurrences(of: "5 0.5 0.5 0\n", with: "5 0.5 0.5 0.25\n")
        let mesh = try Mesh(gmshData: Data(text.utf8))
        XCTAssertEqual(mesh.dimension, 3)
        XCTAssertEqual(Array(mesh.point(4)), [0.5, 0.5, 0.25])
        // Unsigned areas: the four faces of a pyramid of height 0.25 over the square.
        let slant = (0.25 * 0.25 + 0.5 * 0.5).squareRoot()
        for area in mesh.cellMeasures() { XCTAssertEqual(area, 0.5 * slant, accuracy: 1e-15) }
    }

    func testUnreadableFileIsAnIOError() {
        XCTAssertThrowsError(try Mesh(gmshFile: "/nonexistent/mesh.msh")) { error in
            guard case let MeshError.io(file, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "/nonexistent/mesh.msh")
        }
    }
}

extension GmshFormatTests {
    func testUnknownSectionsAndBlankLinesAreSkipped() throws {
        let text = GmshSamples.version41
            .replacingOccurrences(of: "$EndMeshFormat\n", with: "$EndMeshFormat\n$Comments\nmade by hand\n$EndComments\n\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        XCTAssertEqual(try Mesh(gmshData: Data(text.utf8)), try GmshSamples.expectedMesh())
    }
}
