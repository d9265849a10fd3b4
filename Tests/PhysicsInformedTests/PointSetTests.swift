import XCTest
import Autodiff
import PhysicsInformed

/// User-supplied points as a collocation source.
final class PointSetTests: XCTestCase {
    let points = Tensor(shape: [10, 2], scalars: (0..<20).map(Double.init))

    func testAllPointsAreReturnedUnchanged() throws {
        let set = PointSet(points: points)
        XCTAssertEqual(set.dimension, 2)
        XCTAssertEqual(set.count, 10)
        for sampling in Sampling.allCases {
            XCTAssertEqual(try set.interiorPoints(10, sampling: sampling, key: Fixtures.key), points)
        }
    }

    func testSubsetsAreDistinctRowsOfTheSet() throws {
        let set = PointSet(points: points)
        let all = Set(rows(points))
        for sampling in Sampling.allCases {
            let subset = rows(try set.interiorPoints(4, sampling: sampling, key: Fixtures.key))
            XCTAssertEqual(subset.count, 4)
            XCTAssertEqual(Set(subset).count, 4, "\(sampling): repeated rows")
            XCTAssertTrue(subset.allSatisfy(all.contains), "\(sampling): rows not from the set")
        }
        XCTAssertEqual(rows(try set.interiorPoints(5, sampling: .sobol, key: Fixtures.key)).map { $0[0] }, [0, 4, 8, 12, 16])
        let a = try set.interiorPoints(5, sampling: .uniform, key: RandomKey(seed: 1))
        let b = try set.interiorPoints(5, sampling: .uniform, key: RandomKey(seed: 2))
        let c = try set.interiorPoints(5, sampling: .uniform, key: RandomKey(seed: 1))
        XCTAssertNotEqual(a, b)
        XCTAssertEqual(a, c)
    }

    func testAskingForTooManyPointsThrows() {
        let set = PointSet(points: points)
        XCTAssertThrowsError(try set.interiorPoints(11, sampling: .uniform, key: Fixtures.key)) { error in
            XCTAssertEqual(error as? SamplingError, .notEnoughPoints(requested: 11, available: 10))
        }
    }

    func testGeometriesAndPointSetsAreInterchangeableSources() throws {
        let sources: [any PointSource] = [PointSet(points: points), Rectangle(lower: [0, 0], upper: [1, 1])]
        for source in sources {
            XCTAssertEqual(try source.interiorPoints(3, sampling: .hammersley, key: Fixtures.key).shape, [3, 2])
        }
    }
}
