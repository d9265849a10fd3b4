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

    /// The state built from the inputs, with the affine terms in the workspace.
    private func prepare(_ inputs: [Tensor]) -> ParticleState {
        let n = masses.count
        var state = ParticleState(dimension: simulator.dimension)
        let x = inputs[0].scalars, v = inputs[1].scalars, c = inputs[2].scalars, f = inputs[3].scalars, tau = inputs[4].scalars
        state.positions = (0..<n).map { x.vector(at: $0) }
        state.velocities = (0..<n).map { v.vector(at: $0) }
        state.affine = (0..<n).map { c.matrix(at: $0) }
        state.deformation = (0..<n).map { f.matrix(at: $0) }
        state.masses = masses
        state.volumes = volumes
        state.materialIndices = Array(repeating: 0, count: n)
        workspace.prepare(for: simulator, particleCount: n)
        let scale = -simulator.timeStep * 4 * Double(simulator.resolution * simulator.resolution)
        for p in 0..<n { workspace.affineTerms[p] = tau.matrix(at: p) * (scale * volumes[p]) + state.affine[p] * masses[p] }
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
        return Tensor(shape: [n, 24]) { out in
            for p in 0..<n {
                let row = UnsafeMutableBufferPointer(rebasing: out[(24 * p)..<(24 * p + 24)])
                row.writeVector(state.positions[p], at: 0)
                row.writeVector(state.velocities[p], at: 1)
                UnsafeMutableBufferPointer(rebasing: row[6..<15]).writeMatrix(state.affine[p], at: 0)
                UnsafeMutableBufferPointer(rebasing: row[15..<24]).writeMatrix(state.deformation[p], at: 0)
            }
        }
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
            // G2P adjoint, scattered to the grid: v̄_i += w v̄′ + k w C̄′ (x_i − x_p).
            for p in 0..<n {
                let vb = vBarNew[p], cb = cBarNew[p]
                let w = StencilWeights(position: x.vector(at: p), inverseSpacing: invDx, resolution: res, dimension: d)
                let b = w.base
                for i in 0..<3 {
                    let wx = w.weights(i).x
                    for j in 0..<3 {
                        let wxy = wx * w.weights(j).y
                        for kk in 0..<(d == 3 ? 3 : 1) {
                            let weight = d == 3 ? wxy * w.weights(kk).z : wxy
                            let dpos = (SIMD3(Double(i), Double(j), Double(kk)) - w.fraction) * dx
                            let node = d == 3 ? ((b.x + i) * res + (b.y + j)) * res + (b.z + kk) : (b.x + i) * res + (b.y + j)
                            gridVBar[node] += weight * vb + (k * weight) * (cb * dpos)
                        }
                    }
                }
            }
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
            // P2G adjoint and the G2P position terms, gathered per particle.
            concurrentChunks(n, grain: 512, threads: threads) { range in
                for p in range {
                    let mp = masses[p], a = affineTerms[p], vp = v.vector(at: p)
                    let vb = vBarNew[p], cb = cBarNew[p], cbT = cb.transposed, aT = a.transposed
                    let momentum = mp * vp
                    var aBar = Matrix3.zero, vSum = SIMD3<Double>.zero
                    var xSum = SIMD3(xBar[3 * p], xBar[3 * p + 1], xBar[3 * p + 2])
                    let w = StencilWeights(position: x.vector(at: p), inverseSpacing: invDx, resolution: res, dimension: d)
                    let b = w.base
                    for i in 0..<3 {
                        let wi = w.weights(i), di = w.derivatives(i)
                        for j in 0..<3 {
                            let wj = w.weights(j), dj = w.derivatives(j)
                            for kk in 0..<(d == 3 ? 3 : 1) {
                                let wk = d == 3 ? w.weights(kk).z : 1, dk = d == 3 ? w.derivatives(kk).z : 0
                                let weight = wi.x * wj.y * wk
                                let dw = SIMD3(di.x * wj.y * wk, wi.x * dj.y * wk, wi.x * wj.y * dk) * invDx
                                let dpos = (SIMD3(Double(i), Double(j), Double(kk)) - w.fraction) * dx
                                let node = d == 3 ? ((b.x + i) * res + (b.y + j)) * res + (b.z + kk) : (b.x + i) * res + (b.y + j)
                                let cell = velocities[node]
                                let gv = SIMD3(cell.x, cell.y, cell.z)
                                let mvb = gridMomentumBar[node]
                                // G2P: v′ = Σ w v_i, C′ = k Σ w v_i dposᵀ, dpos = x_i − x_p.
                                var scalar = (vb * gv).sum() + k * (gv * (cb * dpos)).sum()
                                // P2G: m_i += w m_p, (mv)_i += w (m_p v_p + A dpos).
                                scalar += gridMassBar[node] * mp + (mvb * (momentum + a * dpos)).sum()
                                xSum += dw * scalar
                                xSum -= (k * weight) * (cbT * gv) + weight * (aT * mvb)
                                vSum += (weight * mp) * mvb
                                aBar += Matrix3.outer(weight * mvb, dpos)
                            }
                        }
                    }
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
