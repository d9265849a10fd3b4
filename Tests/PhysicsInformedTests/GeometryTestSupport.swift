import Foundation
import XCTest
import Autodiff
import PhysicsInformed

/// The rows of a `[count, dimension]` tensor.
func rows(_ tensor: Tensor) -> [[Double]] {
    precondition(tensor.rank == 2)
    let d = tensor.shape[1]
    return (0..<tensor.shape[0]).map { Array(tensor.scalars[($0 * d)..<(($0 + 1) * d)]) }
}

func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

func distance(_ a: [Double], _ b: [Double]) -> Double { norm(zip(a, b).map { $0 - $1 }) }

/// Shapes shared by several test files.
enum Fixtures {
    static let key = RandomKey(seed: 20_240_611)

    /// [0, 2]² minus [1, 2]²: area 3, perimeter 8, re-entrant corner at (1, 1).
    static let lShape = Difference(Rectangle(lower: [0, 0], upper: [2, 2]), Rectangle(lower: [1, 1], upper: [2, 2]))
    static let lShapeCorners: [[Double]] = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]]

    /// The unit disk minus the disk of radius ½: area 3π/4, boundary length 3π.
    static let annulus = Difference(Disk(center: [0, 0], radius: 1), Disk(center: [0, 0], radius: 0.5))

    /// A non-convex pentagon ("house with a notch"), counter-clockwise; area 3.5.
    static let notchedVertices: [[Double]] = [[0, 0], [3, 0], [3, 2], [1.5, 1], [0, 2]]
}

/// Asserts that every row of `points` is inside `geometry` and has its dimension.
func assertAllInside(_ geometry: some Geometry, _ points: Tensor, _ label: String,
                     file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(points.shape[1], geometry.dimension, label, file: file, line: line)
    let outside = rows(points).filter { !geometry.contains($0) }
    XCTAssertTrue(outside.isEmpty, "\(label): \(outside.count) samples outside, e.g. \(outside.prefix(3))",
                  file: file, line: line)
}

/// Asserts that boundary samples lie on the boundary (tolerance 1e-12), that their normals are unit
/// vectors, and — for points farther than `cornerRadius` from every point of `corners` and where
/// `isSmooth` holds — that p + εn is outside and p − εn inside, and that the normal agrees with
/// `boundaryNormal(at:)`. Returns the number of points whose normal was probed.
@discardableResult
func assertBoundarySamplesValid(_ geometry: some Geometry, _ samples: BoundarySamples, _ label: String,
                                corners: [[Double]] = [], cornerRadius: Double = 1e-4,
                                isSmooth: ([Double]) -> Bool = { _ in true },
                                file: StaticString = #filePath, line: UInt = #line) -> Int {
    let epsilon = 1e-6
    var offBoundary = 0, notUnit = 0, notOutward = 0, disagree = 0, probed = 0
    for (p, n) in zip(rows(samples.points), rows(samples.normals)) {
        if !geometry.onBoundary(p, tolerance: 1e-12) { offBoundary += 1 }
        if abs(norm(n) - 1) > 1e-12 { notUnit += 1 }
        guard corners.allSatisfy({ distance($0, p) > cornerRadius }), isSmooth(p) else { continue }
        probed += 1
        let outside = zip(p, n).map { $0 + epsilon * $1 }
        let inside = zip(p, n).map { $0 - epsilon * $1 }
        if geometry.contains(outside) || !geometry.contains(inside) || geometry.onBoundary(inside) { notOutward += 1 }
        if distance(geometry.boundaryNormal(at: p), n) > 1e-12 { disagree += 1 }
    }
    XCTAssertEqual(offBoundary, 0, "\(label): points off the boundary", file: file, line: line)
    XCTAssertEqual(notUnit, 0, "\(label): normals that are not unit vectors", file: file, line: line)
    XCTAssertEqual(notOutward, 0, "\(label): normals that do not point outward", file: file, line: line)
    XCTAssertEqual(disagree, 0, "\(label): sampled normals differ from boundaryNormal(at:)", file: file, line: line)
    XCTAssertGreaterThan(probed, samples.points.shape[0] / 2, "\(label): too few points away from corners",
                         file: file, line: line)
    return probed
}

/// Asserts |observed − expected| ≤ 4 standard errors of a binomial proportion from `count` draws
/// (a false alarm about once in 16 000 runs for a fresh key; the keys here are fixed).
func assertProportion(_ observed: Double, expected: Double, count: Int, _ label: String,
                      file: StaticString = #filePath, line: UInt = #line) {
    let standardError = (expected * (1 - expected) / Double(count)).squareRoot()
    XCTAssertEqual(observed, expected, accuracy: 4 * standardError, label, file: file, line: line)
}
