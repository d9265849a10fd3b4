import Foundation
import PDEKit

/// The ground-truth materials of the constitutive-law experiments (ρ = 1000).
public enum NCLawMaterials {
    /// Fixed corotated, E = 1e5, ν = 0.2, no plasticity.
    public static let jelly = FixedCorotated(youngsModulus: 1e5, poissonsRatio: 0.2)
    /// Hencky with von Mises plasticity, E = 3e5, ν = 0.25, yield stress 5e3.
    public static let plasticine = HenckyVonMises(youngsModulus: 3e5, poissonsRatio: 0.25, yieldStress: 5e3)
    /// Hencky with Drucker–Prager plasticity, E = 1e6, ν = 0.2, friction angle 25°.
    public static let sand = HenckyDruckerPrager(youngsModulus: 1e6, poissonsRatio: 0.2, frictionAngle: 25)
    /// Weakly compressible water, E = 1e5, ν = 0.3.
    public static let water = WeaklyCompressibleWater(youngsModulus: 1e5, poissonsRatio: 0.3)
    /// The density.
    public static let density = 1000.0
}

/// The training scene of the constitutive-law experiments: a cube of side 0.5 centred in the unit
/// box, v = (1, −1.5, −2) + (4, 4, 4) × (x − centre).
public enum NCLawScene {
    /// The centre of the box.
    public static let centre = SIMD3<Double>(0.5, 0.5, 0.5)

    /// The cube as a k³ lattice with the training velocity (or `linear`, `angular` instead).
    public static func trainingCube(particlesPerSide k: Int, linear: SIMD3<Double> = SIMD3(1, -1.5, -2),
                                    angular: SIMD3<Double> = SIMD3(4, 4, 4), material: Int = 0) -> ParticleState {
        ParticleSampling.box(dimension: 3, lower: centre - 0.25, upper: centre + 0.25, counts: SIMD3(k, k, k),
                             density: NCLawMaterials.density, material: material,
                             velocity: { x in linear + cross3(angular, x - centre) })
    }

    /// a × b.
    public static func cross3(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
    }
}
