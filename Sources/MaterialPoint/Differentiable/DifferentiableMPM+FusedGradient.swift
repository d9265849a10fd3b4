import Autodiff

/// Particle states of consecutive steps, packed per particle as x, v (d each), C and F (d² each).
struct PackedStates {
    let count: Int
    let dimension: Int
    let threads: Int
    private(set) var storage: [Double]
    private var stride: Int { 2 * dimension + 2 * dimension * dimension }

    /// Room for `slots` states, in `storage` (reused when it is large enough).
    init(count: Int, dimension: Int, slots: Int, threads: Int, storage: [Double]) {
        self.count = count
        self.dimension = dimension
        self.threads = threads
        let needed = slots * count * (2 * dimension + 2 * dimension * dimension)
        self.storage = storage.count >= needed ? storage : Array(repeating: 0, count: needed)
    }

    /// Stores `state` in `slot`.
    mutating func save(_ state: ParticleState, slot: Int) {
        let d = dimension, w = stride, base = slot * count * w
        state.positions.withUnsafeBufferPointer { xs in
        state.velocities.withUnsafeBufferPointer { vs in
        state.affine.withUnsafeBufferPointer { cs in
        state.deformation.withUnsafeBufferPointer { fs in
        storage.withUnsafeMutableBufferPointer { out in
            let out = out
            concurrentChunks(count, threads: threads) { range in
                for p in range {
                    var o = base + p * w
                    let x = xs[p], v = vs[p], c = cs[p], f = fs[p]
                    for a in 0..<d { out[o] = x[a]; out[o + d] = v[a]; o += 1 }
                    o += d
                    for i in 0..<d { for j in 0..<d { out[o] = c[i, j]; out[o + d * d] = f[i, j]; o += 1 } }
                }
            }
        } } } } }
    }

    /// Writes slot `slot` into `state` (its masses, volumes and materials are kept) and C of slot
    /// `slot + 1` into `nextAffine`, and adds `lossScale` (x_next − target) to `positionBar` (the
    /// first d components), x_next being the positions of slot `slot + 1`.
    func load(_ slot: Int, into state: inout ParticleState, nextAffine: inout [Matrix3],
              target: [Double], lossScale: Double, positionBar: inout [SIMD3<Double>]) {
        let d = dimension, w = stride, base = slot * count * w, nextBase = base + count * w
        storage.withUnsafeBufferPointer { s in
        target.withUnsafeBufferPointer { target in
        state.positions.withUnsafeMutableBufferPointer { xs in
        state.velocities.withUnsafeMutableBufferPointer { vs in
        state.affine.withUnsafeMutableBufferPointer { cs in
        state.deformation.withUnsafeMutableBufferPointer { fs in
        nextAffine.withUnsafeMutableBufferPointer { nc in
        positionBar.withUnsafeMutableBufferPointer { xb in
            let (xs, vs, cs, fs, nc, xb) = (xs, vs, cs, fs, nc, xb)
            concurrentChunks(count, threads: threads) { range in
                for p in range {
                    var o = base + p * w, q = nextBase + p * w
                    var x = SIMD3<Double>.zero, v = SIMD3<Double>.zero
                    var c = Matrix3.zero, f = Matrix3.identity, cNext = Matrix3.zero
                    for a in 0..<d {
                        x[a] = s[o]; v[a] = s[o + d]
                        xb[p][a] += lossScale * (s[q] - target[3 * p + a])
                        o += 1; q += 1
                    }
                    o += d; q += d
                    for i in 0..<d { for j in 0..<d { c[i, j] = s[o]; f[i, j] = s[o + d * d]; cNext[i, j] = s[q]; o += 1; q += 1 } }
                    xs[p] = x; vs[p] = v; cs[p] = c; fs[p] = f; nc[p] = cNext
                }
            }
        } } } } } } } }
    }
}

/// What the backward needs of one forward step besides the particle states: the P2G grid of the
/// touched planes, the affine terms A_p (d × d, row-major) and the slab ordering of the particles.
struct StepRecord {
    var planes: Range<Int> = 0..<0
    var nodes: [SIMD4<Double>] = []
    var affineTerms: [Double] = []
    var order: [Int32] = []
    var slabStarts: [Int] = []

    /// Copies them from `workspace` right after P2G.
    mutating func save(_ workspace: MPMWorkspace, planeSize: Int, dimension d: Int, threads: Int) {
        planes = workspace.activeNodes
        nodes.removeAll(keepingCapacity: true)
        nodes.append(contentsOf: workspace.grid[(planes.lowerBound * planeSize)..<(planes.upperBound * planeSize)])
        order.removeAll(keepingCapacity: true)
        order.append(contentsOf: workspace.order)
        slabStarts.removeAll(keepingCapacity: true)
        slabStarts.append(contentsOf: workspace.slabStarts)
        let n = workspace.affineTerms.count
        if affineTerms.count != n * d * d { affineTerms = Array(repeating: 0, count: n * d * d) }
        workspace.affineTerms.withUnsafeBufferPointer { a in
        affineTerms.withUnsafeMutableBufferPointer { out in
            let out = out
            concurrentChunks(n, threads: threads) { range in
                for p in range { for i in 0..<d { for j in 0..<d { out[(p * d + i) * d + j] = a[p][i, j] } } }
            }
        } }
    }

    /// Writes the affine terms back into `workspace` (zero outside the d × d block).
    func restoreAffineTerms(into workspace: MPMWorkspace, dimension d: Int, threads: Int) {
        workspace.affineTerms.withUnsafeMutableBufferPointer { a in
        affineTerms.withUnsafeBufferPointer { stored in
            let a = a
            concurrentChunks(a.count, threads: threads) { range in
                for p in range {
                    var m = Matrix3.zero
                    for i in 0..<d { for j in 0..<d { m[i, j] = stored[(p * d + i) * d + j] } }
                    a[p] = m
                }
            }
        } }
    }
}

/// Memory of the fused adjoint kept between calls, so that repeated gradients (training, parameter
/// identification) reuse their pages instead of faulting in fresh ones every time.
final class FusedAdjointScratch: @unchecked Sendable {
    var states: [Double] = []
    var records: [StepRecord] = []
}

extension DifferentiableMPM {
    /// The laws as `ParametricElasticity`, when every material is one.
    var parametricLaws: [ParametricElasticity]? {
        let laws = materials.compactMap { $0 as? ParametricElasticity }
        return laws.count == materials.count ? laws : nil
    }

    /// `positionLossAndGradient` for rollouts whose materials are all `ParametricElasticity`: no graph
    /// is recorded. The forward runs on the fast simulator and keeps, for every step of the last
    /// stretch, the packed particle state and a `StepRecord` (and a checkpoint at the start of every
    /// other stretch, which the backward re-simulates the same way); the backward walks the steps in
    /// reverse: the grid update from the kept momenta, then `TransferAdjoint` with the closed-form
    /// stress pullback applied per particle inside its gather.
    func fusedPositionLossAndGradient(from initial: ParticleVariables, targets: [Tensor], checkpointEvery: Int,
                                      laws: [ParametricElasticity]) throws -> RolloutGradient {
        let steps = targets.count, k = max(1, min(checkpointEvery, steps)), d = simulator.dimension, n = count
        guard let fast = frozenSimulator else { preconditionFailure("parametric laws always have a frozen model") }
        let scale = 1 / Double(steps * n * d)
        let work = MPMWorkspace(simulator: fast)
        var state = template
        initial.write(into: &state)
        work.prepare(for: fast, particleCount: n)

        // Forward: a checkpoint at the start of every stretch; every state of the last stretch.
        let stretches = (steps + k - 1) / k, lastStart = (stretches - 1) * k
        var checkpoints = [ParticleState]()
        var stored = PackedStates(count: n, dimension: d, slots: k + 1, threads: fast.threadCount, storage: fusedScratch.states)
        fusedScratch.states = []
        defer { fusedScratch.states = stored.storage }
        // A record of every step of the stretch too, when they take at most 256 MB; otherwise the
        // backward recomputes the grids from the stored states.
        let planeSize = d == 3 ? fast.resolution * fast.resolution : fast.resolution
        let recordBytes = fast.nodeCount * MemoryLayout<SIMD4<Double>>.stride + n * (d * d * 8 + 4)
        let keepsRecords = k * recordBytes <= 256 << 20
        var records = fusedScratch.records
        fusedScratch.records = []
        if keepsRecords && records.count < k { records += Array(repeating: StepRecord(), count: k - records.count) }
        defer { fusedScratch.records = records }
        let threads = fast.threadCount
        func record(_ slot: Int) -> ((MPMWorkspace) -> Void)? {
            guard keepsRecords else { return nil }
            return { w in records[slot].save(w, planeSize: planeSize, dimension: d, threads: threads) }
        }
        var loss = 0.0
        for step in 0..<steps {
            if step % k == 0 && step < lastStart { checkpoints.append(state) }
            if step >= lastStart { stored.save(state, slot: step - lastStart) }
            fast.step(&state, workspace: work, afterScatter: step >= lastStart ? record(step - lastStart) : nil)
            let target = targets[step].scalars
            var sum = 0.0
            for p in 0..<n {
                let e = state.positions[p] - SIMD3(target[3 * p], target[3 * p + 1], target[3 * p + 2])
                sum += e.x * e.x + e.y * e.y + (d == 3 ? e.z * e.z : 0)
            }
            guard sum.isFinite else { throw MaterialPointError.diverged(step: step + 1) }
            loss += sum * scale
        }
        stored.save(state, slot: steps - lastStart)

        // Backward.
        let lame = laws.map { law -> (mu: Double, lambda: Double) in
            let e = law.youngsModulus.value.scalars[0], nu = law.poissonsRatio.value.scalars[0]
            return (e / (2 * (1 + nu)), e * nu / ((1 + nu) * (1 - 2 * nu)))
        }
        var lameBar = [SIMD2<Double>](repeating: .zero, count: laws.count)
        var lameBarPerParticle = [SIMD2<Double>](repeating: .zero, count: n)
        var xBar = [SIMD3<Double>](repeating: .zero, count: n), vBar = xBar
        var cBar = [Matrix3](repeating: .zero, count: n), fBar = cBar
        var nextAffine = cBar
        var momenta = [SIMD4<Double>](repeating: .zero, count: keepsRecords ? 0 : fast.nodeCount)
        let adjoint = TransferAdjoint(simulator: fast, workspace: work)
        var input = template
        for c in stride(from: stretches - 1, through: 0, by: -1) {
            let begin = c * k, end = min(begin + k, steps)
            if c < stretches - 1 {
                var s = checkpoints[c]
                for step in begin..<end {
                    stored.save(s, slot: step - begin)
                    fast.step(&s, workspace: work, afterScatter: record(step - begin))
                }
                stored.save(s, slot: end - begin)
            }
            for step in stride(from: end - 1, through: begin, by: -1) {
                // The step's input state, C′ of its output and the gradient of its frame loss.
                stored.load(step - begin, into: &input, nextAffine: &nextAffine,
                            target: targets[step].scalars, lossScale: 2 * scale, positionBar: &xBar)
                // The step's grid and affine terms, kept or recomputed from its input state.
                if keepsRecords {
                    let r = records[step - begin]
                    work.activeNodes = r.planes
                    let first = r.planes.lowerBound * planeSize
                    r.nodes.withUnsafeBufferPointer { g in
                    work.grid.withUnsafeMutableBufferPointer { w in for i in g.indices { w[first + i] = g[i] } } }
                    r.restoreAffineTerms(into: work, dimension: d, threads: threads)
                } else {
                    fast.computeAffineTerms(input, workspace: work)
                    fast.scatterToGrid(input, workspace: work)
                    let nodes = (work.activeNodes.lowerBound * planeSize)..<(work.activeNodes.upperBound * planeSize)
                    work.grid.withUnsafeBufferPointer { g in momenta.withUnsafeMutableBufferPointer { m in for i in nodes { m[i] = g[i] } } }
                }
                let planes = work.activeNodes
                fast.updateGrid(workspace: work)
                func pullback(momenta: UnsafeBufferPointer<SIMD4<Double>>, offset: Int,
                              slabOrder: (order: UnsafeBufferPointer<Int32>, starts: UnsafeBufferPointer<Int>)?) {
                    input.positions.withUnsafeBufferPointer { x in
                    input.velocities.withUnsafeBufferPointer { v in
                    input.deformation.withUnsafeBufferPointer { f in
                    nextAffine.withUnsafeBufferPointer { cNew in
                    input.masses.withUnsafeBufferPointer { masses in
                    input.volumes.withUnsafeBufferPointer { volumes in
                    work.grid.withUnsafeBufferPointer { velocities in
                    work.affineTerms.withUnsafeBufferPointer { affineTerms in
                    xBar.withUnsafeMutableBufferPointer { xb in
                    vBar.withUnsafeMutableBufferPointer { vb in
                    cBar.withUnsafeMutableBufferPointer { cb in
                    fBar.withUnsafeMutableBufferPointer { fb in
                    input.materialIndices.withUnsafeBufferPointer { index in
                    lameBarPerParticle.withUnsafeMutableBufferPointer { lb in
                        let lb = lb
                        // τ = τ(F; μ, λ): its pullback adds to F̄ and to each material's (μ̄, λ̄).
                        adjoint.pullback(positions: x, velocities: v, deformation: f, newAffine: cNew, masses: masses, volumes: volumes,
                                         grid: .init(momenta: momenta, momentaOffset: offset, velocities: velocities, affineTerms: affineTerms,
                                                     activePlanes: planes, slabOrder: slabOrder),
                                         bar: .init(positions: xb, velocities: vb, affine: cb, deformation: fb)) { p, tauBar in
                            let m = index[p]
                            let (fBarStress, muBar, lambdaBar) = ElasticStress.pullback(law: laws[m].law, deformation: f[p], cotangent: tauBar,
                                                                                        mu: lame[m].mu, lambda: lame[m].lambda, dimension: d)
                            lb[p] = SIMD2(muBar, lambdaBar)
                            return fBarStress
                        }
                    } } } } } } } } } } } } } }
                }
                if keepsRecords {
                    let r = records[step - begin]
                    r.nodes.withUnsafeBufferPointer { m in
                    r.order.withUnsafeBufferPointer { order in
                    r.slabStarts.withUnsafeBufferPointer { starts in
                        pullback(momenta: m, offset: planes.lowerBound * planeSize, slabOrder: (order, starts))
                    } } }
                } else {
                    momenta.withUnsafeBufferPointer { m in pullback(momenta: m, offset: 0, slabOrder: nil) }
                }
                // Summed in particle order: the same result for every thread count.
                for p in 0..<n { lameBar[input.materialIndices[p]] += lameBarPerParticle[p] }
            }
        }

        // (μ̄, λ̄) → (Ē, ν̄) through μ(E, ν) and λ(E, ν), as `ParametricElasticity.stress` builds them.
        var parameterGradients = [[Tensor]]()
        for (m, law) in laws.enumerated() {
            let e = Variable(law.youngsModulus.value, requiresGradient: true), nu = Variable(law.poissonsRatio.value, requiresGradient: true)
            let mu = e / ((nu + 1) * 2)
            let lambda = e * nu / ((nu + 1) * (1 - nu * 2))
            let pairing = (mu * lameBar[m].x + lambda * lameBar[m].y).sum()
            parameterGradients.append(gradients(of: pairing, wrt: [e, nu]).map(\.value))
        }
        func vectors(_ a: [SIMD3<Double>]) -> Tensor { Tensor(shape: [n, 3]) { out in for p in 0..<n { out.writeVector(a[p], at: p) } } }
        func matrices(_ a: [Matrix3]) -> Tensor { Tensor(shape: [n, 9]) { out in for p in 0..<n { out.writeMatrix(a[p], at: p) } } }
        return RolloutGradient(loss: loss, parameterGradients: parameterGradients,
                               initialGradients: [vectors(xBar), vectors(vBar), matrices(cBar), matrices(fBar)])
    }
}
