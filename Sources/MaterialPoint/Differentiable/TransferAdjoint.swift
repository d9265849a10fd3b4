/// The hand-written adjoint of one MLS-MPM transfer — P2G, the grid update and G2P, without the
/// return map — shared by the autodiff primitive (`TransferOperation`) and the fused rollout
/// gradient (`DifferentiableMPM.fusedPositionLossAndGradient`).
///
/// Given the step's input particles (x, v, F), the new affine velocities C′ it produced, its grid
/// (momenta and masses before the update, velocities after it, the affine terms A_p) and the
/// cotangents of its outputs (x′, v′, C′, F_trial), it returns the cotangents of x, v, C and F, and
/// hands each particle's cotangent of the Kirchhoff stress τ that entered A_p to the caller. Wall
/// masks and B-spline base nodes are treated as constants (they are piecewise constant in the
/// inputs). The 2-D scatter and gather work on two components (`gather2D`), the 3-D ones on three.
final class TransferAdjoint {
    let simulator: MPMSimulator
    /// Slab ordering for the parallel scatter.
    let workspace: MPMWorkspace
    // Scratch, reused between calls.
    private var vBarNew: [SIMD3<Double>] = []
    private var cBarNew: [Matrix3] = []
    private var gridVBar: [SIMD3<Double>] = []
    private var gridVBar2D: [SIMD2<Double>] = []
    private var gridMomentumBar: [SIMD3<Double>] = []
    private var gridMassBar: [Double] = []

    init(simulator: MPMSimulator, workspace: MPMWorkspace) {
        self.simulator = simulator
        self.workspace = workspace
    }

    /// The grid of one forward transfer.
    struct Grid {
        /// Momenta (x, y, z) and masses (w) after P2G, from node `momentaOffset` on.
        var momenta: UnsafeBufferPointer<SIMD4<Double>>
        /// The node index of `momenta[0]`.
        var momentaOffset = 0
        /// Velocities (x, y, z) after the grid update.
        var velocities: UnsafeBufferPointer<SIMD4<Double>>
        /// A_p = −dt V_p (4/dx²) τ_p + m_p C_p.
        var affineTerms: UnsafeBufferPointer<Matrix3>
        /// The x planes of nodes that particles touched.
        var activePlanes: Range<Int>
        /// The forward's slab ordering of the particles (`MPMWorkspace.order`, `slabStarts`), if kept.
        var slabOrder: (order: UnsafeBufferPointer<Int32>, starts: UnsafeBufferPointer<Int>)? = nil
    }

    /// Cotangents per particle: on entry those of (x′, v′, C′, F_trial), on return those of
    /// (x, v, C, F), overwritten in place by `pullback`.
    struct Cotangents {
        var positions: UnsafeMutableBufferPointer<SIMD3<Double>>
        var velocities: UnsafeMutableBufferPointer<SIMD3<Double>>
        var affine: UnsafeMutableBufferPointer<Matrix3>
        var deformation: UnsafeMutableBufferPointer<Matrix3>
    }

    /// Maps the cotangents of (x′, v′, C′, F_trial) in `bar` to those of (x, v, C, F), in place, and
    /// hands the stress cotangent τ̄_p to `stress(p, τ̄_p)`, which returns what τ = τ(F) adds to F̄_p
    /// (the primitive stores τ̄ and returns zero; the fused rollout applies the law's pullback there,
    /// while the particle is in cache). Everything 3-D is restricted to the simulator's dimension.
    func pullback(positions x: UnsafeBufferPointer<SIMD3<Double>>, velocities v: UnsafeBufferPointer<SIMD3<Double>>,
                  deformation f: UnsafeBufferPointer<Matrix3>, newAffine cNew: UnsafeBufferPointer<Matrix3>,
                  masses: UnsafeBufferPointer<Double>, volumes: UnsafeBufferPointer<Double>, grid: Grid,
                  bar: Cotangents, stress: (Int, Matrix3) -> Matrix3) {
        let sim = simulator
        let n = x.count, res = sim.resolution, d = sim.dimension
        let invDx = Double(res), dx = sim.spacing, dt = sim.timeStep
        let k = 4 * invDx * invDx
        let stressScale = -dt * 4 * invDx * invDx
        let planeSize = d == 3 ? res * res : res
        let nodes = grid.activePlanes.lowerBound * planeSize..<grid.activePlanes.upperBound * planeSize
        if vBarNew.count != n { vBarNew = Array(repeating: .zero, count: n); cBarNew = Array(repeating: .zero, count: n) }
        if gridMassBar.count != sim.nodeCount {
            gridVBar = Array(repeating: .zero, count: d == 3 ? sim.nodeCount : 0)
            gridVBar2D = Array(repeating: .zero, count: d == 2 ? sim.nodeCount : 0)
            gridMomentumBar = Array(repeating: .zero, count: sim.nodeCount)
            gridMassBar = Array(repeating: 0, count: sim.nodeCount)
        }
        let threads = sim.threadCount
        let momenta = grid.momenta, velocities = grid.velocities, affineTerms = grid.affineTerms
        vBarNew.withUnsafeMutableBufferPointer { vBarNew in
        cBarNew.withUnsafeMutableBufferPointer { cBarNew in
        gridVBar.withUnsafeMutableBufferPointer { gridVBar in
        gridVBar2D.withUnsafeMutableBufferPointer { gridVBar2D in
        gridMomentumBar.withUnsafeMutableBufferPointer { gridMomentumBar in
        gridMassBar.withUnsafeMutableBufferPointer { gridMassBar in
            let (vBarNew, cBarNew, gridVBar, gridVBar2D) = (vBarNew, cBarNew, gridVBar, gridVBar2D)
            let (gridMomentumBar, gridMassBar) = (gridMomentumBar, gridMassBar)
            if d == 2 { for node in nodes { gridVBar2D[node] = .zero } } else { for node in nodes { gridVBar[node] = .zero } }
            // G2P adjoint, scattered to the grid: v̄_i += w (v̄′ + k C̄′ (x_i − x_p)). With x_i − x_p =
            // (o − f) dx for node offset o, the bracket is P + Σ_a o_a Q_a, P = v̄′ − k dx C̄′ f and
            // Q_a = k dx (column a of C̄′). C̄′ and v̄′ include the paths through F_trial = (I + dt C′) F
            // and x′ = x + dt v′.
            if grid.slabOrder == nil { workspace.binBySlab(count: n, resolution: res) { x[$0].x } }
            workspace.order.withUnsafeBufferPointer { binned in
            workspace.slabStarts.withUnsafeBufferPointer { binnedStarts in
                let (order, starts) = grid.slabOrder ?? (binned, binnedStarts)
                forEachInSlabColours(order: order, starts: starts, threads: threads) { p in
                    cBarNew[p] = bar.affine[p] + (bar.deformation[p] * f[p].transposed) * dt
                    vBarNew[p] = bar.velocities[p] + dt * bar.positions[p]
                    let cbT = cBarNew[p].transposed
                    let w = StencilWeights(position: x[p], inverseSpacing: invDx, resolution: res, dimension: d)
                    let origin = vBarNew[p] - (k * dx) * (cBarNew[p] * w.fraction)
                    if d == 2 {
                        func xy(_ v: SIMD3<Double>) -> SIMD2<Double> { SIMD2(v.x, v.y) }
                        w.scatterAffine(origin: xy(origin), (k * dx) * xy(cbT.r0), (k * dx) * xy(cbT.r1), .zero, into: gridVBar2D,
                                        resolution: res, dimension: 2)
                    } else {
                        w.scatterAffine(origin: origin, (k * dx) * cbT.r0, (k * dx) * cbT.r1, (k * dx) * cbT.r2, into: gridVBar,
                                        resolution: res, dimension: 3)
                    }
                }
            } }
            // Grid adjoint: the wall masks, then v = mv/m (+ dt g).
            let gravity = sim.gravity
            let offset = grid.momentaOffset
            for node in nodes {
                let cell = momenta[node - offset], m = cell.w
                guard m > 0 else { gridMomentumBar[node] = .zero; gridMassBar[node] = 0; continue }
                let unmasked = SIMD3(cell.x, cell.y, cell.z) / m
                let moved = unmasked + dt * gravity
                var vb = d == 2 ? SIMD3(gridVBar2D[node].x, gridVBar2D[node].y, 0) : gridVBar[node]
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
                    let mp = masses[p], a = affineTerms[p], vp = v[p]
                    let cb = cBarNew[p], cbT = cb.transposed, aT = a.transposed
                    let w = StencilWeights(position: x[p], inverseSpacing: invDx, resolution: res, dimension: d)
                    let fr = w.fraction
                    var xSum: SIMD3<Double>, sumV: SIMD3<Double>, sumM: SIMD3<Double>, moments: Matrix3
                    if d == 2 {
                        (xSum, sumV, sumM, moments) = Self.gather2D(w, resolution: res, mass: mp, velocity: vp, affine: a, vBar: vBarNew[p], cBar: cb,
                                                                    k: k, dx: dx, velocities: velocities, momentumBar: gridMomentumBar, massBar: gridMassBar)
                    } else {
                        (xSum, sumV, sumM, moments) = Self.gather3D(w, resolution: res, mass: mp, velocity: vp, affine: a, vBar: vBarNew[p], cBar: cb,
                                                                    k: k, dx: dx, velocities: velocities, momentumBar: gridMomentumBar, massBar: gridMassBar)
                    }
                    xSum = xSum * invDx + bar.positions[p]
                    // −Σ w (k C̄′ᵀ v_i + Aᵀ (mv)̄_i) from the x_p inside dpos.
                    xSum -= k * (cbT * sumV) + aT * sumM
                    var vSum = mp * sumM
                    // Ā = Σ w (mv)̄_i dposᵀ = dx (Σ w (mv)̄_i oᵀ − (Σ w (mv)̄_i) fᵀ).
                    let aBar = (moments - Matrix3.outer(sumM, fr)) * dx
                    if d == 2 { xSum.z = 0; vSum.z = 0 }
                    bar.positions[p] = xSum
                    bar.velocities[p] = vSum
                    let tauBar = (aBar * (stressScale * volumes[p])).restricted(to: d, diagonalFill: 0)
                    bar.deformation[p] = ((Matrix3.identity + cNew[p] * dt).transposed * bar.deformation[p]).restricted(to: d, diagonalFill: 0)
                        + stress(p, tauBar)
                    bar.affine[p] = (aBar * mp).restricted(to: d, diagonalFill: 0)
                }
            }
        } } } } } }
    }

    /// The per-particle gather of the P2G adjoint in 3-D: Σ ∇w·scalar (x̄ before scaling), Σ w v_i,
    /// Σ w (mv)̄_i and its first moments (rows: components, columns: offset axes).
    @inline(__always)
    static func gather3D(_ w: StencilWeights, resolution res: Int, mass mp: Double, velocity vp: SIMD3<Double>, affine a: Matrix3,
                         vBar: SIMD3<Double>, cBar cb: Matrix3, k: Double, dx: Double, velocities: UnsafeBufferPointer<SIMD4<Double>>,
                         momentumBar: UnsafeMutableBufferPointer<SIMD3<Double>>, massBar: UnsafeMutableBufferPointer<Double>)
        -> (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>, Matrix3) {
        let b = w.base, fr = w.fraction
        let cbT = cb.transposed, aT = a.transposed
        let gOrigin = vBar - (k * dx) * (cb * fr)
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
                let row = ((b.x + i) * res + (b.y + j)) * res + b.z
                for kk in 0..<3 {
                    let wk = w.weights(kk).z, dk = w.derivatives(kk).z
                    let cell = velocities[row + kk]
                    let gv = SIMD3(cell.x, cell.y, cell.z), mvb = momentumBar[row + kk]
                    let gPoint = gLine + Double(kk) * gz, mPoint = mLine + Double(kk) * mz
                    let scalar = (gv * gPoint).sum() + massBar[row + kk] * mp + (mvb * mPoint).sum()
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
        let moments = Matrix3(rows: SIMD3(momentX.x, momentY.x, momentZ.x), SIMD3(momentX.y, momentY.y, momentZ.y),
                              SIMD3(momentX.z, momentY.z, momentZ.z))
        return (xSum, sumV, sumM, moments)
    }

    /// `gather3D` in 2-D, on the x and y components only (the z ones are zero there).
    @inline(__always)
    static func gather2D(_ w: StencilWeights, resolution res: Int, mass mp: Double, velocity vp: SIMD3<Double>, affine a: Matrix3,
                         vBar: SIMD3<Double>, cBar cb: Matrix3, k: Double, dx: Double, velocities: UnsafeBufferPointer<SIMD4<Double>>,
                         momentumBar: UnsafeMutableBufferPointer<SIMD3<Double>>, massBar: UnsafeMutableBufferPointer<Double>)
        -> (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>, Matrix3) {
        let b = w.base, fr = w.fraction
        let cbT = cb.transposed, aT = a.transposed
        func xy(_ v: SIMD3<Double>) -> SIMD2<Double> { SIMD2(v.x, v.y) }
        let gOrigin = xy(vBar - (k * dx) * (cb * fr)), gx = (k * dx) * xy(cbT.r0), gy = (k * dx) * xy(cbT.r1)
        let mOrigin = xy(mp * vp - dx * (a * fr)), mx = dx * xy(aT.r0), my = dx * xy(aT.r1)
        var xSum = SIMD2<Double>.zero, sumV = SIMD2<Double>.zero, sumM = SIMD2<Double>.zero
        var momentX = SIMD2<Double>.zero, momentY = SIMD2<Double>.zero
        for i in 0..<3 {
            let wi = w.weights(i).x, di = w.derivatives(i).x
            let gRow = gOrigin + Double(i) * gx, mRow = mOrigin + Double(i) * mx
            let row = (b.x + i) * res + b.y
            for j in 0..<3 {
                let wj = w.weights(j).y, dj = w.derivatives(j).y
                let gLine = gRow + Double(j) * gy, mLine = mRow + Double(j) * my
                let cell = velocities[row + j], mvb = xy(momentumBar[row + j])
                let gv = SIMD2(cell.x, cell.y)
                let scalar = (gv * gLine).sum() + massBar[row + j] * mp + (mvb * mLine).sum()
                xSum += SIMD2(di * wj, wi * dj) * scalar
                let weight = wi * wj
                sumV += weight * gv
                let wm = weight * mvb
                sumM += wm
                momentX += Double(i) * wm
                momentY += Double(j) * wm
            }
        }
        let moments = Matrix3(rows: SIMD3(momentX.x, momentY.x, 0), SIMD3(momentX.y, momentY.y, 0), .zero)
        return (SIMD3(xSum.x, xSum.y, 0), SIMD3(sumV.x, sumV.y, 0), SIMD3(sumM.x, sumM.y, 0), moments)
    }
}
