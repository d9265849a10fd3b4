import XCTest
import Meshes

final class QualityTests: XCTestCase {
    func testIdealCellsHaveQualityOne() throws {
        let h = 3.0.squareRoot() / 2
        let equilateral = try Mesh(dimension: 2, cellType: .triangle, points: [0, 0, 2, 0, 1, 2 * h], cells: [0, 1, 2])
        XCTAssertEqual(equilateral.cellQualities()[0], 1, accuracy: 1e-14)
        XCTAssertEqual(equilateral.cellMeasures()[0], h * 2, accuracy: 1e-14)
        // Regular tetrahedron: alternate corners of a cube, side √2, volume 1/3.
        let regular = try Mesh(dimension: 3, cellType: .tetrahedron, points: [0, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1], cells: [0, 1, 2, 3])
        XCTAssertEqual(abs(regular.cellMeasures()[0]), 1.0 / 3, accuracy: 1e-14)
        XCTAssertEqual(abs(regular.cellQualities()[0]), 1, accuracy: 1e-14)
        let square = try Mesh(dimension: 2, cellType: .quadrilateral, points: [0, 0, 3, 0, 3, 1, 0, 1], cells: [0, 1, 2, 3])
        XCTAssertEqual(square.cellQualities(), [1])
        XCTAssertEqual(square.cellMeasures(), [3])
        let brick = try Mesh.box(x: 0...2, y: 0...1, z: 0...0.5, nx: 1, ny: 1, nz: 1, cells: .hexahedra)
        XCTAssertEqual(brick.cellQualities()[0], 1, accuracy: 1e-15)
        XCTAssertEqual(brick.cellMeasures()[0], 1, accuracy: 1e-15)
    }

    func testDistortedAndInvertedCells() throws {
        // Right isosceles triangle: 2r/R = 2(√2 − 1).
        let right = try Mesh(dimension: 2, cellType: .triangle, points: [0, 0, 1, 0, 0, 1], cells: [0, 1, 2])
        XCTAssertEqual(right.cellQualities()[0], 2 * (2.0.squareRoot() - 1), accuracy: 1e-14)
        // The same triangle clockwise: negative area and quality.
        let inverted = try Mesh(dimension: 2, cellType: .triangle, points: [0, 0, 1, 0, 0, 1], cells: [0, 2, 1])
        XCTAssertEqual(inverted.cellMeasures(), [-0.5])
        XCTAssertEqual(inverted.cellQualities()[0], -2 * (2.0.squareRoot() - 1), accuracy: 1e-14)
        // Parallelogram with a 60° angle: sin 60°; area base × height.
        let s = 3.0.squareRoot() / 2
        let rhombus = try Mesh(dimension: 2, cellType: .quadrilateral, points: [0, 0, 1, 0, 1.5, s, 0.5, s], cells: [0, 1, 2, 3])
        XCTAssertEqual(rhombus.cellQualities()[0], s, accuracy: 1e-14)
        XCTAssertEqual(rhombus.cellMeasures()[0], s, accuracy: 1e-14)
        // A brick with its top face sheared by 1 in x: corner angles of 45°, volume unchanged.
        let sheared = try Mesh(
            dimension: 3, cellType: .hexahedron,
            points: [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 2, 0, 1, 2, 1, 1, 1, 1, 1], cells: Array(0..<8))
        XCTAssertEqual(sheared.cellQualities()[0], 0.5.squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(sheared.cellMeasures()[0], 1, accuracy: 1e-14)
        // A flat (degenerate) tetrahedron has quality 0.
        let flat = try Mesh(dimension: 3, cellType: .tetrahedron, points: [0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0], cells: [0, 1, 2, 3])
        XCTAssertEqual(flat.cellQualities(), [0])
    }

    func testTrilinearHexahedronVolumeIsExact() throws {
        // Unit cube with corner 6 moved from (1, 1, 1) to (2, 2, 2): the non-affine map
        // x = ξ + ξηζ, y = η + ξηζ, z = ζ + ξηζ with det J = 1 + ξη + ηζ + ζξ, volume 1 + 3/4.
        let points: [Double] = [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 2, 2, 2, 0, 1, 1]
        let mesh = try Mesh(dimension: 3, cellType: .hexahedron, points: points, cells: Array(0..<8))
        var fine = mesh
        for _ in 0..<3 { fine = fine.refined() }
        // Refinement of a trilinear cell produces trilinear children of the same map, so the sums agree.
        XCTAssertEqual(fine.cellMeasures().reduce(0, +), mesh.cellMeasures()[0], accuracy: 1e-12)
        XCTAssertEqual(mesh.cellMeasures()[0], 1.75, accuracy: 1e-14)
        XCTAssertLessThan(mesh.cellQualities()[0], 0.9)
    }

    func testSummaryOfARectangle() throws {
        let mesh = try Mesh.rectangle(x: 0...2, y: 0...1, nx: 2, ny: 1)
        let summary = mesh.qualitySummary()
        XCTAssertEqual(summary.totalMeasure, 2, accuracy: 1e-15)
        XCTAssertEqual(summary.minimumMeasure, 0.5)
        XCTAssertEqual(summary.maximumMeasure, 0.5)
        XCTAssertEqual(summary.minimumEdgeLength, 1)
        XCTAssertEqual(summary.maximumEdgeLength, 2.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(mesh.maximumEdgeLength(), summary.maximumEdgeLength)
        XCTAssertEqual(summary.minimumQuality, 2 * (2.0.squareRoot() - 1), accuracy: 1e-14)
        XCTAssertEqual(summary.maximumQuality, summary.minimumQuality, accuracy: 1e-14)
    }
}
