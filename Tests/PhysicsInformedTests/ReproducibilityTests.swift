import XCTest
import Autodiff
import PhysicsInformed

/// Same key ⇒ same points, bit for bit; a different key changes the random methods only.
final class ReproducibilityTests: XCTestCase {
    func testSameKeyGivesBitwiseIdenticalPoints() throws {
        let shapes: [any Geometry] = [
            Rectangle(lower: [0, 0], upper: [1, 2]), Disk(center: [0, 0], radius: 1),
            Polygon(vertices: Fixtures.notchedVertices), Fixtures.lShape, Fixtures.annulus,
            TimeExtrusion(Box(lower: [0, 0, 0], upper: [1, 1, 1]), from: 0, to: 1),
        ]
        for shape in shapes {
            for sampling in Sampling.allCases {
                let key = RandomKey(seed: 7)
                let first = try shape.interiorPoints(300, sampling: sampling, key: key)
                let again = try shape.interiorPoints(300, sampling: sampling, key: RandomKey(seed: 7))
                XCTAssertEqual(first.scalars.map(\.bitPattern), again.scalars.map(\.bitPattern), "\(shape), \(sampling)")
                let boundary = try shape.boundarySamples(300, sampling: sampling, key: key)
                XCTAssertEqual(boundary, try shape.boundarySamples(300, sampling: sampling, key: key))
                let other = try shape.interiorPoints(300, sampling: sampling, key: RandomKey(seed: 8))
                if sampling == .sobol || sampling == .hammersley {
                    XCTAssertEqual(first, other, "deterministic \(sampling) must ignore the key")
                } else {
                    XCTAssertNotEqual(first, other, "\(sampling) must depend on the key")
                }
            }
        }
    }

    /// Extensible sequences continue: the first n points do not depend on how many are drawn.
    func testUniformAndSobolSamplesArePrefixStable() throws {
        for sampling in [Sampling.uniform, .sobol, .shiftedSobol] {
            let few = try Fixtures.lShape.interiorPoints(50, sampling: sampling, key: Fixtures.key)
            let many = try Fixtures.lShape.interiorPoints(200, sampling: sampling, key: Fixtures.key)
            XCTAssertEqual(few, many.slice(0..<50, alongAxis: 0), "\(sampling)")
        }
    }
}
