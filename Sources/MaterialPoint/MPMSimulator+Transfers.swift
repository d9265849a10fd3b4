import Foundation

/// Quadratic B-spline weights of one particle: the lowest neighbour node and the weights per axis.
@usableFromInline struct StencilWeights {
    /// The lowest of the 3^d neighbour nodes.
    @usableFromInline var base: SIMD3<Int>
    /// x/dx − base (0 in the third component in 2D).
    @usableFromInline var fraction: SIMD3<Double>
    /// Weights of offsets 0, 1, 2 along each axis.
    @usableFromInline var w0, w1, w2: SIMD3<Double>
    /// Their derivatives with respect to x/dx.
    @usableFromInline var d0, d1, d2: SIMD3<Double>

    @inlinable @inline(__always) init(position x: SIMD3<Double>, inverseSpacing: Double, resolution n: Int, dimension: Int) {
        let scaled = x * inverseSpacing
        var b = SIMD3<Int>(safeFloor(scaled.x - 0.5, n), safeFloor(scaled.y - 0.5, n), safeFloor(scaled.z - 0.5, n))
        b = b.clamped(lowerBound: SIMD3(repeating: 0), upperBound: SIMD3(repeating: n - 3))
        if dimension == 2 { b.z = 0 }
        base = b
        var fx = scaled - SIMD3<Double>(Double(b.x), Double(b.y), Double(b.z))
        if dimension == 2 { fx.z = 0 }
        fraction = fx
        let a = 1.5 - fx, c = fx - 1, e = fx - 0.5
        w0 = 0.5 * a * a
        w1 = 0.75 - c * c
        w2 = 0.5 * e * e
        d0 = -a
        d1 = -2 * c
        d2 = e
    }

    /// The weight of offset `o` (0, 1 or 2) per axis.
    @inlinable @inline(__always) func weights(_ o: Int) -> SIMD3<Double> { o == 0 ? w0 : (o == 1 ? w1 : w2) }
    /// The weight derivatives of offset `o` per axis.
    @inlinable @inline(__always) func derivatives(_ o: Int) -> SIMD3<Double> { o == 0 ? d0 : (o == 1 ? d1 : d2) }

    /// Adds w_o (origin + o.x colX + o.y colY + o.z colZ) to every node base + o of the stencil in
    /// `grid` (n nodes per axis, x slowest): a value affine in the node offset o, scattered. P2G and
    /// the adjoint of G2P are both of this form, since x_i − x_p = (o − f) dx.
    @inlinable @inline(__always)
    func scatterAffine<V: SIMD>(origin: V, _ colX: V, _ colY: V, _ colZ: V, into grid: UnsafeMutableBufferPointer<V>,
                                resolution n: Int, dimension d: Int) where V.Scalar == Double {
        let b = base
        for i in 0..<3 {
            let wx = weights(i).x
            let rowStart = origin + Double(i) * colX
            for j in 0..<3 {
                let wxy = wx * weights(j).y
                let lineStart = rowStart + Double(j) * colY
                if d == 2 {
                    grid[(b.x + i) * n + (b.y + j)] += wxy * lineStart
                } else {
                    let row = ((b.x + i) * n + (b.y + j)) * n + b.z
                    for k in 0..<3 { grid[row + k] += (wxy * weights(k).z) * (lineStart + Double(k) * colZ) }
                }
            }
        }
    }
}

/// ⌊v⌋ clamped to [−1, n], with 0 for NaN: a particle that left the grid (or a diverged state)
/// never indexes outside it.
@inlinable @inline(__always) func safeFloor(_ v: Double, _ n: Int) -> Int {
    guard v == v else { return 0 }
    return Int(min(max(v, -1), Double(n)).rounded(.down))
}

extension MPMSimulator {
    /// τ_p and the affine term A_p = −dt V_p (4/dx²) τ_p + m_p C_p of every particle.
    func computeAffineTerms(_ state: ParticleState, workspace: MPMWorkspace) {
        if materials.count == 1 {
            func opened<Model: ConstitutiveModel>(_ m: Model) { computeAffineTerms(state, workspace: workspace, single: m) }
            opened(materials[0])
        } else {
            computeAffineTerms(state, workspace: workspace, single: nil as NeoHookean?)
        }
    }

    /// The kernel, specialised for the type of a single material (`Self.specialised`).
    func computeAffineTerms<Model: ConstitutiveModel>(_ state: ParticleState, workspace: MPMWorkspace, single: Model?) {
        let scale = -timeStep * 4 * Double(resolution * resolution)
        let d = dimension
        state.deformation.withUnsafeBufferPointer { f in
        state.affine.withUnsafeBufferPointer { c in
        state.masses.withUnsafeBufferPointer { m in
        state.volumes.withUnsafeBufferPointer { v in
        state.materialIndices.withUnsafeBufferPointer { index in
        workspace.affineTerms.withUnsafeMutableBufferPointer { out in
            let out = out
            concurrentChunks(state.count, threads: threadCount) { range in
                for p in range {
                    let tau = single?.kirchhoffStress(f[p], dimension: d) ?? materials[index[p]].kirchhoffStress(f[p], dimension: d)
                    out[p] = tau * (scale * v[p]) + c[p] * m[p]
                }
            }
        } } } } } }
    }

    /// P2G: masses and momenta on the grid, slab by slab (even slabs together, then odd ones).
    func scatterToGrid(_ state: ParticleState, workspace: MPMWorkspace) {
        let n = resolution, invDx = Double(n), dx = spacing, d = dimension
        let count = state.count
        let (lowest, highest) = state.positions.withUnsafeBufferPointer { x in
            workspace.binBySlab(count: count, resolution: n) { x[$0].x }
        }
        let planeSize = d == 3 ? n * n : n
        workspace.activeNodes = count == 0 ? 0..<0 : lowest..<(highest + 3)
        let clearRange = (workspace.activeNodes.lowerBound * planeSize)..<(workspace.activeNodes.upperBound * planeSize)
        workspace.grid.withUnsafeMutableBufferPointer { grid in
            for i in clearRange { grid[i] = .zero }
        }

        state.positions.withUnsafeBufferPointer { x in
        state.velocities.withUnsafeBufferPointer { v in
        state.masses.withUnsafeBufferPointer { m in
        workspace.affineTerms.withUnsafeBufferPointer { affine in
        workspace.order.withUnsafeBufferPointer { order in
        workspace.slabStarts.withUnsafeBufferPointer { starts in
        workspace.grid.withUnsafeMutableBufferPointer { grid in
            let grid = grid
            forEachInSlabColours(order: order, starts: starts, threads: threadCount) { p in
                let weights = StencilWeights(position: x[p], inverseSpacing: invDx, resolution: n, dimension: d)
                let mp = m[p], a = affine[p]
                // m_p v_p + A (x_i − x_p) = (m_p v_p − dx A f) + dx A o for node offset o; mass in w.
                let start = mp * v[p] - dx * (a * weights.fraction)
                let at = a.transposed
                weights.scatterAffine(origin: SIMD4(start.x, start.y, start.z, mp), SIMD4(dx * at.r0, 0), SIMD4(dx * at.r1, 0),
                                      SIMD4(dx * at.r2, 0), into: grid, resolution: n, dimension: d)
            }
        } } } } } } }
    }

    /// Grid velocities v_i = (mv)_i / m_i + dt g with the walls applied (stored in place of the momenta).
    func updateGrid(workspace: MPMWorkspace) {
        let n = resolution, d = dimension, dt = timeStep, g = gravity
        let bound = wallThickness, noSlip = walls == .noSlip
        let planes = workspace.activeNodes
        workspace.grid.withUnsafeMutableBufferPointer { grid in
            let grid = grid
            concurrentChunks(planes.count, grain: 4, threads: threadCount) { chunk in
                for offset in chunk {
                    let i = planes.lowerBound + offset
                    for j in 0..<n {
                        for k in 0..<(d == 3 ? n : 1) {
                            let node = d == 3 ? (i * n + j) * n + k : i * n + j
                            let cell = grid[node]
                            guard cell.w > 0 else { continue }
                            var vel = SIMD3(cell.x, cell.y, cell.z) / cell.w + dt * g
                            let index = SIMD3(i, j, k)
                            var blocked = false
                            for a in 0..<d {
                                if (index[a] < bound && vel[a] < 0) || (index[a] > n - bound && vel[a] > 0) {
                                    vel[a] = 0
                                    blocked = true
                                }
                            }
                            if noSlip && blocked { vel = .zero }
                            grid[node] = SIMD4(vel.x, vel.y, vel.z, cell.w)
                        }
                    }
                }
            }
        }
    }

    /// G2P: particle velocities, affine matrices, positions, then F and (unless `returnMap` is false,
    /// which leaves the trial gradient) the return map.
    func gatherFromGrid(_ state: inout ParticleState, workspace: MPMWorkspace, returnMap: Bool = true) {
        if materials.count == 1 {
            func opened<Model: ConstitutiveModel>(_ m: Model) { gatherFromGrid(&state, workspace: workspace, returnMap: returnMap, single: m) }
            opened(materials[0])
        } else {
            gatherFromGrid(&state, workspace: workspace, returnMap: returnMap, single: nil as NeoHookean?)
        }
    }

    /// The kernel, specialised for the type of a single material.
    func gatherFromGrid<Model: ConstitutiveModel>(_ state: inout ParticleState, workspace: MPMWorkspace, returnMap: Bool, single: Model?) {
        let n = resolution, invDx = Double(n), dx = spacing, d = dimension, dt = timeStep
        let cScale = 4 * invDx * invDx
        let count = state.count
        let materials = self.materials
        workspace.grid.withUnsafeBufferPointer { grid in
        state.materialIndices.withUnsafeBufferPointer { index in
        state.positions.withUnsafeMutableBufferPointer { x in
        state.velocities.withUnsafeMutableBufferPointer { v in
        state.affine.withUnsafeMutableBufferPointer { c in
        state.deformation.withUnsafeMutableBufferPointer { f in
            let (x, v, c, f) = (x, v, c, f)
            concurrentChunks(count, threads: threadCount) { range in
                for p in range {
                    let weights = StencilWeights(position: x[p], inverseSpacing: invDx, resolution: n, dimension: d)
                    let b = weights.base
                    // C = (4/dx²) Σ w v_i (x_i − x_p)ᵀ = (4/dx) [Σ w v_i oᵀ − v f ᵀ] for node offsets o.
                    var newV = SIMD3<Double>.zero, sx = SIMD3<Double>.zero, sy = SIMD3<Double>.zero, sz = SIMD3<Double>.zero
                    if d == 2 {
                        for i in 0..<3 {
                            let wx = weights.weights(i).x
                            var line = SIMD3<Double>.zero, lineY = SIMD3<Double>.zero
                            for j in 0..<3 {
                                let w = wx * weights.weights(j).y
                                let cell = grid[(b.x + i) * n + (b.y + j)]
                                let gv = w * SIMD3(cell.x, cell.y, cell.z)
                                line += gv
                                lineY += Double(j) * gv
                            }
                            newV += line
                            sx += Double(i) * line
                            sy += lineY
                        }
                    } else {
                        for i in 0..<3 {
                            let wx = weights.weights(i).x
                            var line = SIMD3<Double>.zero
                            for j in 0..<3 {
                                let wxy = wx * weights.weights(j).y
                                let row = ((b.x + i) * n + (b.y + j)) * n + b.z
                                var column = SIMD3<Double>.zero
                                for k in 0..<3 {
                                    let cell = grid[row + k]
                                    let gv = (wxy * weights.weights(k).z) * SIMD3(cell.x, cell.y, cell.z)
                                    column += gv
                                    sz += Double(k) * gv
                                }
                                line += column
                                sy += Double(j) * column
                            }
                            newV += line
                            sx += Double(i) * line
                        }
                    }
                    let moments = Matrix3(rows: SIMD3(sx.x, sy.x, sz.x), SIMD3(sx.y, sy.y, sz.y), SIMD3(sx.z, sy.z, sz.z))
                    var newC = (moments - Matrix3.outer(newV, weights.fraction)) * dx
                    newC = newC * cScale
                    v[p] = newV
                    c[p] = newC
                    x[p] += dt * newV
                    let previous = f[p]
                    let trial = (Matrix3.identity + newC * dt) * previous
                    if returnMap {
                        f[p] = single?.returnMap(trial: trial, previous: previous, dimension: d)
                            ?? materials[index[p]].returnMap(trial: trial, previous: previous, dimension: d)
                    } else {
                        f[p] = trial
                    }
                }
            }
        } } } } } }
    }
}
