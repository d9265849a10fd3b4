import Foundation
import XCTest
import Autodiff
import PhysicsInformed

/// Interval, rectangle, box and disk: membership, interior and boundary samples, normals, and how
/// boundary samples are shared between edges and faces.
final class PrimitiveShapeTests: XCTestCase {
    let interval = Interval(-1, 2)
    let rectangle = Rectangle(lower: [0, 0], upper: [3, 1])
    let box = Box(lower: [0, 0, 0], upper: [1, 2, 3])
    let disk = Disk(center: [0.5, -1], radius: 2)

    func testLocationClassifiesInteriorBoundaryAndExterior() {
        XCTAssertEqual(interval.location(of: [0.5]), .interior)
        XCTAssertEqual(interval.location(of: [2]), .boundary)
        XCTAssertEqual(interval.location(of: [2.001]), .exterior)
        XCTAssertEqual(rectangle.location(of: [3, 0.5]), .boundary)
        XCTAssertEqual(rectangle.location(of: [3 + 1e-13, 0.5]), .boundary)
        XCTAssertEqual(rectangle.location(of: [3 + 1e-6, 0.5]), .exterior)
        XCTAssertEqual(box.location(of: [0.5, 1, 1.5]), .interior)
        XCTAssertEqual(box.location(of: [0.5, 2, 1.5]), .boundary)
        XCTAssertEqual(disk.location(of: [2.5, -1]), .boundary)
        XCTAssertEqual(disk.location(of: [2.4, -1]), .interior)
        XCTAssertEqual(disk.location(of: [2.5, -0.9]), .exterior)
        XCTAssertFalse(disk.contains([.nan, 0]))
    }

    func testMeasures() {
        XCTAssertEqual(interval.measure, 3)
        XCTAssertEqual(interval.boundaryMeasure, 2)
        XCTAssertEqual(rectangle.measure, 3)
        XCTAssertEqual(rectangle.boundaryMeasure, 8)
        XCTAssertEqual(box.measure, 6)
        XCTAssertEqual(box.boundaryMeasure, 22)
        XCTAssertEqual(disk.measure, 4 * .pi, accuracy: 1e-14)
        XCTAssertEqual(disk.boundaryMeasure, 4 * .pi, accuracy: 1e-14)
    }

    func testInteriorSamplesAreInsideForEverySampling() throws {
        for sampling in Sampling.allCases {
            for (label, shape) in [("interval", interval), ("rectangle", rectangle), ("box", box), ("disk", disk)]
                as [(String, any Geometry)] {
                let points = try shape.interiorPoints(500, sampling: sampling, key: Fixtures.key)
                XCTAssertEqual(points.shape, [500, shape.dimension])
                assertAllInside(shape, points, "\(label), \(sampling)")
            }
        }
    }

    func testBoundarySamplesLieOnTheBoundaryWithOutwardNormals() throws {
        for sampling in Sampling.allCases {
            let key = Fixtures.key.fold(in: 1)
            assertBoundarySamplesValid(interval, try interval.boundarySamples(50, sampling: sampling, key: key),
                                       "interval, \(sampling)")
            assertBoundarySamplesValid(rectangle, try rectangle.boundarySamples(500, sampling: sampling, key: key),
                                       "rectangle, \(sampling)", corners: [[0, 0], [3, 0], [3, 1], [0, 1]])
            assertBoundarySamplesValid(box, try box.boundarySamples(500, sampling: sampling, key: key),
                                       "box, \(sampling)", isSmooth: { p in
                                           // Away from the edges: at most one coordinate near a bound.
                                           zip(p, zip([0.0, 0, 0], [1.0, 2, 3])).filter { x, b in
                                               min(abs(x - b.0), abs(x - b.1)) < 1e-4
                                           }.count == 1
                                       })
            assertBoundarySamplesValid(disk, try disk.boundarySamples(500, sampling: sampling, key: key), "disk, \(sampling)")
        }
    }

    func testIntervalBoundarySamplesSplitEvenlyBetweenTheEnds() throws {
        let points = rows(try interval.boundaryPoints(1000, sampling: .uniform, key: Fixtures.key))
        XCTAssertTrue(points.allSatisfy { $0 == [-1] || $0 == [2] })
        assertProportion(Double(points.filter { $0 == [-1] }.count) / 1000, expected: 0.5, count: 1000, "left end")
    }

    /// Edges of lengths 1, 1, 3, 3 (perimeter 8) get shares 1/8, 1/8, 3/8, 3/8 of the points.
    func testRectangleBoundaryPointsAreProportionalToEdgeLengths() throws {
        let n = 4000
        for sampling in Sampling.allCases {
            let points = rows(try rectangle.boundaryPoints(n, sampling: sampling, key: Fixtures.key))
            let shares = [
                points.filter { $0[0] == 0 }.count, points.filter { $0[0] == 3 }.count,
                points.filter { $0[1] == 0 }.count, points.filter { $0[1] == 1 }.count,
            ].map { Double($0) / Double(n) }
            for (share, expected) in zip(shares, [0.125, 0.125, 0.375, 0.375]) {
                XCTAssertEqual(share, expected, accuracy: 0.03, "\(sampling): shares \(shares)")
                if !sampling.isRandom { XCTAssertEqual(share, expected, accuracy: 0.005, "\(sampling): shares \(shares)") }
            }
        }
    }

    /// Faces of the 1 × 2 × 3 box have areas 6, 6, 3, 3, 2, 2 (total 22).
    func testBoxBoundaryPointsAreProportionalToFaceAreas() throws {
        let n = 8000
        let points = rows(try box.boundaryPoints(n, sampling: .uniform, key: Fixtures.key))
        let upper = [1.0, 2, 3]
        for axis in 0..<3 {
            let expected = (6.0 / Double(axis + 1)) / 22
            assertProportion(Double(points.filter { $0[axis] == 0 }.count) / Double(n), expected: expected, count: n,
                             "lower face of axis \(axis)")
            assertProportion(Double(points.filter { $0[axis] == upper[axis] }.count) / Double(n), expected: expected,
                             count: n, "upper face of axis \(axis)")
        }
    }

    /// The polar map is area-preserving: a quarter of the points fall within half the radius, and the
    /// upper half-disk holds half of them.
    func testDiskInteriorSamplesAreUniformInArea() throws {
        let n = 20_000
        let points = rows(try disk.interiorPoints(n, sampling: .uniform, key: Fixtures.key))
        let inner = points.filter { distance($0, disk.center) < 1 }.count
        let upper = points.filter { $0[1] > -1 }.count
        assertProportion(Double(inner) / Double(n), expected: 0.25, count: n, "inner disk")
        assertProportion(Double(upper) / Double(n), expected: 0.5, count: n, "upper half")
    }

    func testCornerNormalsPickTheDocumentedFace() {
        XCTAssertEqual(rectangle.boundaryNormal(at: [0, 0]), [-1, 0])
        XCTAssertEqual(rectangle.boundaryNormal(at: [3, 1]), [1, 0])
        XCTAssertEqual(rectangle.boundaryNormal(at: [1.5, 1]), [0, 1])
        XCTAssertEqual(box.boundaryNormal(at: [1, 2, 3]), [1, 0, 0])
        XCTAssertEqual(box.boundaryNormal(at: [0.5, 2, 3]), [0, 1, 0])
        XCTAssertEqual(interval.boundaryNormal(at: [-1]), [-1])
        XCTAssertEqual(disk.boundaryNormal(at: [0.5, 1]), [0, 1])
    }
}

extension Sampling {
    /// Whether the method draws independent random points (whose counts fluctuate like Monte Carlo).
    var isRandom: Bool { self == .uniform || self == .latinHypercube }
}
