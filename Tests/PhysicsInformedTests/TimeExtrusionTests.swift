import Foundation
import XCTest
import Autodiff
import PhysicsInformed

/// Space × time: interior, initial and lateral boundary samples.
final class TimeExtrusionTests: XCTestCase {
    let spaceTime = TimeExtrusion(Interval(-1, 1), from: 0, to: 0.5)
    let diskTime = TimeExtrusion(Disk(center: [0, 0], radius: 1), from: 1, to: 3)

    func testDimensionBoundingBoxAndLocation() {
        XCTAssertEqual(spaceTime.dimension, 2)
        XCTAssertEqual(spaceTime.boundingBox.lower, [-1, 0])
        XCTAssertEqual(spaceTime.boundingBox.upper, [1, 0.5])
        XCTAssertEqual(spaceTime.location(of: [0, 0.25]), .interior)
        XCTAssertEqual(spaceTime.location(of: [1, 0.25]), .boundary)
        XCTAssertEqual(spaceTime.location(of: [0, 0]), .interior)  // the initial slice is not "boundary"
        XCTAssertEqual(spaceTime.location(of: [0, 0.6]), .exterior)
        XCTAssertEqual(diskTime.boundaryNormal(at: [0, 1, 2]), [0, 1, 0])
        XCTAssertTrue(diskTime.isInitial([0.5, 0, 1], tolerance: 1e-12))
        XCTAssertFalse(diskTime.isInitial([0.5, 0, 1.1], tolerance: 1e-12))
    }

    func testInteriorSamplesCoverSpaceAndTime() throws {
        for sampling in Sampling.allCases {
            for shape in [spaceTime, diskTime] {
                let points = try shape.interiorPoints(400, sampling: sampling, key: Fixtures.key)
                XCTAssertEqual(points.shape, [400, shape.dimension])
                assertAllInside(shape, points, "space-time, \(sampling)")
            }
        }
        // Time is uniform on [1, 3]: half the points have t < 2.
        let n = 10_000
        let times = rows(try diskTime.interiorPoints(n, sampling: .uniform, key: Fixtures.key)).map { $0[2] }
        assertProportion(Double(times.filter { $0 < 2 }.count) / Double(n), expected: 0.5, count: n, "t < 2")
    }

    func testInitialPointsAllHaveTheInitialTime() throws {
        for sampling in Sampling.allCases {
            let points = rows(try diskTime.initialPoints(300, sampling: sampling, key: Fixtures.key))
            XCTAssertEqual(points.count, 300)
            XCTAssertTrue(points.allSatisfy { $0[2] == 1 }, "\(sampling)")
            XCTAssertTrue(points.allSatisfy { diskTime.isInitial($0, tolerance: 0) }, "\(sampling)")
            XCTAssertTrue(points.allSatisfy { norm(Array($0.prefix(2))) <= 1 + 1e-12 }, "\(sampling)")
        }
    }

    func testBoundaryPointsLieOnTheSpatialBoundaryAtAllTimes() throws {
        for sampling in Sampling.allCases {
            let samples = try diskTime.boundarySamples(500, sampling: sampling, key: Fixtures.key)
            let disk = Disk(center: [0, 0], radius: 1)
            for (p, n) in zip(rows(samples.points), rows(samples.normals)) {
                XCTAssertTrue(disk.onBoundary(Array(p.prefix(2)), tolerance: 1e-12), "\(sampling): \(p)")
                XCTAssertTrue(p[2] >= 1 && p[2] <= 3)
                XCTAssertEqual(n[2], 0)
                XCTAssertEqual(norm(n), 1, accuracy: 1e-12)
            }
            assertBoundarySamplesValid(diskTime, samples, "disk × time, \(sampling)",
                                       isSmooth: { $0[2] > 1 + 1e-4 && $0[2] < 3 - 1e-4 })
            let ends = rows(try spaceTime.boundaryPoints(200, sampling: sampling, key: Fixtures.key))
            XCTAssertTrue(ends.allSatisfy { $0[0] == -1 || $0[0] == 1 }, "\(sampling)")
            let times = ends.map { $0[1] }
            XCTAssertGreaterThan(times.max()! - times.min()!, 0.4, "\(sampling): times not spread over [0, 0.5]")
        }
    }

    func testExtrudedConstructiveGeometry() throws {
        let lTime = TimeExtrusion(Fixtures.lShape, from: 0, to: 1)
        for sampling in Sampling.allCases {
            assertAllInside(lTime, try lTime.interiorPoints(300, sampling: sampling, key: Fixtures.key), "L × time, \(sampling)")
            let boundary = rows(try lTime.boundaryPoints(300, sampling: sampling, key: Fixtures.key))
            XCTAssertTrue(boundary.allSatisfy { Fixtures.lShape.onBoundary(Array($0.prefix(2)), tolerance: 1e-12) })
        }
    }
}
