import XCTest
import Meshes

final class GeneratorTests: XCTestCase {
    /// Signed measure of a simplex cell from its corner coordinates.
    private func signedVolume(_ mesh: Mesh, cell c: Int) -> Double {
        let v = mesh.cell(c).map { Array(mesh.point(Int($0))) }
        switch mesh.cellType {
        case .triangle:
            return 0.5 * ((v[1][0] - v[0][0]) * (v[2][1] - v[0][1]) - (v[2][0] - v[0][0]) * (v[1][1] - v[0][1]))
        case .tetrahedron:
            let a = (0..<3).map { v[1][$0] - v[0][$0] }, b = (0..<3).map { v[2][$0] - v[0][$0] }, d = (0..<3).map { v[3][$0] - v[0][$0] }
            return (a[0] * (b[1] * d[2] - b[2] * d[1]) - a[1] * (b[0] * d[2] - b[2] * d[0]) + a[2] * (b[0] * d[1] - b[1] * d[0])) / 6
        default: fatalError("simplices only")
        }
    }

    func testRectangleTrianglesArePositiveAndTileTheDomain() throws {
        let mesh = try Mesh.rectangle(x: 0...2, y: -1...1, nx: 5, ny: 3)
        XCTAssertEqual(mesh.vertexCount, 24)
        XCTAssertEqual(mesh.cellCount, 30)
        var area = 0.0
        for c in 0..<mesh.cellCount {
            let a = signedVolume(mesh, cell: c)
            XCTAssertGreaterThan(a, 0)
            area += a
        }
        XCTAssertEqual(area, 4, accuracy: 1e-12)
        XCTAssertEqual(mesh.boundaryFacetCount, 16)
        // The generator's facets are exactly the extracted ones.
        func segments(_ flat: [Int32]) -> Set<[Int32]> {
            var result = Set<[Int32]>()
            for f in stride(from: 0, to: flat.count, by: 2) { result.insert([flat[f], flat[f + 1]]) }
            return result
        }
        XCTAssertEqual(segments(mesh.extractBoundaryFacets().facets), segments(mesh.boundaryFacets))
        // Left side: vertices with x = 0.
        let left = mesh.boundaryVertices(tags: [try mesh.tag(named: "left")])
        XCTAssertEqual(left.count, 4)
        XCTAssertTrue(left.allSatisfy { mesh.point(Int($0)).first == 0 })
    }

    func testBoxTetrahedraArePositiveConformingAndTagged() throws {
        let mesh = try Mesh.box(nx: 3, ny: 2, nz: 4)
        XCTAssertEqual(mesh.cellCount, 6 * 24)
        var volume = 0.0
        for c in 0..<mesh.cellCount {
            let v = signedVolume(mesh, cell: c)
            XCTAssertGreaterThan(v, 0)
            volume += v
        }
        XCTAssertEqual(volume, 1, accuracy: 1e-12)
        // Conforming: only the 2 × (3·2 + 3·4 + 2·4) × 2 triangles of the surface are unshared.
        XCTAssertEqual(mesh.boundaryFacetCount, 2 * (6 + 12 + 8) * 2)
        for (name, axis, value) in [("left", 0, 0.0), ("right", 0, 1.0), ("back", 1, 1.0), ("top", 2, 1.0)] {
            let vertices = mesh.boundaryVertices(tags: [try mesh.tag(named: name)])
            XCTAssertFalse(vertices.isEmpty)
            XCTAssertTrue(vertices.allSatisfy { mesh.point(Int($0))[Int($0) * 3 + axis] == value }, name)
        }
    }

    func testInvalidArgumentsAreOneLineErrors() {
        XCTAssertThrowsError(try Mesh.rectangle(nx: 0, ny: 2)) { error in
            XCTAssertTrue("\(error)".contains("nx, ny ≥ 1"))
        }
        XCTAssertThrowsError(try Mesh.interval(1, 0, cells: 3))
        XCTAssertThrowsError(try Mesh(dimension: 2, cellType: .triangle, points: [0, 0, 1, 0, 0, 1], cells: [0, 1, 3])) { error in
            XCTAssertEqual("\(error)", "malformed mesh: cell vertex index 3 outside 0..<3")
        }
        XCTAssertThrowsError(try Mesh.box(nx: 1, ny: 1, nz: 1, cells: .tetrahedra).tag(named: "inlet"))
    }
}
