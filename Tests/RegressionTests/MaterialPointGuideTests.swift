import Foundation
import PDEKit
import XCTest

/// The snippet of Documentation/MaterialPoint.md, verbatim apart from the assertion.
final class MaterialPointGuideTests: XCTestCase {
    func testGuideSnippetRecoversYoungsModulus() throws {
        // Ground truth: a neo-Hookean block with E = 300 falling onto the floor (2D, 16² grid).
        let simulator = try MPMSimulator(dimension: 2, resolution: 16, timeStep: 2e-3,
                                         materials: [NeoHookean(youngsModulus: 300, poissonsRatio: 0.3)])
        let block = ParticleSampling.box(dimension: 2, lower: SIMD3(0.3, 0.25, 0), upper: SIMD3(0.55, 0.45, 0),
                                         counts: SIMD3(6, 5, 1), density: 1, velocity: { _ in SIMD3(1, -2, 0) })
        let observed = try ObservedTrajectory.simulate(simulator, from: block, steps: 40)

        // Recover E from the positions by gradient descent through the simulator.
        var law = ParametricElasticity(.neoHookean, youngsModulus: 150, poissonsRatio: 0.3)
        for _ in 0..<30 {
            let model = try DifferentiableMPM(simulator: simulator, materials: [law], particles: block)
            let result = try model.positionLossAndGradient(from: ParticleVariables(block), targets: observed.positions)
            let e = law.youngsModulus.value.scalars[0], slope = result.parameterGradients[0][0].scalars[0]
            // A Newton-like step on log E keeps E positive.
            let step = max(-0.5, min(0.5, -result.loss / (e * slope + 1e-300)))
            law.youngsModulus = .parameter(Tensor([e * exp(step)]))
        }
        print(law.youngsModulus.value.scalars[0])   // ≈ 300
        XCTAssertEqual(law.youngsModulus.value.scalars[0], 300, accuracy: 0.3)
    }
}
