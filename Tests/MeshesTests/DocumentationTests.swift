import Foundation
import XCTest
import Meshes

/// The snippet at the top of Documentation/Meshes.md, verbatim, with checks of what it claims.
final class DocumentationTests: XCTestCase {
    func testMeshesGuideSnippet() throws {
        // The snippet reads a path relative to the repository root.
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(MeshTestSupport.packageRoot.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }

        // --- Documentation/Meshes.md ---
        // A Gmsh mesh (format 4.1; z = 0 everywhere, so dimension 2) with physical groups.
        let mesh = try Mesh(gmshFile: "Data/meshes/unit_square.msh")
        let left = try mesh.tag(named: "left")                  // the physical curve "left" has tag 1
        let clamped = mesh.boundaryVertices(tags: [left])        // the 9 vertices on x = 0

        // Two uniform refinements: 16 × 162 = 2592 triangles, tags kept.
        let fine = mesh.refined().refined()
        let summary = fine.qualitySummary()                      // totalMeasure 1, maximumEdgeLength h

        // A field for ParaView.
        let x = (0..<fine.vertexCount).map { fine.point($0).first! }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("square.vtu").path
        try fine.writeVTU(to: output, pointData: ["x": x])
        // --- end of snippet ---

        defer { try? FileManager.default.removeItem(atPath: output) }
        XCTAssertEqual(mesh.dimension, 2)
        XCTAssertEqual(left, 1)
        XCTAssertEqual(clamped.count, 9)
        XCTAssertTrue(clamped.allSatisfy { mesh.point(Int($0)).first == 0 })
        XCTAssertEqual(fine.cellCount, 2592)
        XCTAssertEqual(summary.totalMeasure, 1, accuracy: 1e-12)
        XCTAssertEqual(summary.maximumEdgeLength, mesh.maximumEdgeLength() / 4, accuracy: 1e-12)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output))
    }
}
