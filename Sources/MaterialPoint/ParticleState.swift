/// The particles of a material point simulation: positions, velocities, APIC affine velocities C,
/// deformation gradients F, masses, volumes and the index of each particle's material.
///
/// Vectors and matrices always have three components; in two dimensions the third position and
/// velocity components are 0, C has a zero third row and column and F has 1 in its (3, 3) entry.
public struct ParticleState: Sendable, Equatable {
    /// 2 or 3.
    public let dimension: Int
    /// Positions x_p.
    public var positions: [SIMD3<Double>] = []
    /// Velocities v_p.
    public var velocities: [SIMD3<Double>] = []
    /// APIC affine velocity matrices C_p.
    public var affine: [Matrix3] = []
    /// Deformation gradients F_p.
    public var deformation: [Matrix3] = []
    /// Masses m_p.
    public var masses: [Double] = []
    /// Initial volumes V_p.
    public var volumes: [Double] = []
    /// The index of each particle's material in the simulator's material list.
    public var materialIndices: [Int] = []

    /// An empty set of particles in `dimension` dimensions.
    public init(dimension: Int) {
        precondition(dimension == 2 || dimension == 3, "dimension must be 2 or 3, got \(dimension)")
        self.dimension = dimension
    }

    /// The number of particles.
    public var count: Int { positions.count }

    /// Adds one particle at rest (F = I, C = 0).
    public mutating func append(position: SIMD3<Double>, velocity: SIMD3<Double>, mass: Double, volume: Double, material: Int = 0) {
        var x = position, v = velocity
        if dimension == 2 { x.z = 0; v.z = 0 }
        positions.append(x); velocities.append(v)
        affine.append(.zero); deformation.append(.identity)
        masses.append(mass); volumes.append(volume); materialIndices.append(material)
    }

    /// Appends the particles of `other` (same dimension), shifting their material indices by `materialOffset`.
    public mutating func append(contentsOf other: ParticleState, materialOffset: Int = 0) {
        precondition(other.dimension == dimension, "cannot mix \(other.dimension)-D particles into a \(dimension)-D state")
        positions += other.positions; velocities += other.velocities
        affine += other.affine; deformation += other.deformation
        masses += other.masses; volumes += other.volumes
        materialIndices += other.materialIndices.map { $0 + materialOffset }
    }

    /// The mass-weighted mean position.
    public var centreOfMass: SIMD3<Double> {
        var sum = SIMD3<Double>.zero, total = 0.0
        for p in 0..<count { sum += masses[p] * positions[p]; total += masses[p] }
        return total > 0 ? sum / total : .zero
    }

    /// The total linear momentum Σ m_p v_p.
    public var momentum: SIMD3<Double> {
        var sum = SIMD3<Double>.zero
        for p in 0..<count { sum += masses[p] * velocities[p] }
        return sum
    }

    /// True when every position, velocity, C and F entry is finite.
    public var isFinite: Bool {
        for p in 0..<count {
            let x = positions[p], v = velocities[p], c = affine[p], f = deformation[p]
            let sum = (x + v + c.r0 + c.r1 + c.r2 + f.r0 + f.r1 + f.r2).sum()
            if !sum.isFinite { return false }
        }
        return true
    }

    /// Positions as a row-major N × d array.
    public var positionArray: [Double] {
        var out = [Double](); out.reserveCapacity(count * dimension)
        for x in positions { for a in 0..<dimension { out.append(x[a]) } }
        return out
    }
}
