import Foundation
import PDEKit

/// The constitutive-law experiment: ground-truth trajectories of the training cube, the training
/// of a law, and the four generalisation tests.
public struct NCLawExperiment {
    /// The four ground-truth materials.
    public enum Material: String, CaseIterable, Sendable {
        case jelly, plasticine, sand, water
        /// The analytic law that makes the observations.
        public var law: any ConstitutiveModel {
            switch self {
            case .jelly: return NCLawMaterials.jelly
            case .plasticine: return NCLawMaterials.plasticine
            case .sand: return NCLawMaterials.sand
            case .water: return NCLawMaterials.water
            }
        }
        /// The analytic law with Young's modulus multiplied by `factor` (a yardstick for the errors of
        /// learned laws: what a stiffness misjudged by that factor does to the positions).
        public func law(stiffnessFactor factor: Double) -> any ConstitutiveModel {
            switch self {
            case .jelly: return FixedCorotated(youngsModulus: 1e5 * factor, poissonsRatio: 0.2)
            case .plasticine: return HenckyVonMises(youngsModulus: 3e5 * factor, poissonsRatio: 0.25, yieldStress: 5e3)
            case .sand: return HenckyDruckerPrager(youngsModulus: 1e6 * factor, poissonsRatio: 0.2, frictionAngle: 25)
            case .water: return WeaklyCompressibleWater(youngsModulus: 1e5 * factor, poissonsRatio: 0.3)
            }
        }
        /// Whether the ground truth has a return map (the learned law gets a plastic network).
        public var isPlastic: Bool { self != .jelly }
        /// The stress unit of the elastic network's output (the order of the material's stiffness).
        public var stressScale: Double {
            switch self {
            case .jelly, .water: return 1e5
            case .plasticine: return 3e5
            case .sand: return 1e6
            }
        }
    }

    /// The generalisation tests.
    public enum Test: String, CaseIterable, Sendable { case horizon, velocity, shape, multi }

    public let material: Material
    /// Grid cells per side of the training scene (20) and steps (1000).
    public let resolution: Int
    public let steps: Int
    public let particlesPerSide: Int
    public let timeStep = 5e-4

    public init(material: Material, resolution: Int = 20, steps: Int = 1000, particlesPerSide: Int = 10) {
        self.material = material
        self.resolution = resolution
        self.steps = steps
        self.particlesPerSide = particlesPerSide
    }

    /// The ground-truth simulator on an n³ grid with the given laws.
    public func simulator(resolution n: Int? = nil, laws: [any ConstitutiveModel]? = nil) throws -> MPMSimulator {
        try MPMSimulator(dimension: 3, resolution: n ?? resolution, timeStep: timeStep, materials: laws ?? [material.law])
    }

    /// The training trajectory (the spec's cube, 10³ particles, 1000 steps on 20³).
    public func trainingTrajectory() throws -> ObservedTrajectory {
        try ObservedTrajectory.simulate(simulator(), from: NCLawScene.trainingCube(particlesPerSide: particlesPerSide), steps: steps)
    }

    /// A test scene: simulator, initial particles, the ground-truth trajectory, and the analytic laws
    /// of materials other than 0 (the learned one).
    public struct Scenario {
        public var test: Test
        public var label: String
        public var simulator: MPMSimulator
        public var initial: ParticleState
        public var truth: ObservedTrajectory
        public var others: [any DifferentiableMaterial]
    }

    /// The scenarios of `test` (three for `velocity`, one otherwise), seeded.
    public func scenarios(_ test: Test, seed: UInt64) throws -> [Scenario] {
        func make(_ label: String, _ sim: MPMSimulator, _ initial: ParticleState, steps: Int, others: [any ConstitutiveModel] = []) throws -> Scenario {
            let truth = try ObservedTrajectory.simulate(sim, from: initial, steps: steps, keyframeEvery: steps)
            return Scenario(test: test, label: label, simulator: sim, initial: initial, truth: truth, others: others.map { AnalyticMaterial($0) })
        }
        switch test {
        case .horizon:
            return [try make("horizon ×2", simulator(), NCLawScene.trainingCube(particlesPerSide: particlesPerSide), steps: 2 * steps)]
        case .velocity:
            let draws = RandomKey(seed: seed ^ 0x5EED).uniform([3, 3], low: -1, high: 1).scalars
            let magnitudes = RandomKey(seed: seed ^ 0xFA57).uniform([3], low: 1, high: 3).scalars
            return try (0..<3).map { i in
                var direction = SIMD3(draws[3 * i], draws[3 * i + 1], draws[3 * i + 2])
                direction /= max((direction * direction).sum().squareRoot(), 1e-12)
                let v = direction * magnitudes[i]
                let cube = NCLawScene.trainingCube(particlesPerSide: particlesPerSide, linear: v, angular: .zero)
                return try make(String(format: "v = (%.2f, %.2f, %.2f)", v.x, v.y, v.z), simulator(), cube, steps: steps)
            }
        case .shape:
            // A ball on a finer grid (30³), one particle per cell.
            let n = resolution * 3 / 2
            let ball = ParticleSampling.sphere(dimension: 3, centre: NCLawScene.centre, radius: 0.25, spacing: 1 / Double(n),
                                               density: NCLawMaterials.density, velocity: { x in SIMD3(1, -1.5, -2) + NCLawScene.cross3(SIMD3(4, 4, 4), x - NCLawScene.centre) })
            return [try make("ball on \(n)³", simulator(resolution: n), ball, steps: steps)]
        case .multi:
            // The learned material (a cube moving right) hits a stiffer neo-Hookean ball (moving left).
            let other = NeoHookean(youngsModulus: 3e5, poissonsRatio: 0.3)
            var scene = ParticleSampling.box(dimension: 3, lower: SIMD3(0.15, 0.3, 0.35), upper: SIMD3(0.45, 0.6, 0.65), counts: SIMD3(8, 8, 8),
                                             density: NCLawMaterials.density, velocity: { _ in SIMD3(2, 0, 0) })
            let ball = ParticleSampling.sphere(dimension: 3, centre: SIMD3(0.72, 0.45, 0.5), radius: 0.15, spacing: 0.0375,
                                               density: NCLawMaterials.density, material: 1, velocity: { _ in SIMD3(-2, 0, 0) })
            scene.append(contentsOf: ball)
            return [try make("two materials", simulator(laws: [material.law, other]), scene, steps: steps, others: [other])]
        }
    }
}
