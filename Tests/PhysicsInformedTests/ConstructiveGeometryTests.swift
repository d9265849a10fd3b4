import Foundation
import XCTest
import Autodiff
import PhysicsInformed

/// CSG shapes: the L-shape and the annulus (differences), unions, intersections, nesting, and the
/// error for an empty region.
final class ConstructiveGeometryTests: XCTestCase {
    func testInteriorSamplesOfLShapeAndAnnulusAreInsideForEverySampling() throws {
        for sampling in Sampling.allCases {
            let l = try Fixtures.lShape.interiorPoints(1000, sampling: sampling, key: Fixtures.key)
            XCTAssertEqual(l.shape, [1000, 2])
            assertAllInside(Fixtures.lShape, l, "L-shape, \(sampling)")
            XCTAssertFalse(rows(l).contains { $0[0] > 1 && $0[1] > 1 }, "L-shape, \(sampling): sample in the removed square")
            let annulus = try Fixtures.annulus.interiorPoints(1000, sampling: sampling, key: Fixtures.key)
            XCTAssertEqual(annulus.shape, [1000, 2])
            assertAllInside(Fixtures.annulus, annulus, "annulus, \(sampling)")
            XCTAssertTrue(rows(annulus).allSatisfy { norm($0) >= 0.5 - 1e-12 }, "annulus, \(sampling): inside the hole")
        }
    }

    /// Monte Carlo area: the fraction p̂ of uniform points in the bounding box that fall in the shape,
    /// times the box's area. Its standard error is A_box √(p(1 − p)/N); the tolerance is 4 of them.
    func testMonteCarloAreasMatchTheExactAreas() throws {
        let n = 200_000
        for (label, shape, exact) in [("L-shape", Fixtures.lShape, 3.0), ("annulus", Fixtures.annulus, 0.75 * .pi)]
            as [(String, any Geometry, Double)] {
            let (lower, upper) = shape.boundingBox
            let boxArea = (upper[0] - lower[0]) * (upper[1] - lower[1])
            let points = rows(try Rectangle(lower: lower, upper: upper).interiorPoints(n, sampling: .uniform, key: Fixtures.key))
            let fraction = Double(points.filter { shape.contains($0) }.count) / Double(n)
            let p = exact / boxArea
            let standardError = boxArea * (p * (1 - p) / Double(n)).squareRoot()
            XCTAssertEqual(fraction * boxArea, exact, accuracy: 4 * standardError, label)
        }
    }

    /// Rejection keeps the samples uniform: the square [1, 2] × [0, 1] is a third of the L-shape, the
    /// ring 0.5 ≤ r ≤ 0.75 is 5/12 of the annulus.
    func testRejectionSamplesAreUniformOnTheRegion() throws {
        let n = 20_000
        let l = rows(try Fixtures.lShape.interiorPoints(n, sampling: .uniform, key: Fixtures.key))
        assertProportion(Double(l.filter { $0[0] > 1 }.count) / Double(n), expected: 1.0 / 3, count: n, "L-shape square")
        let a = rows(try Fixtures.annulus.interiorPoints(n, sampling: .uniform, key: Fixtures.key))
        assertProportion(Double(a.filter { norm($0) < 0.75 }.count) / Double(n), expected: 5.0 / 12, count: n, "inner ring")
    }

    func testLShapeBoundarySamplesAndReentrantNormals() throws {
        for sampling in Sampling.allCases {
            let samples = try Fixtures.lShape.boundarySamples(1000, sampling: sampling, key: Fixtures.key)
            XCTAssertEqual(samples.points.shape, [1000, 2])
            assertBoundarySamplesValid(Fixtures.lShape, samples, "L-shape, \(sampling)", corners: Fixtures.lShapeCorners)
            // The removed square's outer edges x = 2, y ∈ (1, 2] and y = 2, x ∈ (1, 2] are not boundary.
            XCTAssertFalse(rows(samples.points).contains { ($0[0] == 2 && $0[1] > 1 + 1e-9) || ($0[1] == 2 && $0[0] > 1 + 1e-9) },
                           "L-shape, \(sampling): samples on the removed square's outer edges")
        }
        XCTAssertEqual(Fixtures.lShape.boundaryNormal(at: [1, 1.5]), [1, 0])
        XCTAssertEqual(Fixtures.lShape.boundaryNormal(at: [1.5, 1]), [0, 1])
        XCTAssertEqual(Fixtures.lShape.boundaryNormal(at: [0.5, 2]), [0, 1])
    }

    /// The two re-entrant edges are 2 of the L-shape's perimeter of 8.
    func testLShapeBoundarySamplesAreProportionalToLength() throws {
        let n = 8000
        let points = rows(try Fixtures.lShape.boundaryPoints(n, sampling: .uniform, key: Fixtures.key))
        let reentrant = points.filter { ($0[0] == 1 && $0[1] >= 1) || ($0[1] == 1 && $0[0] >= 1) }.count
        assertProportion(Double(reentrant) / Double(n), expected: 0.25, count: n, "re-entrant edges")
        let left = points.filter { $0[0] == 0 }.count
        assertProportion(Double(left) / Double(n), expected: 0.25, count: n, "edge x = 0")
    }

    /// On the inner circle the normals point into the hole, toward the centre; the inner circle is a
    /// third of the boundary length.
    func testAnnulusBoundaryNormalsPointIntoTheHole() throws {
        let n = 6000
        for sampling in Sampling.allCases {
            let samples = try Fixtures.annulus.boundarySamples(n, sampling: sampling, key: Fixtures.key)
            assertBoundarySamplesValid(Fixtures.annulus, samples, "annulus, \(sampling)")
            var inner = 0
            for (p, normal) in zip(rows(samples.points), rows(samples.normals)) {
                let r = norm(p)
                let radial = p.map { $0 / r }
                if abs(r - 0.5) < 1e-12 {
                    inner += 1
                    XCTAssertEqual(distance(normal, radial.map { -$0 }), 0, accuracy: 1e-12)
                } else {
                    XCTAssertEqual(r, 1, accuracy: 1e-12)
                    XCTAssertEqual(distance(normal, radial), 0, accuracy: 1e-12)
                }
            }
            if sampling.isRandom {
                assertProportion(Double(inner) / Double(n), expected: 1.0 / 3, count: n, "inner circle, \(sampling)")
            } else {
                XCTAssertEqual(Double(inner) / Double(n), 1.0 / 3, accuracy: 0.005, "inner circle, \(sampling)")
            }
        }
    }

    /// Two unit squares side by side: the shared edge x = 1 is interior to the union and never sampled;
    /// the union's boundary is the 2 × 1 rectangle's.
    func testUnionOfTouchingRectanglesDropsTheSharedEdge() throws {
        let union = Rectangle(lower: [0, 0], upper: [1, 1]).union(Rectangle(lower: [1, 0], upper: [2, 1]))
        let whole = Rectangle(lower: [0, 0], upper: [2, 1])
        let n = 3000
        let samples = try union.boundarySamples(n, sampling: .uniform, key: Fixtures.key)
        let points = rows(samples.points)
        XCTAssertFalse(points.contains { abs($0[0] - 1) < 1e-12 && $0[1] > 1e-9 && $0[1] < 1 - 1e-9 })
        for (p, normal) in zip(points, rows(samples.normals)) {
            XCTAssertTrue(whole.onBoundary(p, tolerance: 1e-12))
            if p[0] > 1e-4 && p[0] < 2 - 1e-4 { XCTAssertEqual(normal, whole.boundaryNormal(at: p)) }
        }
        // Length 2 of 6 lies on x = 0 or x = 2.
        assertProportion(Double(points.filter { $0[0] == 0 || $0[0] == 2 }.count) / Double(n),
                         expected: 1.0 / 3, count: n, "vertical edges")
        assertAllInside(union, try union.interiorPoints(500, sampling: .sobol, key: Fixtures.key), "touching union")
    }

    /// Two overlapping unit disks: a union (two arcs of 240°) and an intersection (a lens of two 120°
    /// arcs). Overlapping boundaries with the same normal — the bottom edge shared by two rectangles —
    /// are sampled once, not twice as densely.
    func testUnionAndIntersectionOfOverlappingShapes() throws {
        let a = Disk(center: [0, 0], radius: 1), b = Disk(center: [1, 0], radius: 1)
        let union = a.union(b), lens = a.intersection(b)
        for sampling in Sampling.allCases {
            assertAllInside(union, try union.interiorPoints(500, sampling: sampling, key: Fixtures.key), "union, \(sampling)")
            assertAllInside(lens, try lens.interiorPoints(500, sampling: sampling, key: Fixtures.key), "lens, \(sampling)")
            XCTAssertTrue(rows(try lens.interiorPoints(500, sampling: sampling, key: Fixtures.key))
                .allSatisfy { a.contains($0) && b.contains($0) })
            let crossings: [[Double]] = [[0.5, 3.0.squareRoot() / 2], [0.5, -3.0.squareRoot() / 2]]
            assertBoundarySamplesValid(union, try union.boundarySamples(600, sampling: sampling, key: Fixtures.key),
                                       "union, \(sampling)", corners: crossings)
            assertBoundarySamplesValid(lens, try lens.boundarySamples(600, sampling: sampling, key: Fixtures.key),
                                       "lens, \(sampling)", corners: crossings)
        }
        let n = 6000
        let lensPoints = rows(try lens.boundaryPoints(n, sampling: .uniform, key: Fixtures.key))
        let onA = lensPoints.filter { abs(norm($0) - 1) < 1e-12 }.count
        assertProportion(Double(onA) / Double(n), expected: 0.5, count: n, "lens arc of the first disk")

        let overlapping = Rectangle(lower: [0, 0], upper: [2, 1]).union(Rectangle(lower: [1, 0], upper: [3, 1]))
        let points = rows(try overlapping.boundaryPoints(n, sampling: .uniform, key: Fixtures.key))
        // Perimeter 8; the bottom edge y = 0 of length 3 carries 3/8 of the points.
        assertProportion(Double(points.filter { $0[1] == 0 }.count) / Double(n), expected: 3.0 / 8, count: n, "bottom edge")
    }

    func testNestedConstructiveGeometry() throws {
        // A square with a round hole and a square notch: ([0, 4]² \ disk) \ [3, 4]².
        let plate = Rectangle(lower: [0, 0], upper: [4, 4])
            .subtracting(Disk(center: [1.5, 1.5], radius: 1))
            .subtracting(Rectangle(lower: [3, 3], upper: [4, 4]))
        XCTAssertEqual(plate.location(of: [1.5, 1.5]), .exterior)
        XCTAssertEqual(plate.location(of: [3.5, 3.5]), .exterior)
        XCTAssertEqual(plate.location(of: [3.5, 1]), .interior)
        XCTAssertEqual(plate.location(of: [2.5, 1.5]), .boundary)
        XCTAssertEqual(plate.boundaryNormal(at: [2.5, 1.5]), [-1, 0])
        for sampling in Sampling.allCases {
            assertAllInside(plate, try plate.interiorPoints(500, sampling: sampling, key: Fixtures.key), "plate, \(sampling)")
            assertBoundarySamplesValid(plate, try plate.boundarySamples(800, sampling: sampling, key: Fixtures.key),
                                       "plate, \(sampling)",
                                       corners: [[0, 0], [4, 0], [4, 3], [3, 3], [3, 4], [0, 4]])
        }
        // Perimeter 16 + 2π; the hole carries 2π of it.
        let n = 8000
        let points = rows(try plate.boundaryPoints(n, sampling: .uniform, key: Fixtures.key))
        let onHole = points.filter { abs(distance($0, [1.5, 1.5]) - 1) < 1e-12 }.count
        assertProportion(Double(onHole) / Double(n), expected: 2 * .pi / (16 + 2 * .pi), count: n, "hole")
    }

    func testEmptyIntersectionThrowsAClearError() {
        let empty = Disk(center: [0, 0], radius: 1).intersection(Disk(center: [5, 0], radius: 1))
        XCTAssertThrowsError(try empty.interiorPoints(10, sampling: .uniform, key: Fixtures.key)) { error in
            guard case let SamplingError.acceptanceRateTooLow(accepted, candidates, requested)? = error as? SamplingError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(accepted, 0)
            XCTAssertGreaterThanOrEqual(candidates, SamplingError.acceptanceCheckInterval)
            XCTAssertEqual(requested, 10)
            XCTAssertTrue("\(error)".contains("rejection sampling accepted 0 of"))
        }
        XCTAssertThrowsError(try empty.interiorPoints(10, sampling: .hammersley, key: Fixtures.key))
        XCTAssertThrowsError(try empty.boundaryPoints(10, sampling: .sobol, key: Fixtures.key))
    }

    func testDimensionsAndBoundingBoxes() {
        XCTAssertEqual(Fixtures.lShape.dimension, 2)
        XCTAssertEqual(Fixtures.lShape.boundingBox.lower, [0, 0])
        XCTAssertEqual(Fixtures.lShape.boundingBox.upper, [2, 2])
        let union = Disk(center: [0, 0], radius: 1).union(Rectangle(lower: [0, 0], upper: [3, 0.5]))
        XCTAssertEqual(union.boundingBox.lower, [-1, -1])
        XCTAssertEqual(union.boundingBox.upper, [3, 1])
        let lens = Disk(center: [0, 0], radius: 1).intersection(Disk(center: [1, 0], radius: 1))
        XCTAssertEqual(lens.boundingBox.lower, [0, -1])
        XCTAssertEqual(lens.boundingBox.upper, [1, 1])
    }
}
