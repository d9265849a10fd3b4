import Autodiff
import XCTest
import MaterialPoint

final class SimulatorTests: XCTestCase {
    func jellyBlock(dimension: Int, velocity: SIMD3<Double> = SIMD3(0, -2, 0)) -> ParticleState {
        ParticleSampling.box(dimension: dimension, lower: SIMD3(0.3, 0.3, 0.3), upper: SIMD3(0.6, 0.5, 0.5),
                             counts: SIMD3(24, 16, dimension == 3 ? 8 : 1), density: 1, velocity: { _ in velocity })
    }

    /// Away from the walls and without stress, every particle falls like a point mass under the
    /// symplectic Euler scheme: v_k = v_0 − g k dt, y_k = y_0 + dt Σ_{j≤k} v_j.
    func testFreeFallMatchesTheDiscreteTrajectory() throws {
        for dimension in [2, 3] {
            let sim = try MPMSimulator(dimension: dimension, resolution: 32, timeStep: 1e-3,
                                       materials: [NeoHookean(youngsModulus: 1000, poissonsRatio: 0.2)])
            var state = jellyBlock(dimension: dimension, velocity: SIMD3(0.5, 1, 0))
            let start = state.centreOfMass
            try sim.run(&state, steps: 50)
            var y = start.y, v = 1.0
            for _ in 0..<50 { v -= 9.8 * 1e-3; y += 1e-3 * v }
            XCTAssertEqual(state.centreOfMass.y, y, accuracy: 1e-12)
            XCTAssertEqual(state.centreOfMass.x, start.x + 0.025, accuracy: 1e-12)
            XCTAssertLessThan(state.deformation.map { ($0 - .identity).maxAbs }.max()!, 1e-12)
        }
    }

    /// P2G and G2P conserve linear momentum (no gravity, no walls in reach), even with stress and APIC.
    func testTransfersConserveMomentum() throws {
        for (dimension, law) in [(2, NeoHookean(youngsModulus: 1000, poissonsRatio: 0.2) as any ConstitutiveModel),
                                 (3, FixedCorotated(youngsModulus: 1e3, poissonsRatio: 0.3))] {
            let sim = try MPMSimulator(dimension: dimension, resolution: 32, timeStep: 1e-4, gravity: .zero, materials: [law])
            var state = jellyBlock(dimension: dimension)
            var source = MatrixSource(seed: 7)
            for p in 0..<state.count {
                state.velocities[p] = SIMD3(source.scalar(), source.scalar(), dimension == 3 ? source.scalar() : 0)
                state.deformation[p] = source.deformation(scale: 0.05, dimension: dimension)
            }
            let before = state.momentum
            try sim.run(&state, steps: 20)
            let after = state.momentum
            XCTAssertLessThan(simd_length(after - before), 1e-13 * Double(state.count), "d=\(dimension)")
            XCTAssertGreaterThan(simd_length(before), 1e-4)
        }
    }

    /// The parallel scatter gives bitwise the same result for 1 and 2 threads (2D jelly scene).
    func testResultDoesNotDependOnTheThreadCount() throws {
        var one = try MPMSimulator(dimension: 2, resolution: 128, timeStep: 1e-4, materials: [NeoHookean(youngsModulus: 1000, poissonsRatio: 0.2)])
        one.threads = 1
        var two = one
        two.threads = 2
        let initial = ParticleSampling.box(dimension: 2, lower: SIMD3(0.3, 0.05, 0), upper: SIMD3(0.7, 0.25, 0), counts: SIMD3(128, 64, 1),
                                           density: 1, velocity: { _ in SIMD3(0, -2, 0) })
        var a = initial, b = initial
        try one.run(&a, steps: 300)
        try two.run(&b, steps: 300)
        XCTAssertEqual(a.positions, b.positions)
        XCTAssertEqual(a.deformation, b.deformation)
        XCTAssertNotEqual(a.positions, initial.positions)
    }

    func testBadInputIsAnError() throws {
        XCTAssertThrowsError(try MPMSimulator(dimension: 4, resolution: 32, timeStep: 1e-4, materials: [NeoHookean(youngsModulus: 1, poissonsRatio: 0.2)]))
        XCTAssertThrowsError(try MPMSimulator(dimension: 2, resolution: 32, timeStep: -1, materials: [NeoHookean(youngsModulus: 1, poissonsRatio: 0.2)]))
        let sim = try MPMSimulator(dimension: 2, resolution: 32, timeStep: 1e-4, materials: [NeoHookean(youngsModulus: 1, poissonsRatio: 0.2)])
        var outside = ParticleState(dimension: 2)
        outside.append(position: SIMD3(1.5, 0.5, 0), velocity: .zero, mass: 1, volume: 1)
        XCTAssertThrowsError(try sim.run(&outside, steps: 1))
        var wrongMaterial = ParticleState(dimension: 2)
        wrongMaterial.append(position: SIMD3(0.5, 0.5, 0), velocity: .zero, mass: 1, volume: 1, material: 3)
        XCTAssertThrowsError(try sim.run(&wrongMaterial, steps: 1))
    }

    /// A stiff law with a huge time step blows up: the run stops with `.diverged`, keeping a finite state.
    func testDivergenceKeepsTheLastFiniteState() throws {
        let sim = try MPMSimulator(dimension: 2, resolution: 32, timeStep: 5e-2, materials: [NeoHookean(youngsModulus: 1e7, poissonsRatio: 0.3)])
        var state = jellyBlock(dimension: 2)
        XCTAssertThrowsError(try sim.run(&state, steps: 400, checkEvery: 1)) { error in
            guard case MaterialPointError.diverged = error else { return XCTFail("unexpected \(error)") }
        }
        XCTAssertTrue(state.isFinite)
    }
}

final class SamplingTests: XCTestCase {
    /// A unit-cube surface (12 triangles) sampled at spacing 0.05 holds 20³ particles of total
    /// volume 1; an L-shaped polygon holds 3/4 of its bounding square's lattice points.
    func testShapesFromBoundaries() {
        let v: [SIMD3<Double>] = [SIMD3(0, 0, 0), SIMD3(1, 0, 0), SIMD3(1, 1, 0), SIMD3(0, 1, 0),
                                  SIMD3(0, 0, 1), SIMD3(1, 0, 1), SIMD3(1, 1, 1), SIMD3(0, 1, 1)]
        let t: [SIMD3<Int>] = [SIMD3(0, 2, 1), SIMD3(0, 3, 2), SIMD3(4, 5, 6), SIMD3(4, 6, 7), SIMD3(0, 1, 5), SIMD3(0, 5, 4),
                               SIMD3(3, 6, 2), SIMD3(3, 7, 6), SIMD3(0, 4, 7), SIMD3(0, 7, 3), SIMD3(1, 2, 6), SIMD3(1, 6, 5)]
        let cube = ParticleSampling.surface(vertices: v, triangles: t, spacing: 0.05, density: 2)
        XCTAssertEqual(cube.count, 8000)
        XCTAssertEqual(cube.volumes.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssertEqual(cube.masses.reduce(0, +), 2, accuracy: 1e-12)
        let ell = ParticleSampling.polygon([SIMD2(0, 0), SIMD2(1, 0), SIMD2(1, 0.5), SIMD2(0.5, 0.5), SIMD2(0.5, 1), SIMD2(0, 1)],
                                           spacing: 0.1, density: 1)
        XCTAssertEqual(ell.count, 75)
        XCTAssertTrue(ell.positions.allSatisfy { !($0.x > 0.5 && $0.y > 0.5) })
        let ball = ParticleSampling.sphere(dimension: 3, centre: SIMD3(0.5, 0.5, 0.5), radius: 0.25, spacing: 1.0 / 64, density: 1)
        XCTAssertEqual(Double(ball.count) / pow(64, 3), 4.0 / 3.0 * Double.pi * pow(0.25, 3), accuracy: 1e-3)
    }
}
