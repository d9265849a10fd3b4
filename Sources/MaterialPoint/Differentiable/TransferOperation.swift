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
        simulator.updateGrid(workspace: workspace)
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
        let state = prepare(tensors)
        let sim = simulator
        let n = state.count, res = sim.resolution, d = sim.dimension
        let invDx = Double(res), dx = sim.spacing, dt = sim.timeStep
        let k = 4 * invDx * invDx
        let stressScale = -dt * 4 * invDx * invDx
        // Forward grid: momenta and masses, then velocities (after gravity and walls).
        sim.scatterToGrid(state, workspace: workspace)
        let momenta = workspace.grid
        sim.updateGrid(workspace: workspace)
        let velocities = workspace.grid
        let out = output.value.scalars, g = cotangent.value.scalars
        let nodes = momenta.count

        // Per-particle cotangents of v′ and C′ including the paths through x′ and F_trial.
        var vBarNew = [SIMD3<Double>](repeating: .zero, count: n)
        var cBarNew = [Matrix3](repeating: .zero, count: n)
        var fBar = [Matrix3](repeating: .zero, count: n)
        var xBar = [SIMD3<Double>](repeating: .zero, count: n)
        for p in 0..<n {
            let o = 24 * p
            let xb = g.vector(at: 8 * p), vb = g.vector(at: 8 * p + 1)
            let cb = Array(g[(o + 6)..<(o + 15)]).matrix(at: 0), fb = Array(g[(o + 15)..<(o + 24)]).matrix(at: 0)
            let cNew = Array(out[(o + 6)..<(o + 15)]).matrix(at: 0)
            let f = state.deformation[p]
            fBar[p] = (Matrix3.identity + cNew * dt).transposed * fb
            cBarNew[p] = cb + (fb * f.transposed) * dt
            vBarNew[p] = vb + dt * xb
            xBar[p] = xb
        }
        // G2P adjoint, scattered to the grid: v̄_i += w v̄′ + k w C̄′ (x_i − x_p).
        var gridVBar = [SIMD3<Double>](repeating: .zero, count: nodes)
        func forEachNode(_ p: Int, _ body: (Int, Double, SIMD3<Double>, SIMD3<Double>) -> Void) {
            let w = StencilWeights(position: state.positions[p], inverseSpacing: invDx, resolution: res, dimension: d)
            let b = w.base
            for i in 0..<3 {
                for j in 0..<3 {
                    for kk in 0..<(d == 3 ? 3 : 1) {
                        let wx = w.weights(i), wy = w.weights(j), wz = w.weights(kk)
                        let weight = wx.x * wy.y * (d == 3 ? wz.z : 1)
                        let gx = w.derivatives(i).x * wy.y * (d == 3 ? wz.z : 1)
                        let gy = wx.x * w.derivatives(j).y * (d == 3 ? wz.z : 1)
                        let gz = d == 3 ? wx.x * wy.y * w.derivatives(kk).z : 0
                        let offset = SIMD3(Double(i), Double(j), Double(kk))
                        let dpos = (offset - w.fraction) * dx
                        let node = d == 3 ? ((b.x + i) * res + (b.y + j)) * res + (b.z + kk) : (b.x + i) * res + (b.y + j)
                        body(node, weight, dpos, SIMD3(gx, gy, gz) * invDx)
                    }
                }
            }
        }
        for p in 0..<n {
            let vb = vBarNew[p], cb = cBarNew[p]
            forEachNode(p) { node, w, dpos, _ in gridVBar[node] += w * vb + (k * w) * (cb * dpos) }
        }
        // Grid adjoint: masks of the walls, then v = mv/m (+ dt g).
        var gridMomentumBar = [SIMD3<Double>](repeating: .zero, count: nodes)
        var gridMassBar = [Double](repeating: 0, count: nodes)
        for node in 0..<nodes where momenta[node].w > 0 {
            let m = momenta[node].w
            let unmasked = SIMD3(momenta[node].x, momenta[node].y, momenta[node].z) / m
            let moved = unmasked + dt * sim.gravity
            var vb = gridVBar[node]
            for a in 0..<3 where velocities[node][a] == 0 && moved[a] != 0 { vb[a] = 0 }
            gridMomentumBar[node] = vb / m
            gridMassBar[node] = -(vb * unmasked).sum() / m
        }
        // P2G adjoint and the G2P position terms, gathered per particle.
        var tauBar = [Matrix3](repeating: .zero, count: n)
        var cBar = [Matrix3](repeating: .zero, count: n)
        var vBar = [SIMD3<Double>](repeating: .zero, count: n)
        for p in 0..<n {
            let mp = masses[p], a = workspace.affineTerms[p], vp = state.velocities[p]
            let vb = vBarNew[p], cb = cBarNew[p]
            var aBar = Matrix3.zero, vSum = SIMD3<Double>.zero, xSum = xBar[p]
            forEachNode(p) { node, w, dpos, dw in
                let gv = SIMD3(velocities[node].x, velocities[node].y, velocities[node].z)
                let mvb = gridMomentumBar[node]
                // G2P: v′ = Σ w v_i, C′ = k Σ w v_i dposᵀ, dpos = x_i − x_p.
                xSum += dw * ((vb * gv).sum() + k * (gv * (cb * dpos)).sum())
                xSum -= (k * w) * (cb.transposed * gv)
                // P2G: m_i += w m_p, (mv)_i += w (m_p v_p + A dpos).
                vSum += (w * mp) * mvb
                aBar += Matrix3.outer(w * mvb, dpos)
                xSum += dw * (gridMassBar[node] * mp + (mvb * (mp * vp + a * dpos)).sum())
                xSum -= w * (a.transposed * mvb)
            }
            vBar[p] = vSum
            xBar[p] = xSum
            tauBar[p] = aBar * (stressScale * volumes[p])
            cBar[p] = aBar * mp
        }
        func vectors(_ v: [SIMD3<Double>]) -> Variable {
            Variable(Tensor(shape: [n, 3]) { out in for p in 0..<n { out.writeVector(d == 2 ? SIMD3(v[p].x, v[p].y, 0) : v[p], at: p) } })
        }
        func matrices(_ m: [Matrix3]) -> Variable {
            Variable(Tensor(shape: [n, 9]) { out in for p in 0..<n { out.writeMatrix(m[p].restricted(to: d, diagonalFill: 0), at: p) } })
        }
        return [vectors(xBar), vectors(vBar), matrices(cBar), matrices(fBar), matrices(tauBar)]
    }
}
