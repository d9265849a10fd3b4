import Foundation
import XCTest
import PDEKit

/// The spectral references in Data/ (written by `make-reference`) against fresh ETDRK4 runs with a
/// step 100× (Allen–Cahn) and 50× (KdV) larger: the shipped files are regenerable and converged in
/// the time step.
final class SpectralReferenceTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func check(_ file: String, equation: SemilinearEquation, dealiasing: Dealiasing, step: Double,
                       initial: (Double) -> Double, tolerance: Double) throws {
        let shipped = try Tensor(numpyFile: root.appendingPathComponent("Data/\(file)"))
        XCTAssertEqual(shipped.shape, [512, 201])
        let grid = try PeriodicGrid(start: -1, length: 2, count: 512)
        let times = (0...200).map { Double($0) / 200 }
        let fresh = try ETDRK4Solver(equation: equation, grid: grid, timeStep: step, dealiasing: dealiasing)
            .solve(initial: grid.points.map(initial), times: times)
        var worst = 0.0
        for i in 0..<512 {
            // The initial column is the initial condition itself.
            XCTAssertEqual(shipped.scalars[i * 201], initial(grid.points[i]), accuracy: 1e-15)
            for j in 0..<201 { worst = max(worst, abs(shipped.scalars[i * 201 + j] - fresh.values[j * 512 + i])) }
        }
        XCTAssertLessThan(worst, tolerance, file)
        XCTAssertGreaterThan(shipped.scalars.map(abs).max()!, 0.5, "a non-trivial solution")
    }

    func testAllenCahnReference() throws {
        try check("allen_cahn_reference.npy", equation: .allenCahn(), dealiasing: .none, step: 1e-3,
                  initial: { $0 * $0 * cos(Double.pi * $0) }, tolerance: 1e-9)
    }

    func testKdVReference() throws {
        try check("kdv_reference.npy", equation: .kortewegDeVries(nonlinearCoefficient: 1, dispersion: 0.0025), dealiasing: .twoThirds,
                  step: 5e-4, initial: { cos(Double.pi * $0) }, tolerance: 1e-7)
    }
}
