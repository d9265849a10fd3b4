import Autodiff

/// The particle state as autodiff variables: positions and velocities `[N, 3]`, affine velocities
/// C and deformation gradients F `[N, 9]` (row-major 3×3), for differentiable rollouts.
public struct ParticleVariables {
    /// Positions, `[N, 3]`.
    public var positions: Variable
    /// Velocities, `[N, 3]`.
    public var velocities: Variable
    /// APIC affine velocities C, `[N, 9]`.
    public var affine: Variable
    /// Deformation gradients F, `[N, 9]`.
    public var deformation: Variable

    /// Wraps four variables.
    public init(positions: Variable, velocities: Variable, affine: Variable, deformation: Variable) {
        self.positions = positions
        self.velocities = velocities
        self.affine = affine
        self.deformation = deformation
    }

    /// Constants (or leaves requiring gradients) holding `state`'s values.
    public init(_ state: ParticleState, requiresGradient: Bool = false) {
        let n = state.count
        func vectors(_ v: [SIMD3<Double>]) -> Variable {
            Variable(Tensor(shape: [n, 3]) { out in for p in 0..<n { for a in 0..<3 { out[3 * p + a] = v[p][a] } } },
                     requiresGradient: requiresGradient)
        }
        func matrices(_ m: [Matrix3]) -> Variable {
            Variable(Tensor(shape: [n, 9]) { out in for p in 0..<n { out.writeMatrix(m[p], at: p) } },
                     requiresGradient: requiresGradient)
        }
        positions = vectors(state.positions)
        velocities = vectors(state.velocities)
        affine = matrices(state.affine)
        deformation = matrices(state.deformation)
    }

    /// The four variables in the order positions, velocities, affine, deformation.
    public var all: [Variable] { [positions, velocities, affine, deformation] }

    /// The values without the graph.
    public var detached: ParticleVariables {
        ParticleVariables(positions: positions.detached, velocities: velocities.detached,
                          affine: affine.detached, deformation: deformation.detached)
    }

    /// Writes the values into `state` (whose masses, volumes and materials are kept).
    public func write(into state: inout ParticleState) {
        let x = positions.value.scalars, v = velocities.value.scalars
        let c = affine.value.scalars, f = deformation.value.scalars
        for p in 0..<state.count {
            state.positions[p] = SIMD3(x[3 * p], x[3 * p + 1], x[3 * p + 2])
            state.velocities[p] = SIMD3(v[3 * p], v[3 * p + 1], v[3 * p + 2])
            state.affine[p] = c.matrix(at: p)
            state.deformation[p] = f.matrix(at: p)
        }
    }
}

extension UnsafeMutableBufferPointer where Element == Double {
    /// Stores `m` row-major at rows 9p…9p+8.
    @inlinable func writeMatrix(_ m: Matrix3, at p: Int) {
        let e = 9 * p
        self[e] = m.r0.x; self[e + 1] = m.r0.y; self[e + 2] = m.r0.z
        self[e + 3] = m.r1.x; self[e + 4] = m.r1.y; self[e + 5] = m.r1.z
        self[e + 6] = m.r2.x; self[e + 7] = m.r2.y; self[e + 8] = m.r2.z
    }
}

extension Array where Element == Double {
    /// The 3×3 matrix stored row-major at entries 9p…9p+8.
    @inlinable public func matrix(at p: Int) -> Matrix3 { matrix(startingAt: 9 * p) }
    /// The 3×3 matrix stored row-major at entries e…e+8.
    @inlinable func matrix(startingAt e: Int) -> Matrix3 {
        Matrix3(rows: SIMD3(self[e], self[e + 1], self[e + 2]), SIMD3(self[e + 3], self[e + 4], self[e + 5]),
                       SIMD3(self[e + 6], self[e + 7], self[e + 8]))
    }
    /// The vector stored at entries 3p…3p+2.
    @inlinable func vector(at p: Int) -> SIMD3<Double> { SIMD3(self[3 * p], self[3 * p + 1], self[3 * p + 2]) }
}

extension UnsafeBufferPointer where Element == Double {
    /// The 3×3 matrix stored row-major at entries 9p…9p+8.
    @inlinable func matrix(at p: Int) -> Matrix3 {
        let e = 9 * p
        return Matrix3(rows: SIMD3(self[e], self[e + 1], self[e + 2]), SIMD3(self[e + 3], self[e + 4], self[e + 5]),
                       SIMD3(self[e + 6], self[e + 7], self[e + 8]))
    }
    /// The vector stored at entries 3p…3p+2.
    @inlinable func vector(at p: Int) -> SIMD3<Double> { SIMD3(self[3 * p], self[3 * p + 1], self[3 * p + 2]) }
}

extension UnsafeMutableBufferPointer where Element == Double {
    /// Stores `v` at entries 3p…3p+2.
    @inlinable func writeVector(_ v: SIMD3<Double>, at p: Int) {
        self[3 * p] = v.x; self[3 * p + 1] = v.y; self[3 * p + 2] = v.z
    }
}
