import ExampleSupport
import Foundation
import PDEKit
import XCTest

/// The project's own reference solutions: Gauss–Hermite quadrature, the Cole–Hopf Burgers
/// solution in Data/, and the quantum-well eigenvalues.
final class ReferenceSolutionTests: XCTestCase {
    func testGaussHermiteIsExactForPolynomials() {
        for n in [1, 2, 5, 20, 101, 400] {
            let rule = GaussHermite(count: n)
            XCTAssertEqual(rule.nodes.count, n)
            XCTAssertEqual(rule.weights.reduce(0, +), Double.pi.squareRoot(), accuracy: 1e-13, "n = \(n)")
            // ∫ x^(2k) e^(−x²) = Γ(k + ½); exact for 2k < 2n.
            for k in 1..<min(n, 6) {
                let quadrature = zip(rule.nodes, rule.weights).reduce(0) { $0 + $1.1 * pow($1.0, Double(2 * k)) }
                XCTAssertEqual(quadrature, tgamma(Double(k) + 0.5), accuracy: 1e-12 * tgamma(Double(k) + 0.5), "n = \(n), k = \(k)")
            }
        }
    }

    func testColeHopfSolutionSatisfiesBurgers() {
        let reference = BurgersReference()
        let nu = reference.viscosity
        // Odd in x, zero at the walls, the initial condition at t = 0.
        XCTAssertEqual(reference.value(x: 0.3, t: 0.4), -reference.value(x: -0.3, t: 0.4), accuracy: 1e-14)
        XCTAssertEqual(reference.value(x: 1, t: 0.7), 0, accuracy: 1e-13)
        XCTAssertEqual(reference.value(x: 0.25, t: 0), -sin(.pi * 0.25), accuracy: 1e-15)
        // The PDE by central differences away from the shock.
        for (x, t) in [(0.5, 0.2), (-0.6, 0.5), (0.3, 0.8)] {
            let h = 1e-3
            let u = reference.value(x: x, t: t)
            let ut = (reference.value(x: x, t: t + h) - reference.value(x: x, t: t - h)) / (2 * h)
            let ux = (reference.value(x: x + h, t: t) - reference.value(x: x - h, t: t)) / (2 * h)
            let uxx = (reference.value(x: x + h, t: t) - 2 * u + reference.value(x: x - h, t: t)) / (h * h)
            XCTAssertEqual(ut + u * ux - nu * uxx, 0, accuracy: 1e-5, "x = \(x), t = \(t)")
        }
    }

    func testBurgersDataFileIsTheColeHopfSolution() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Data/burgers_reference.npy")
        let stored = try Tensor(numpyFile: url)
        XCTAssertEqual(stored.shape, [256, 100])
        let xs = BurgersReference.gridX, ts = BurgersReference.gridT
        let reference = BurgersReference()
        for (i, j) in [(0, 0), (128, 50), (127, 99), (200, 30), (255, 99)] {
            XCTAssertEqual(stored.scalars[i * 100 + j], reference.value(x: xs[i], t: ts[j]), accuracy: 1e-13)
        }
    }

    func testQuantumWellEnergiesSatisfyTheMatchingConditions() {
        XCTAssertEqual(QuantumWellExact(.infinite).energy, .pi * .pi)
        for potential in [Gallery.QuantumPotential.finite, .barrier] {
            let exact = QuantumWellExact(potential)
            // ψ is continuous with a continuous derivative at the potential step, and normalised.
            let edge = potential == .finite ? Gallery.wellHalfWidth : Gallery.barrierHalfWidth
            let h = 1e-6
            XCTAssertEqual(exact.wavefunction(edge - 1e-12), exact.wavefunction(edge + 1e-12), accuracy: 1e-9)
            let left = (exact.wavefunction(edge - h) - exact.wavefunction(edge - 2 * h)) / h
            let right = (exact.wavefunction(edge + 2 * h) - exact.wavefunction(edge + h)) / h
            XCTAssertEqual(left, right, accuracy: 1e-3 * max(1, abs(left)), "\(potential)")
            XCTAssertEqual(exact.wavefunction(1), 0, accuracy: 1e-12)
            XCTAssertGreaterThan(exact.energy, 0)
            XCTAssertLessThan(exact.energy, Gallery.potentialHeight)
        }
    }
}
