/// Inside tests for shapes given by a boundary: a closed triangle surface in 3D, a polygon in 2D.
public enum ShapeBoundary {
    /// True when `p` is inside the closed, consistently or inconsistently oriented triangle surface
    /// (`vertices`, `triangles` as index triples), by the parity of crossings of a ray from `p`.
    ///
    /// The ray direction is slightly tilted off the axes so that it does not run along edges of
    /// axis-aligned meshes.
    public static func contains(_ p: SIMD3<Double>, vertices: [SIMD3<Double>], triangles: [SIMD3<Int>]) -> Bool {
        let direction = SIMD3<Double>(1, 0.000_123_457, 0.000_234_567)
        var crossings = 0
        for t in triangles {
            let a = vertices[t.x], b = vertices[t.y], c = vertices[t.z]
            // Möller–Trumbore ray–triangle intersection.
            let e1 = b - a, e2 = c - a
            let h = cross(direction, e2)
            let det = (e1 * h).sum()
            if abs(det) < 1e-14 { continue }
            let s = p - a
            let u = (s * h).sum() / det
            if u < 0 || u > 1 { continue }
            let q = cross(s, e1)
            let v = (direction * q).sum() / det
            if v < 0 || u + v > 1 { continue }
            if (e2 * q).sum() / det > 0 { crossings += 1 }
        }
        return crossings % 2 == 1
    }

    /// True when the point (x, y) is inside the polygon (even–odd rule).
    public static func contains(_ p: SIMD3<Double>, polygon: [SIMD2<Double>]) -> Bool {
        var inside = false
        var j = polygon.count - 1
        for i in polygon.indices {
            let a = polygon[i], b = polygon[j]
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside
    }
}

extension ParticleSampling {
    /// One particle per cell-centred lattice point of spacing `spacing` inside a closed triangle
    /// surface (3D); volumes are the lattice cells'.
    public static func surface(vertices: [SIMD3<Double>], triangles: [SIMD3<Int>], spacing: Double, density: Double,
                               material: Int = 0, velocity: (SIMD3<Double>) -> SIMD3<Double> = { _ in .zero }) -> ParticleState {
        let lower = vertices.reduce(SIMD3(repeating: Double.infinity)) { pointwiseMin($0, $1) }
        let upper = vertices.reduce(SIMD3(repeating: -Double.infinity)) { pointwiseMax($0, $1) }
        let counts = SIMD3<Int>(((upper - lower) / spacing).rounded(.up))
        var voxels = VoxelShape(dimension: 3, origin: lower, spacing: spacing, counts: counts)
        voxels.fill { ShapeBoundary.contains($0, vertices: vertices, triangles: triangles) }
        return voxels.particles(density: density, material: material, velocity: velocity)
    }

    /// One particle per cell-centred lattice point of spacing `spacing` inside a polygon (2D).
    public static func polygon(_ corners: [SIMD2<Double>], spacing: Double, density: Double, material: Int = 0,
                               velocity: (SIMD3<Double>) -> SIMD3<Double> = { _ in .zero }) -> ParticleState {
        let lower = corners.reduce(SIMD2(repeating: Double.infinity)) { pointwiseMin($0, $1) }
        let upper = corners.reduce(SIMD2(repeating: -Double.infinity)) { pointwiseMax($0, $1) }
        let counts = SIMD2<Int>(((upper - lower) / spacing).rounded(.up))
        var voxels = VoxelShape(dimension: 2, origin: SIMD3(lower.x, lower.y, 0), spacing: spacing, counts: SIMD3(counts.x, counts.y, 1))
        voxels.fill { ShapeBoundary.contains($0, polygon: corners) }
        return voxels.particles(density: density, material: material, velocity: velocity)
    }
}
