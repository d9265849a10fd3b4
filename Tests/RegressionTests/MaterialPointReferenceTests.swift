import ExampleSupport
import Foundation
import PDEKit
import XCTest

/// The `mpm` example's scenes against an independent implementation: particle positions computed in
/// float64 by Taichi (Benchmarks/Peers/mpm_taichi.py, see Data/mpm/README.md).
final class MaterialPointReferenceTests: XCTestCase {
    func testFluid2DMatchesTaichi() throws {
        try compare(.fluid2d, particles: 8192, steps: 500, tolerance: 1e-12)
    }

    func testJelly2DMatchesTaichi() throws {
        try compare(.jelly2d, particles: 8192, steps: 500, tolerance: 1e-12)
    }

    func testJelly3DMatchesTaichi() throws {
        try compare(.jelly3d, particles: 32768, steps: 100, tolerance: 1e-12)
    }

    func compare(_ scene: MPMScene, particles: Int, steps: Int, tolerance: Double) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Data/mpm/\(scene.rawValue)_\(particles)_taichi_f64_step\(steps).npy")
        let reference = try Tensor(numpyFile: url)
        XCTAssertEqual(reference.shape, [particles, scene.dimension])
        let simulator = try scene.simulator()
        var state = try scene.particles(count: particles)
        let start = state.positionArray
        try simulator.run(&state, steps: steps)
        let got = state.positionArray
        let difference = zip(reference.scalars, got).map { abs($0 - $1) }.max() ?? .infinity
        let travelled = zip(start, got).map { abs($0 - $1) }.max() ?? 0
        // The particles move by more than a cell; the two implementations agree to round-off (measured
        // 2.0e-15, 6.7e-16 and 3.3e-16 for fluid2d, jelly2d and jelly3d).
        XCTAssertGreaterThan(travelled, 0.01)
        XCTAssertLessThan(difference, tolerance, "\(scene.rawValue): max |x − x_taichi| = \(difference)")
    }
}
