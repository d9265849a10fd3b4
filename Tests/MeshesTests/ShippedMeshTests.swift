import XCTest
import Meshes

/// The meshes in Data/meshes read as their .geo sources describe.
final class ShippedMeshTests: XCTestCase {
    /// Checks that every facet with one of `sides`' tags has all vertices on that side.
    private func assertFacetsLie(on sides: [Int32: (ArraySlice<Double>) -> Bool], in mesh: Mesh, file: StaticString = #filePath, line: UInt = #line) {
        for f in 0..<mesh.boundaryFacetCount {
            guard let onSide = sides[mesh.boundaryTags[f]] else {
                XCTFail("facet \(f) has the unexpected tag \(mesh.boundaryTags[f])", file: file, line: line)
                continue
            }
            for v in mesh.boundaryFacet(f) where !onSide(mesh.point(Int(v))) {
                XCTFail("facet \(f) (tag \(mesh.boundaryTags[f])) has vertex \(Array(mesh.point(Int(v)))) off its side", file: file, line: line)
            }
        }
    }

    /// The tagged facets are exactly the facets owned by one cell (the mesh is conforming).
    private func assertFacetsAreTheBoundary(_ mesh: Mesh, file: StaticString = #filePath, line: UInt = #line) {
        let n = mesh.verticesPerFacet
        XCTAssertEqual(
            MeshTestSupport.facetSet(mesh.boundaryFacets, perFacet: n),
            MeshTestSupport.facetSet(mesh.extractBoundaryFacets().facets, perFacet: n), file: file, line: line)
    }

    func testUnitSquareFormat41() throws {
        let mesh = try Mesh(gmshFile: MeshTestSupport.shippedMesh("unit_square.msh"))
        XCTAssertEqual(mesh.dimension, 2)
        XCTAssertEqual(mesh.cellType, .triangle)
        XCTAssertEqual(mesh.vertexCount, 98)
        XCTAssertEqual(mesh.cellCount, 162)
        XCTAssertEqual(mesh.names, ["left": 1, "right": 2, "bottom": 3, "top": 4, "domain": 10])
        XCTAssertEqual(Set(mesh.cellTags), [10])
        XCTAssertEqual(MeshTestSupport.facetCounts(mesh), [1: 8, 2: 8, 3: 8, 4: 8])
        let measures = mesh.cellMeasures()
        XCTAssertTrue(measures.allSatisfy { $0 > 0 })
        XCTAssertEqual(measures.reduce(0, +), 1, accuracy: 1e-12)
        assertFacetsLie(on: [1: { $0.first == 0 }, 2: { $0.first == 1 }, 3: { $0.last == 0 }, 4: { $0.last == 1 }], in: mesh)
        assertFacetsAreTheBoundary(mesh)
    }

    func testLShapeFormat22() throws {
        let mesh = try Mesh(gmshFile: MeshTestSupport.shippedMesh("l_shape.msh"))
        XCTAssertEqual(mesh.dimension, 2)
        XCTAssertEqual(mesh.vertexCount, 206)
        XCTAssertEqual(mesh.cellCount, 360)
        XCTAssertEqual(mesh.names, ["outer": 1, "reentrant": 2, "domain": 10])
        XCTAssertEqual(MeshTestSupport.facetCounts(mesh), [1: 30, 2: 20])
        let measures = mesh.cellMeasures()
        XCTAssertTrue(measures.allSatisfy { $0 > 0 })
        XCTAssertEqual(measures.reduce(0, +), 3, accuracy: 1e-12)
        let tolerance = 1e-12
        assertFacetsLie(on: [
            1: { p in abs(abs(p[p.startIndex]) - 1) < tolerance || abs(abs(p[p.startIndex + 1]) - 1) < tolerance },
            2: { p in (abs(p[p.startIndex]) < tolerance && p[p.startIndex + 1] <= 0) || (abs(p[p.startIndex + 1]) < tolerance && p[p.startIndex] >= 0) },
        ], in: mesh)
        assertFacetsAreTheBoundary(mesh)
        // The re-entrant corner is refined: the shortest edges are there.
        XCTAssertLessThan(mesh.qualitySummary().minimumEdgeLength, 0.1)
    }

    func testUnitCubeTetrahedra() throws {
        let mesh = try Mesh(gmshFile: MeshTestSupport.shippedMesh("unit_cube.msh"))
        XCTAssertEqual(mesh.dimension, 3)
        XCTAssertEqual(mesh.cellType, .tetrahedron)
        XCTAssertEqual(mesh.vertexCount, 339)
        XCTAssertEqual(mesh.cellCount, 1125)
        XCTAssertEqual(mesh.names, ["left": 1, "right": 2, "front": 3, "back": 4, "bottom": 5, "top": 6, "solid": 10])
        XCTAssertEqual(MeshTestSupport.facetCounts(mesh), [1: 90, 2: 90, 3: 90, 4: 90, 5: 90, 6: 90])
        let summary = mesh.qualitySummary()
        XCTAssertGreaterThan(summary.minimumMeasure, 0)
        XCTAssertEqual(summary.totalMeasure, 1, accuracy: 1e-12)
        XCTAssertGreaterThan(summary.minimumQuality, 0.2)
        XCTAssertLessThanOrEqual(summary.maximumEdgeLength, 0.3 * 1.5)
        let tolerance = 1e-9
        func plane(_ axis: Int, _ value: Double) -> (ArraySlice<Double>) -> Bool {
            { p in abs(p[p.startIndex + axis] - value) < tolerance }
        }
        assertFacetsLie(on: [1: plane(0, 0), 2: plane(0, 1), 3: plane(1, 0), 4: plane(1, 1), 5: plane(2, 0), 6: plane(2, 1)], in: mesh)
        assertFacetsAreTheBoundary(mesh)
    }

    func testUnitCubeHexahedra() throws {
        let mesh = try Mesh(gmshFile: MeshTestSupport.shippedMesh("unit_cube_hex.msh"))
        XCTAssertEqual(mesh.cellType, .hexahedron)
        XCTAssertEqual(mesh.vertexCount, 64)
        XCTAssertEqual(mesh.cellCount, 27)
        XCTAssertEqual(MeshTestSupport.facetCounts(mesh), [1: 9, 2: 9, 3: 9, 4: 9, 5: 9, 6: 9])
        for measure in mesh.cellMeasures() { XCTAssertEqual(measure, 1.0 / 27, accuracy: 1e-12) }
        for quality in mesh.cellQualities() { XCTAssertEqual(quality, 1, accuracy: 1e-12) }
        func plane(_ axis: Int, _ value: Double) -> (ArraySlice<Double>) -> Bool {
            { p in abs(p[p.startIndex + axis] - value) < 1e-12 }
        }
        assertFacetsLie(on: [1: plane(0, 0), 2: plane(0, 1), 3: plane(1, 0), 4: plane(1, 1), 5: plane(2, 0), 6: plane(2, 1)], in: mesh)
        assertFacetsAreTheBoundary(mesh)
    }
}
