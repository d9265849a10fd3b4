import XCTest
import Meshes

final class RefinementTests: XCTestCase {
    /// Checks the properties every uniform refinement has, for a conforming `mesh`.
    private func assertRefinesUniformly(_ mesh: Mesh, children: Int, facetChildren: Int, file: StaticString = #filePath, line: UInt = #line) {
        let fine = mesh.refined()
        XCTAssertEqual(fine.cellCount, children * mesh.cellCount, file: file, line: line)
        XCTAssertEqual(fine.boundaryFacetCount, facetChildren * mesh.boundaryFacetCount, file: file, line: line)
        XCTAssertEqual(fine.names, mesh.names, file: file, line: line)
        // Old vertices keep their numbers; children inherit tags.
        XCTAssertEqual(Array(fine.points.prefix(mesh.points.count)), mesh.points, file: file, line: line)
        XCTAssertEqual(fine.cellTags, mesh.cellTags.flatMap { repeatElement($0, count: children) }, file: file, line: line)
        XCTAssertEqual(fine.boundaryTags, mesh.boundaryTags.flatMap { repeatElement($0, count: facetChildren) }, file: file, line: line)
        // Each child keeps its parent's measure share and orientation.
        let coarse = mesh.cellMeasures(), measures = fine.cellMeasures()
        for c in 0..<mesh.cellCount {
            let share = measures[c * children ..< (c + 1) * children]
            XCTAssertEqual(share.reduce(0, +), coarse[c], accuracy: 1e-12 * abs(coarse[c]), file: file, line: line)
            XCTAssertTrue(share.allSatisfy { $0 * coarse[c] > 0 }, "cell \(c)", file: file, line: line)
        }
        XCTAssertEqual(measures.reduce(0, +), coarse.reduce(0, +), accuracy: 1e-12, file: file, line: line)
        // Conforming: the facets owned by one cell are exactly the refined boundary facets, so
        // every other facet is shared by two cells.
        let n = fine.verticesPerFacet
        XCTAssertEqual(
            MeshTestSupport.facetSet(fine.extractBoundaryFacets().facets, perFacet: n),
            MeshTestSupport.facetSet(fine.boundaryFacets, perFacet: n), file: file, line: line)
        XCTAssertEqual(fine.extractBoundaryFacets().owners.count, fine.boundaryFacetCount, file: file, line: line)
    }

    func testEveryCellTypeRefinesConformingly() throws {
        assertRefinesUniformly(try Mesh.interval(0, 3, cells: 4), children: 2, facetChildren: 1)
        assertRefinesUniformly(try Mesh.rectangle(x: 0...2, y: 0...1, nx: 3, ny: 2), children: 4, facetChildren: 2)
        assertRefinesUniformly(try Mesh.rectangle(nx: 3, ny: 2, cells: .quadrilaterals), children: 4, facetChildren: 2)
        assertRefinesUniformly(try Mesh.box(nx: 2, ny: 1, nz: 2), children: 8, facetChildren: 4)
        assertRefinesUniformly(try Mesh.box(nx: 2, ny: 1, nz: 2, cells: .hexahedra), children: 8, facetChildren: 4)
    }

    func testVertexCountsAreVerticesPlusEdgesFacesAndCells() throws {
        // Triangles: V + E; tetrahedra: V + E; quadrilaterals: V + E + F; hexahedra: V + E + F + C.
        let triangles = try Mesh.rectangle(nx: 2, ny: 2)           // 9 vertices, 16 edges
        XCTAssertEqual(triangles.refined().vertexCount, 9 + 16)
        let quads = try Mesh.rectangle(nx: 2, ny: 2, cells: .quadrilaterals)   // 9, 12 edges, 4 faces
        XCTAssertEqual(quads.refined().vertexCount, 25)
        let hexes = try Mesh.box(nx: 1, ny: 1, nz: 2, cells: .hexahedra)     // 12 + 20 edges + 11 faces + 2
        XCTAssertEqual(hexes.refined().vertexCount, 3 * 3 * 5)
        let tets = try Mesh.box(nx: 1, ny: 1, nz: 1)               // 8 vertices, 19 edges
        XCTAssertEqual(tets.refined().vertexCount, 27)
    }

    func testTaggedRegionsAndGmshMeshSurviveRefinement() throws {
        var mesh = try Mesh(gmshFile: MeshTestSupport.shippedMesh("l_shape.msh"))
        mesh.cellTags = (0..<mesh.cellCount).map { Int32($0 % 3) }
        assertRefinesUniformly(mesh, children: 4, facetChildren: 2)
        let fine = mesh.refined()
        // Facets of the re-entrant sides still lie on them.
        for f in 0..<fine.boundaryFacetCount where fine.boundaryTags[f] == 2 {
            for v in fine.boundaryFacet(f) {
                let p = fine.point(Int(v))
                XCTAssertTrue(p[p.startIndex] == 0 || p[p.startIndex + 1] == 0)
            }
        }
    }

    func testRefinedKuhnTetrahedraKeepTheirShape() throws {
        var mesh = try Mesh.box(nx: 1, ny: 1, nz: 1)
        let initial = mesh.qualitySummary().minimumQuality
        XCTAssertEqual(initial, mesh.qualitySummary().maximumQuality, accuracy: 1e-12)  // six congruent Kuhn tetrahedra
        var qualities: [Double] = []
        for _ in 0..<3 {
            mesh = mesh.refined()
            qualities.append(mesh.qualitySummary().minimumQuality)
        }
        XCTAssertEqual(mesh.cellCount, 6 * 512)
        XCTAssertEqual(mesh.qualitySummary().totalMeasure, 1, accuracy: 1e-12)
        // The shortest-diagonal split produces no worse shape than the Kuhn tetrahedron itself,
        // so the quality does not decay with the level.
        for q in qualities { XCTAssertGreaterThanOrEqual(q, initial - 1e-12) }
        XCTAssertEqual(mesh.qualitySummary().maximumEdgeLength, 3.0.squareRoot() / 8, accuracy: 1e-12)
    }
}
