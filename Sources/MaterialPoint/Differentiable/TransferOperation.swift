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
        if keep { cache.momenta = workspace.grid; cache.activePlanes = workspace.activeNodes }
        simulator.updateGrid(workspace: workspace)
        if keep { cache.velocities = workspace.grid }
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
        let n = masses.count
        let state = prepare(inputs.map(\.value))
        defer { workspace.transferParticles = state }
        // The forward grid: momenta and masses, then velocities (after gravity and walls).
        let momenta: [SIMD4<Double>], velocities: [SIMD4<Double>], planes: Range<Int>
        if let m = cache.momenta, let v = cache.velocities {
            (momenta, velocities, planes) = (m, v, cache.activePlanes)
        } else {
            simulator.scatterToGrid(state, workspace: workspace)
            momenta = workspace.grid
            simulator.updateGrid(workspace: workspace)
            velocities = workspace.grid
            planes = workspace.activeNodes
        }
        // Unpack the cotangent rows (x′, v′, C′, F_trial) and C′ itself.
        var xBar = [SIMD3<Double>](repeating: .zero, count: n), vBar = xBar
        var cBar = [Matrix3](repeating: .zero, count: n), fBar = cBar, tauBar = cBar, cNew = cBar
        let g = cotangent.value.scalars, out = output.value.scalars
        for p in 0..<n {
            let o = 24 * p
            xBar[p] = SIMD3(g[o], g[o + 1], g[o + 2])
            vBar[p] = SIMD3(g[o + 3], g[o + 4], g[o + 5])
            cBar[p] = g.matrix(startingAt: o + 6)
            fBar[p] = g.matrix(startingAt: o + 15)
            cNew[p] = out.matrix(startingAt: o + 6)
        }
        let adjoint = TransferAdjoint(simulator: simulator, workspace: workspace)
        state.positions.withUnsafeBufferPointer { x in
        state.velocities.withUnsafeBufferPointer { v in
        state.deformation.withUnsafeBufferPointer { f in
        cNew.withUnsafeBufferPointer { cNew in
        masses.withUnsafeBufferPointer { masses in
        volumes.withUnsafeBufferPointer { volumes in
        momenta.withUnsafeBufferPointer { momenta in
        velocities.withUnsafeBufferPointer { velocities in
        workspace.affineTerms.withUnsafeBufferPointer { affineTerms in
        xBar.withUnsafeMutableBufferPointer { xBar in
        vBar.withUnsafeMutableBufferPointer { vBar in
        cBar.withUnsafeMutableBufferPointer { cBar in
        fBar.withUnsafeMutableBufferPointer { fBar in
        tauBar.withUnsafeMutableBufferPointer { tauBar in
            adjoint.pullback(positions: x, velocities: v, deformation: f, newAffine: cNew, masses: masses, volumes: volumes,
                             grid: .init(momenta: momenta, velocities: velocities, affineTerms: affineTerms, activePlanes: planes),
                             bar: .init(positions: xBar, velocities: vBar, affine: cBar, deformation: fBar)) { p, bar in
                tauBar[p] = bar
                return .zero
            }
        } } } } } } } } } } } } } }
        func vectors(_ a: [SIMD3<Double>]) -> Variable {
            Variable(Tensor(shape: [n, 3]) { out in for p in 0..<n { out.writeVector(a[p], at: p) } })
        }
        func matrices(_ a: [Matrix3]) -> Variable {
            Variable(Tensor(shape: [n, 9]) { out in for p in 0..<n { out.writeMatrix(a[p], at: p) } })
        }
        return [vectors(xBar), vectors(vBar), matrices(cBar), matrices(fBar), matrices(tauBar)]
    }
}

/// The grid of one transfer's forward pass, kept for its pullback.
final class TransferCache: @unchecked Sendable {
    var momenta: [SIMD4<Double>]?
    var velocities: [SIMD4<Double>]?
    var activePlanes: Range<Int> = 0..<0
}
