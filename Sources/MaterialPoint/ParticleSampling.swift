import Autodiff

/// Builders of particle sets: lattices filling boxes, spheres and voxel shapes.
///
/// Every particle of a shape gets the shape's volume divided by the particle count and mass ρ V_p.
public enum ParticleSampling {
    /// A cell-centred lattice of `counts` particles per axis filling the box [lower, upper], particle
    /// index with x fastest. `velocity` gives each particle's initial velocity from its position.
    public static func box(dimension: Int, lower: SIMD3<Double>, upper: SIMD3<Double>, counts: SIMD3<Int>,
                           density: Double, material: Int = 0,
                           velocity: (SIMD3<Double>) -> SIMD3<Double> = { _ in .zero }) -> ParticleState {
        var state = ParticleState(dimension: dimension)
        let nz = dimension == 3 ? counts.z : 1
        let total = counts.x * counts.y * nz
        let extent = upper - lower
        let volume = extent.x * extent.y * (dimension == 3 ? extent.z : 1) / Double(total)
        for k in 0..<nz {
            for j in 0..<counts.y {
                for i in 0..<counts.x {
                    var x = lower + (SIMD3(Double(i), Double(j), Double(k)) + 0.5) * extent
                        / SIMD3(Double(counts.x), Double(counts.y), Double(max(nz, 1)))
                    if dimension == 2 { x.z = 0 }
                    state.append(position: x, velocity: velocity(x), mass: density * volume, volume: volume, material: material)
                }
            }
        }
        return state
    }

    /// The points of a cell-centred lattice of spacing `spacing` that fall inside the ball of
    /// `radius` around `centre`; each particle's volume is the ball's volume over the count.
    public static func sphere(dimension: Int, centre: SIMD3<Double>, radius: Double, spacing: Double,
                              density: Double, material: Int = 0,
                              velocity: (SIMD3<Double>) -> SIMD3<Double> = { _ in .zero }) -> ParticleState {
        let n = Int((2 * radius / spacing).rounded(.up))
        var voxels = VoxelShape(dimension: dimension, origin: centre - radius, spacing: spacing, counts: SIMD3(n, n, dimension == 3 ? n : 1))
        voxels.fill { p in
            var d = p - centre
            if dimension == 2 { d.z = 0 }
            return (d * d).sum() <= radius * radius
        }
        let exact = dimension == 3 ? 4.0 / 3.0 * Double.pi * radius * radius * radius : Double.pi * radius * radius
        return voxels.particles(density: density, totalVolume: exact, material: material, velocity: velocity)
    }

    /// `count` particles drawn uniformly in the box [lower, upper].
    public static func randomBox(dimension: Int, lower: SIMD3<Double>, upper: SIMD3<Double>, count: Int,
                                 density: Double, seed: UInt64, material: Int = 0,
                                 velocity: (SIMD3<Double>) -> SIMD3<Double> = { _ in .zero }) -> ParticleState {
        let uniform = RandomKey(seed: seed).uniform([count, 3]).scalars
        let extent = upper - lower
        let volume = extent.x * extent.y * (dimension == 3 ? extent.z : 1) / Double(count)
        var state = ParticleState(dimension: dimension)
        for p in 0..<count {
            var x = lower + SIMD3(uniform[3 * p], uniform[3 * p + 1], uniform[3 * p + 2]) * extent
            if dimension == 2 { x.z = 0 }
            state.append(position: x, velocity: velocity(x), mass: density * volume, volume: volume, material: material)
        }
        return state
    }
}

/// A shape given by occupied voxels of a regular grid; one particle per occupied voxel centre.
public struct VoxelShape: Sendable {
    /// 2 or 3.
    public let dimension: Int
    /// The corner of voxel (0, 0, 0).
    public var origin: SIMD3<Double>
    /// The voxel edge length.
    public var spacing: Double
    /// Voxels per axis (the third is 1 in 2D).
    public let counts: SIMD3<Int>
    /// Occupancy, x fastest.
    public var occupied: [Bool]

    /// An empty voxel grid.
    public init(dimension: Int, origin: SIMD3<Double>, spacing: Double, counts: SIMD3<Int>) {
        self.dimension = dimension
        self.origin = origin
        self.spacing = spacing
        self.counts = SIMD3(counts.x, counts.y, dimension == 3 ? counts.z : 1)
        occupied = Array(repeating: false, count: self.counts.x * self.counts.y * self.counts.z)
    }

    /// The centre of voxel (i, j, k).
    public func centre(_ i: Int, _ j: Int, _ k: Int) -> SIMD3<Double> {
        var c = origin + (SIMD3(Double(i), Double(j), Double(k)) + 0.5) * spacing
        if dimension == 2 { c.z = 0 }
        return c
    }

    /// Marks the voxels whose centre satisfies `inside`.
    public mutating func fill(_ inside: (SIMD3<Double>) -> Bool) {
        for k in 0..<counts.z { for j in 0..<counts.y { for i in 0..<counts.x where inside(centre(i, j, k)) {
            occupied[(k * counts.y + j) * counts.x + i] = true
        } } }
    }

    /// One particle per occupied voxel; volumes are `totalVolume` (default: the voxels' volume) over
    /// the particle count.
    public func particles(density: Double, totalVolume: Double? = nil, material: Int = 0,
                          velocity: (SIMD3<Double>) -> SIMD3<Double> = { _ in .zero }) -> ParticleState {
        let n = occupied.filter { $0 }.count
        let cell = dimension == 3 ? spacing * spacing * spacing : spacing * spacing
        let volume = (totalVolume ?? cell * Double(n)) / Double(max(n, 1))
        var state = ParticleState(dimension: dimension)
        for k in 0..<counts.z { for j in 0..<counts.y { for i in 0..<counts.x where occupied[(k * counts.y + j) * counts.x + i] {
            let x = centre(i, j, k)
            state.append(position: x, velocity: velocity(x), mass: density * volume, volume: volume, material: material)
        } } }
        return state
    }
}
