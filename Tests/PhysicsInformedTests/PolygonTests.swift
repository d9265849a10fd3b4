import Foundation
import XCTest
import Autodiff
import PhysicsInformed

/// Simple polygons in both orientations: winding-number containment, edge normals, sampling.
final class PolygonTests: XCTestCase {
    let counterClockwise = Polygon(vertices: Fixtures.notchedVertices)
    let clockwise = Polygon(vertices: Fixtures.notchedVertices.reversed())

    func testAreaPerimeterAndOrientation() {
        let slant = 2 * (1.5 * 1.5 + 1).squareRoot()
        for polygon in [counterClockwise, clockwise] {
            XCTAssertEqual(polygon.area, 4.5, accuracy: 1e-14)
            XCTAssertEqual(polygon.perimeter, 3 + 2 + 2 + slant, accuracy: 1e-14)
        }
        XCTAssertTrue(counterClockwise.isCounterClockwise)
        XCTAssertFalse(clockwise.isCounterClockwise)
    }

    func testPointInPolygonIncludingTheNotch() {
        for polygon in [counterClockwise, clockwise] {
            XCTAssertEqual(polygon.location(of: [0.5, 1.5]), .interior)
            XCTAssertEqual(polygon.location(of: [1.5, 0.5]), .interior)
            XCTAssertEqual(polygon.location(of: [1.5, 1.5]), .exterior)   // in the notch
            XCTAssertEqual(polygon.location(of: [1.5, 1]), .boundary)     // the notch's vertex
            XCTAssertEqual(polygon.location(of: [0.75, 1.5]), .boundary)  // on the slanted edge
            XCTAssertEqual(polygon.location(of: [4, 1]), .exterior)
            XCTAssertEqual(polygon.location(of: [1, 0]), .boundary)
        }
    }

    func testEdgeNormalsPointOutwardInBothOrientations() {
        let s = 1 / (1.5 * 1.5 + 1).squareRoot()
        XCTAssertEqual(counterClockwise.boundaryNormal(at: [1, 0]), [0, -1])
        XCTAssertEqual(clockwise.boundaryNormal(at: [1, 0]), [0, -1])
        XCTAssertEqual(counterClockwise.boundaryNormal(at: [3, 1]), [1, 0])
        for polygon in [counterClockwise, clockwise] {
            let n = polygon.boundaryNormal(at: [0.75, 1.5])  // slanted edge from (1.5, 1) to (0, 2)
            XCTAssertEqual(n[0], 1 * s, accuracy: 1e-15)
            XCTAssertEqual(n[1], 1.5 * s, accuracy: 1e-15)
        }
    }

    func testInteriorSamplesAreInsideForEverySamplingAndUniform() throws {
        for polygon in [counterClockwise, clockwise] {
            for sampling in Sampling.allCases {
                let points = try polygon.interiorPoints(1000, sampling: sampling, key: Fixtures.key)
                XCTAssertEqual(points.shape, [1000, 2])
                assertAllInside(polygon, points, "polygon, \(sampling)")
            }
        }
        // The square [0, 1]² holds 1/4.5 of the area.
        let n = 20_000
        let points = rows(try counterClockwise.interiorPoints(n, sampling: .uniform, key: Fixtures.key))
        let inSquare = points.filter { $0[0] <= 1 && $0[1] <= 1 }.count
        assertProportion(Double(inSquare) / Double(n), expected: 1 / 4.5, count: n, "unit square share")
    }

    func testBoundarySamplesAreOnEdgesWithOutwardNormals() throws {
        for polygon in [counterClockwise, clockwise] {
            for sampling in Sampling.allCases {
                let samples = try polygon.boundarySamples(1000, sampling: sampling, key: Fixtures.key)
                assertBoundarySamplesValid(polygon, samples, "polygon, \(sampling)", corners: Fixtures.notchedVertices)
            }
        }
    }

    /// Edge x = 3 (length 2) carries 2 / perimeter of the boundary samples.
    func testBoundarySamplesAreProportionalToEdgeLengths() throws {
        let n = 6000
        let points = rows(try clockwise.boundaryPoints(n, sampling: .uniform, key: Fixtures.key))
        let share = Double(points.filter { $0[0] == 3 }.count) / Double(n)
        assertProportion(share, expected: 2 / clockwise.perimeter, count: n, "edge x = 3")
        let bottom = Double(points.filter { $0[1] == 0 }.count) / Double(n)
        assertProportion(bottom, expected: 3 / clockwise.perimeter, count: n, "edge y = 0")
    }
}
