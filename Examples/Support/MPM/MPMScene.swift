import Foundation
import PDEKit

/// The named scenes of the `mpm` example and benchmark: grid, time step, material and particles.
public enum MPMScene: String, CaseIterable, Sendable {
    case fluid2d, jelly2d, jelly3d, sand3d, plasticine3d, water3d

    /// The default particle count.
    public var defaultParticles: Int {
        switch self {
        case .fluid2d, .jelly2d: return 8192
        case .jelly3d, .sand3d, .plasticine3d, .water3d: return 32768
        }
    }

    /// 2 or 3.
    public var dimension: Int { self == .fluid2d || self == .jelly2d ? 2 : 3 }

    /// The material of the scene.
    public var material: any ConstitutiveModel {
        switch self {
        case .fluid2d: return EquationOfStateFluid(stiffness: 400)
        case .jelly2d, .jelly3d: return NeoHookean(youngsModulus: 1000, poissonsRatio: 0.2)
        case .sand3d: return NCLawMaterials.sand
        case .plasticine3d: return NCLawMaterials.plasticine
        case .water3d: return NCLawMaterials.water
        }
    }

    /// The simulator: the 88-line-MPM settings in 2D (128², dt 1e-4), a 64³ grid for jelly3d and a
    /// 32³ grid with dt 2.5e-4 for the cube scenes.
    public func simulator() throws -> MPMSimulator {
        switch self {
        case .fluid2d, .jelly2d: return try MPMSimulator(dimension: 2, resolution: 128, timeStep: 1e-4, materials: [material])
        case .jelly3d: return try MPMSimulator(dimension: 3, resolution: 64, timeStep: 1e-4, materials: [material])
        case .sand3d, .plasticine3d, .water3d:
            return try MPMSimulator(dimension: 3, resolution: 32, timeStep: 2.5e-4, materials: [material])
        }
    }

    /// The particles. 2D: a cell-centred 2k × k lattice on [0.3, 0.7] × [0.05, 0.25] (N = 2k²),
    /// ρ = 1, v0 = (0, −2). jelly3d: a k³ lattice on [0.35, 0.65] × [0.05, 0.35] × [0.35, 0.65],
    /// ρ = 1, v0 = (0, −2, 0). Cube scenes: a k³ lattice on the cube of side 0.5 centred in the box,
    /// ρ = 1000, spinning as in the constitutive-law training scene.
    public func particles(count: Int) throws -> ParticleState {
        switch self {
        case .fluid2d, .jelly2d:
            let k = Int((Double(count) / 2).squareRoot().rounded())
            guard k >= 1, 2 * k * k == count else {
                throw MaterialPointError.invalidSetting("\(rawValue) needs --particles of the form 2k² (8192, 32768, …), got \(count)")
            }
            return ParticleSampling.box(dimension: 2, lower: SIMD3(0.3, 0.05, 0), upper: SIMD3(0.7, 0.25, 0),
                                        counts: SIMD3(2 * k, k, 1), density: 1, velocity: { _ in SIMD3(0, -2, 0) })
        case .jelly3d:
            let k = try Self.cubeRoot(count, scene: rawValue)
            return ParticleSampling.box(dimension: 3, lower: SIMD3(0.35, 0.05, 0.35), upper: SIMD3(0.65, 0.35, 0.65),
                                        counts: SIMD3(k, k, k), density: 1, velocity: { _ in SIMD3(0, -2, 0) })
        case .sand3d, .plasticine3d, .water3d:
            let k = try Self.cubeRoot(count, scene: rawValue)
            return NCLawScene.trainingCube(particlesPerSide: k)
        }
    }

    static func cubeRoot(_ count: Int, scene: String) throws -> Int {
        let k = Int(Foundation.cbrt(Double(count)).rounded())
        guard k >= 2, k * k * k == count else {
            throw MaterialPointError.invalidSetting("\(scene) needs --particles of the form k³ (8000, 32768, …), got \(count)")
        }
        return k
    }
}
