import XCTest
import Autodiff
import PhysicsInformed

/// Selecting part of a boundary with a predicate.
final class BoundarySelectionTests: XCTestCase {
    let rectangle = Rectangle(lower: [0, 0], upper: [2, 1])

    func testSelectingTheLeftEdgeOfARectangle() throws {
        for sampling in Sampling.allCases {
            let samples = try rectangle.boundarySamples(200, sampling: sampling, key: Fixtures.key) { $0[0] == 0 }
            let points = rows(samples.points)
            XCTAssertEqual(points.count, 200)
            XCTAssertTrue(points.allSatisfy { $0[0] == 0 && $0[1] >= 0 && $0[1] <= 1 }, "\(sampling)")
            // Away from the corners the normal is −x; a corner may carry an adjacent edge's normal
            // (Hammersley's i/N hits edge ends exactly).
            for (p, n) in zip(points, rows(samples.normals)) where p[1] > 0 && p[1] < 1 {
                XCTAssertEqual(n, [-1, 0], "\(sampling) at \(p)")
            }
            let ys = points.map { $0[1] }
            XCTAssertEqual(ys.reduce(0, +) / 200, 0.5, accuracy: sampling.isRandom ? 0.1 : 0.01, "\(sampling): mean y")
        }
    }

    func testSelectingPartOfACircle() throws {
        let disk = Disk(center: [0, 0], radius: 1)
        let upper = rows(try disk.boundaryPoints(300, sampling: .sobol, key: Fixtures.key) { $0[1] > 0 })
        XCTAssertEqual(upper.count, 300)
        XCTAssertTrue(upper.allSatisfy { $0[1] > 0 && disk.onBoundary($0, tolerance: 1e-12) })
    }

    func testAPredicateSelectingNothingThrows() {
        XCTAssertThrowsError(try rectangle.boundaryPoints(5, sampling: .uniform, key: Fixtures.key) { $0[0] > 5 }) { error in
            guard case .acceptanceRateTooLow? = error as? SamplingError else { return XCTFail("unexpected \(error)") }
        }
    }
}
