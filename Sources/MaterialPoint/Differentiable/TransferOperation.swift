import Autodiff

/// One MLS-MPM transfer as a custom autodiff primitive: from (x, v, C, F, τ) of every particle to
/// the packed `[N, 24]` result (x′, v′, C′, F_trial) of P2G, the grid update and G2P, where
/// F_trial = (I + dt C′) F is the gradient before the return map.
///
/// The pullback is the hand-written adjoint of the three stages. It recomputes the grid from the
/// inputs instead of storing it, and treats the wall masks and the B-spline base nodes as
/// constants (they are piecewise constant in the inputs). It is first order: the gradients it
/// returns are constants.
public struct TransferOperation: DifferentiableOperation {
    let simulator: MPMSimulator
    let masses: [Double]
    let volumes: [Double]
    let workspace: MPMWorkspace
    /// The grid of the forward pass, kept for the pullback when it is small.
    let cache = TransferCache()

    /// Creates the transfer of particles with the given masses and volumes on `simulator`'s grid.
    public init(simulator: MPMSimulator, masses: [Double], volumes: [Double], workspace: MPMWorkspace) {
        self.simulator = simulator
        self.masses = masses
        self.volumes = volumes
        self.workspace = workspace
    }

    public var name: String { "mpm-transfer" }

    /// The state built from the inputs, with the affine terms in the workspace. The storage is the
    /// workspace's, taken out while in use (`finish` gives it back).
    private func prepare(_ inputs: [Tensor]) -> ParticleState {
        let n = masses.count
        var state = workspace.transferParticles ?? ParticleState(dimension: simulator.dimension)
        workspace.transferParticles = nil
        if state.count != n || state.dimension != simulator.dimension {
            state = ParticleState(dimension: simulator.dimension)
            state.positions = Array(repeating: .zero, count: n)
            state.velocities = Array(repeating: .zero, count: n)
            state.affine = Array(repeating: .zero, count: n)
            state.deformation = Array(repeating: .zero, count: n)
            state.materialIndices = Array(repeating: 0, count: n)
        }
        state.masses = masses
        state.volumes = volumes
        workspace.prepare(for: simulator, particleCount: n)
        let scale = -simulator.timeStep * 4 * Double(simulator.resolution * simulator.resolution)
        inputs[0].scalars.withUnsafeBufferPointer { x in
        inputs[1].scalars.withUnsafeBufferPointer { v in
        inputs[2].scalars.withUnsafeBufferPointer { c in
        inputs[3].scalars.withUnsafeBufferPointer { f in
        inputs[4].scalars.withUnsafeBufferPointer { tau in
        state.positions.withUnsafeMutableBufferPointer { xs in
        state.velocities.withUnsafeMutableBufferPointer { vs in
        state.affine.withUnsafeMutableBufferPointer { cs in
        state.deformation.withUnsafeMutableBufferPointer { fs in
        workspace.affineTerms.withUnsafeMutableBufferPointer { affine in
            for p in 0..<n {
                xs[p] = x.vector(at: p)
                vs[p] = v.vector(at: p)
                let cp = c.matrix(at: p)
                cs[p] = cp
                fs[p] = f.matrix(at: p)
                affine[p] = tau.matrix(at: p) * (scale * volumes[p]) + cp * masses[p]
            }
        } } } } } } } } } }
        return state
    }

    public func forward(_ inputs: [Tensor]) -> Tensor {
        var state = prepare(inputs)
        simulator.scatterToGrid(state, workspace: workspace)
        let keep = workspace.grid.count <= 1 << 20
        if keep { cache.momenta = workspace.grid }
        simulator.updateGrid(workspace: workspace)
        if keep { cache.velocities = workspace.grid; cache.affineTerms = workspace.affineTerms }
        simulator.gatherFromGrid(&state, workspace: workspace, returnMap: false)
        let n = state.count
        let packed = Tensor(shape: [n, 24]) { out in
            state.positions.withUnsafeBufferPointer { xs in
            state.velocities.withUnsafeBufferPointer { vs in
            state.affine.withUnsafeBufferPointer { cs in
            state.deformation.withUnsafeBufferPointer { fs in
                for p in 0..<n {
                    let row = out.baseAddress! + 24 * p
                    let x = xs[p], v = vs[p], c = cs[p], f = fs[p]
                    row[0] = x.x; row[1] = x.y; row[2] = x.z
                    row[3] = v.x; row[4] = v.y; row[5] = v.z
                    row[6] = c.r0.x; row[7] = c.r0.y; row[8] = c.r0.z
                    row[9] = c.r1.x; row[10] = c.r1.y; row[11] = c.r1.z
                    row[12] = c.r2.x; row[13] = c.r2.y; row[14] = c.r2.z
                    row[15] = f.r0.x; row[16] = f.r0.y; row[17] = f.r0.z
                    row[18] = f.r1.x; row[19] = f.r1.y; row[20] = f.r1.z
                    row[21] = f.r2.x; row[22] = f.r2.y; row[23] = f.r2.z
                }
            } } } }
        }
        workspace.transferParticles = state
        return packed
    }

    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        let tensors = inputs.map(\.value)
        let sim = simulator
        let n = masses.count, res = sim.resolution, d = sim.dimension
        let invDx = Double(res), dx = sim.spacing, dt = sim.timeStep
        let k = 4 * invDx * invDx
        let stressScale = -dt * 4 * invDx * invDx
        // The forward grid: momenta and masses, then velocities (after gravity and walls).
        let momenta: [SIMD4<Double>], velocities: [SIMD4<Double>], affineTerms: [Matrix3]
        if let m = cache.momenta, let v = cache.velocities, let a = cache.affineTerms {
            (momenta, velocities, affineTerms) = (m, v, a)
        } else {
            let state = prepare(tensors)
            sim.scatterToGrid(state, workspace: workspace)
            workspace.transferParticles = state
            momenta = workspace.grid
            sim.updateGrid(workspace: workspace)
            velocities = workspace.grid
            affineTerms = workspace.affineTerms
        }
        let nodes = momenta.count
        let x = tensors[0].scalars, v = tensors[1].scalars, f = tensors[3].scalars
        let out = output.value.scalars, g = cotangent.value.scalars

        // Per-particle cotangents of v′ and C′, including the paths through x′ and F_trial.
        var vBarNew = [SIMD3<Double>](repeating: .zero, count: n)
        var cBarNew = [Matrix3](repeating: .zero, count: n)
        var fBar = [Matrix3](repeating: .zero, count: n)
        var gridVBar = [SIMD3<Double>](repeating: .zero, count: nodes)
        var gridMomentumBar = [SIMD3<Double>](repeating: .zero, count: nodes)
        var gridMassBar = [Double](repeating: 0, count: nodes)
        var xBar = [Double](repeating: 0, count: 3 * n), vBar = [Double](repeating: 0, count: 3 * n)
        var cBar = [Double](repeating: 0, count: 9 * n), tauBar = [Double](repeating: 0, count: 9 * n), fBarOut = [Double](repeating: 0, count: 9 * n)
        let threads = sim.threadCount
        g.withUnsafeBufferPointer { g in
        out.withUnsafeBufferPointer { out in
        f.withUnsafeBufferPointer { f in
        x.withUnsafeBufferPointer { x in
        v.withUnsafeBufferPointer { v in
        masses.withUnsafeBufferPointer { masses in
        volumes.withUnsafeBufferPointer { volumes in
        momenta.withUnsafeBufferPointer { momenta in
        velocities.withUnsafeBufferPointer { velocities in
        affineTerms.withUnsafeBufferPointer { affineTerms in
        vBarNew.withUnsafeMutableBufferPointer { vBarNew in
        cBarNew.withUnsafeMutableBufferPointer { cBarNew in
        fBar.withUnsafeMutableBufferPointer { fBar in
        gridVBar.withUnsafeMutableBufferPointer { gridVBar in
        gridMomentumBar.withUnsafeMutableBufferPointer { gridMomentumBar in
        gridMassBar.withUnsafeMutableBufferPointer { gridMassBar in
        xBar.withUnsafeMutableBufferPointer { xBar in
        vBar.withUnsafeMutableBufferPointer { vBar in
        cBar.withUnsafeMutableBufferPointer { cBar in
        tauBar.withUnsafeMutableBufferPointer { tauBar in
        fBarOut.withUnsafeMutableBufferPointer { fBarOut in
            let (vBarNew, cBarNew, fBar, gridVBar, gridMomentumBar, gridMassBar) = (vBarNew, cBarNew, fBar, gridVBar, gridMomentumBar, gridMassBar)
            let (xBar, vBar, cBar, tauBar, fBarOut) = (xBar, vBar, cBar, tauBar, fBarOut)
            concurrentChunks(n, grain: 512, threads: threads) { range in
                for p in range {
                    let o = 24 * p
                    let gp = UnsafeBufferPointer(rebasing: g[o..<(o + 24)]), op = UnsafeBufferPointer(rebasing: out[o..<(o + 24)])
                    let xb = gp.vector(at: 0), vb = gp.vector(at: 1)
                    let cb = UnsafeBufferPointer(rebasing: gp[6..<15]).matrix(at: 0), fb = UnsafeBufferPointer(rebasing: gp[15..<24]).matrix(at: 0)
                    let cNew = UnsafeBufferPointer(rebasing: op[6..<15]).matrix(at: 0)
                    fBar[p] = (Matrix3.identity + cNew * dt).transposed * fb
                    cBarNew[p] = cb + (fb * f.matrix(at: p).transposed) * dt
                    vBarNew[p] = vb + dt * xb
                    xBar[3 * p] = xb.x; xBar[3 * p + 1] = xb.y; xBar[3 * p + 2] = xb.z
                }
            }
            // G2P adjoint, scattered to the grid: v̄_i += w (v̄′ + k C̄′ (x_i − x_p)). With x_i − x_p =
            // (o − f) dx for node offset o, the bracket is P + Σ_a o_a Q_a, P = v̄′ − k dx C̄′ f and
            // Q_a = k dx (column a of C̄′).
            workspace.binBySlab(count: n, resolution: res) { x[3 * $0] }
            workspace.order.withUnsafeBufferPointer { order in
            workspace.slabStarts.withUnsafeBufferPointer { starts in
                forEachInSlabColours(order: order, starts: starts, threads: threads) { p in
                    let cbT = cBarNew[p].transposed
                    let w = StencilWeights(position: x.vector(at: p), inverseSpacing: invDx, resolution: res, dimension: d)
                    let origin = vBarNew[p] - (k * dx) * (cBarNew[p] * w.fraction)
                    w.scatterAffine(origin: origin, (k * dx) * cbT.r0, (k * dx) * cbT.r1, (k * dx) * cbT.r2, into: gridVBar,
                                    resolution: res, dimension: d)
                }
            } }
            // Grid adjoint: the wall masks, then v = mv/m (+ dt g).
            let gravity = sim.gravity
            for node in 0..<nodes where momenta[node].w > 0 {
                let m = momenta[node].w
                let unmasked = SIMD3(momenta[node].x, momenta[node].y, momenta[node].z) / m
                let moved = unmasked + dt * gravity
                var vb = gridVBar[node]
                for a in 0..<3 where velocities[node][a] == 0 && moved[a] != 0 { vb[a] = 0 }
                gridMomentumBar[node] = vb / m
                gridMassBar[node] = -(vb * unmasked).sum() / m
            }
            // P2G adjoint and the G2P position terms, gathered per particle. Per node, with
            // dpos = (o − f) dx, the scalar multiplying ∇w is
            //   v_i · (v̄′ + k C̄′ dpos) + m̄_i m_p + (mv)̄_i · (m_p v_p + A dpos),
            // both brackets affine in o; the terms weighted by w alone are sums over the nodes of
            // w v_i (= v′), w (mv)̄_i and its first moments, applied once per particle.
            concurrentChunks(n, grain: 512, threads: threads) { range in
                for p in range {
                    let mp = masses[p], a = affineTerms[p], vp = v.vector(at: p)
                    let cb = cBarNew[p], cbT = cb.transposed, aT = a.transposed
                    let w = StencilWeights(position: x.vector(at: p), inverseSpacing: invDx, resolution: res, dimension: d)
                    let b = w.base, fr = w.fraction
                    let gOrigin = vBarNew[p] - (k * dx) * (cb * fr)
                    let gx = (k * dx) * cbT.r0, gy = (k * dx) * cbT.r1, gz = (k * dx) * cbT.r2
                    let mOrigin = mp * vp - dx * (a * fr)
                    let mx = dx * aT.r0, my = dx * aT.r1, mz = dx * aT.r2
                    var xSum = SIMD3<Double>.zero, sumV = SIMD3<Double>.zero, sumM = SIMD3<Double>.zero
                    var momentX = SIMD3<Double>.zero, momentY = SIMD3<Double>.zero, momentZ = SIMD3<Double>.zero
                    for i in 0..<3 {
                        let wi = w.weights(i).x, di = w.derivatives(i).x
                        let gRow = gOrigin + Double(i) * gx, mRow = mOrigin + Double(i) * mx
                        for j in 0..<3 {
                            let wj = w.weights(j).y, dj = w.derivatives(j).y
                            let gLine = gRow + Double(j) * gy, mLine = mRow + Double(j) * my
                            if d == 2 {
                                let node = (b.x + i) * res + (b.y + j)
                                let cell = velocities[node]
                                let gv = SIMD3(cell.x, cell.y, cell.z), mvb = gridMomentumBar[node]
                                let scalar = (gv * gLine).sum() + gridMassBar[node] * mp + (mvb * mLine).sum()
                                xSum += SIMD3(di * wj, wi * dj, 0) * scalar
                                let weight = wi * wj
                                sumV += weight * gv
                                let wm = weight * mvb
                                sumM += wm
                                momentX += Double(i) * wm
                                momentY += Double(j) * wm
                            } else {
                                let row = ((b.x + i) * res + (b.y + j)) * res + b.z
                                for kk in 0..<3 {
                                    let wk = w.weights(kk).z, dk = w.derivatives(kk).z
                                    let cell = velocities[row + kk]
                                    let gv = SIMD3(cell.x, cell.y, cell.z), mvb = gridMomentumBar[row + kk]
                                    let gPoint = gLine + Double(kk) * gz, mPoint = mLine + Double(kk) * mz
                                    let scalar = (gv * gPoint).sum() + gridMassBar[row + kk] * mp + (mvb * mPoint).sum()
                                    xSum += SIMD3(di * wj * wk, wi * dj * wk, wi * wj * dk) * scalar
                                    let weight = wi * wj * wk
                                    sumV += weight * gv
                                    let wm = weight * mvb
                                    sumM += wm
                                    momentX += Double(i) * wm
                                    momentY += Double(j) * wm
                                    momentZ += Double(kk) * wm
                                }
                            }
                        }
                    }
                    xSum = xSum * invDx + SIMD3(xBar[3 * p], xBar[3 * p + 1], xBar[3 * p + 2])
                    // −Σ w (k C̄′ᵀ v_i + Aᵀ (mv)̄_i) from the x_p inside dpos.
                    xSum -= k * (cbT * sumV) + aT * sumM
                    var vSum = mp * sumM
                    // Ā = Σ w (mv)̄_i dposᵀ = dx (Σ w (mv)̄_i oᵀ − (Σ w (mv)̄_i) fᵀ).
                    let moments = Matrix3(rows: SIMD3(momentX.x, momentY.x, momentZ.x), SIMD3(momentX.y, momentY.y, momentZ.y),
                                          SIMD3(momentX.z, momentY.z, momentZ.z))
                    let aBar = (moments - Matrix3.outer(sumM, fr)) * dx
                    if d == 2 { xSum.z = 0; vSum.z = 0 }
                    xBar[3 * p] = xSum.x; xBar[3 * p + 1] = xSum.y; xBar[3 * p + 2] = xSum.z
                    vBar[3 * p] = vSum.x; vBar[3 * p + 1] = vSum.y; vBar[3 * p + 2] = vSum.z
                    tauBar.writeMatrix((aBar * (stressScale * volumes[p])).restricted(to: d, diagonalFill: 0), at: p)
                    cBar.writeMatrix((aBar * mp).restricted(to: d, diagonalFill: 0), at: p)
                    fBarOut.writeMatrix(fBar[p].restricted(to: d, diagonalFill: 0), at: p)
                }
            }
        } } } } } } } } } } } } } } } } } } } } }
        return [Variable(Tensor(shape: [n, 3], scalars: xBar)), Variable(Tensor(shape: [n, 3], scalars: vBar)),
                Variable(Tensor(shape: [n, 9], scalars: cBar)), Variable(Tensor(shape: [n, 9], scalars: fBarOut)),
                Variable(Tensor(shape: [n, 9], scalars: tauBar))]
    }
}

/// The grid of one transfer's forward pass, kept for its pullback.
final class TransferCache: @unchecked Sendable {
    var momenta: [SIMD4<Double>]?
    var velocities: [SIMD4<Double>]?
    var affineTerms: [Matrix3]?
}
