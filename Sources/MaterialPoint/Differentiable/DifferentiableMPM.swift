import Autodiff

/// The MLS-MPM step of `MPMSimulator` on autodiff variables, with materials given as
/// `DifferentiableMaterial`s: gradients flow to the initial state and to every material parameter
/// (network weights, moduli).
///
/// A step is τ = material.stress(F) → the transfer primitive (P2G, grid, G2P, with a hand-written
/// adjoint) → F = material.returnMap(F_trial). Long rollouts are differentiated with checkpointing
/// (`positionLossAndGradient`), so memory grows with the number of steps over K, not with the steps.
public struct DifferentiableMPM {
    /// Grid, time step, gravity and walls (its analytic `materials` are not used).
    public let simulator: MPMSimulator
    /// The laws; particle p uses `materials[materialIndices[p]]`.
    public var materials: [any DifferentiableMaterial]
    /// Particle masses.
    public let masses: [Double]
    /// Particle volumes.
    public let volumes: [Double]
    /// Rows of each material.
    let groups: [[Int]]
    let workspace: MPMWorkspace
    /// The particles (masses, volumes, materials) for the fast simulator.
    let template: ParticleState
    /// When every material is a `ParametricElasticity`, `positionLossAndGradient` differentiates with
    /// the fused adjoint (no graph; about three forward passes in all). Set to false to differentiate
    /// through the recorded graph instead, e.g. to cross-check.
    public var usesFusedAdjoint = true
    /// The fused adjoint's stored states and grids, reused between calls (like `workspace`, this
    /// makes a value and its copies unsuitable for concurrent use from several threads).
    let fusedScratch = FusedAdjointScratch()

    /// Prepares rollouts of `particles` (whose masses, volumes and material indices are used).
    public init(simulator: MPMSimulator, materials: [any DifferentiableMaterial], particles: ParticleState) throws {
        try simulator.validate(particles)
        guard !materials.isEmpty, particles.materialIndices.allSatisfy({ $0 < materials.count }) else {
            throw MaterialPointError.invalidSetting("a particle refers to a material that was not given (\(materials.count) materials)")
        }
        self.simulator = simulator
        self.materials = materials
        masses = particles.masses
        volumes = particles.volumes
        groups = (0..<materials.count).map { m in particles.materialIndices.indices.filter { particles.materialIndices[$0] == m } }
        workspace = MPMWorkspace(simulator: simulator)
        template = particles
    }

    /// The fast simulator with the materials' current values, when every material has an analytic form.
    var frozenSimulator: MPMSimulator? {
        let models = materials.compactMap(\.frozenModel)
        guard models.count == materials.count else { return nil }
        var sim = simulator
        sim.materials = models
        return sim
    }

    /// The particle count.
    public var count: Int { masses.count }

    /// Applies each material to its rows of `f` and assembles the `[N, 9]` result.
    private func perMaterial(_ f: Variable, _ g: Variable?, _ body: (any DifferentiableMaterial, Variable, Variable?) -> Variable) -> Variable {
        if materials.count == 1 { return body(materials[0], f, g) }
        var total: Variable?
        for (m, rows) in groups.enumerated() where !rows.isEmpty {
            let part = body(materials[m], f.gather(rows: rows), g?.gather(rows: rows)).scatterAdd(rows: rows, rowCount: count)
            total = total.map { $0 + part } ?? part
        }
        return total!
    }

    /// One step.
    public func step(_ s: ParticleVariables) -> ParticleVariables {
        let d = simulator.dimension
        let tau = perMaterial(s.deformation, nil) { m, f, _ in m.stress(f, dimension: d) }
        let transfer = TransferOperation(simulator: simulator, masses: masses, volumes: volumes, workspace: workspace)
        let packed = Variable.apply(transfer, to: [s.positions, s.velocities, s.affine, s.deformation, tau])
        func columns(_ r: Range<Int>) -> Variable { Variable.apply(ColumnSlice(columns: r, width: 24), to: [packed]) }
        let trial = columns(15..<24)
        let f = perMaterial(trial, s.deformation) { m, t, previous in m.returnMap(trial: t, previous: previous!, dimension: d) }
        return ParticleVariables(positions: columns(0..<3), velocities: columns(3..<6), affine: columns(6..<15), deformation: f)
    }

    /// The materials with their parameters detached: rollouts with them record nothing.
    public var constantMaterials: [any DifferentiableMaterial] {
        materials.map { m in
            var copy = m
            copy.parameters = m.parameters.map(\.detached)
            return copy
        }
    }

    /// Runs `steps` steps without recording a graph; `observe(step, state)` after each. Stops with
    /// `.diverged` if positions become non-finite.
    public func rollout(_ initial: ParticleVariables, steps: Int, observe: (Int, ParticleVariables) throws -> Void = { _, _ in }) throws -> ParticleVariables {
        var frozen = self
        frozen.materials = constantMaterials
        var s = initial.detached
        for k in stride(from: 1, through: steps, by: 1) {
            s = frozen.step(s)
            guard s.positions.value.scalars.allSatisfy(\.isFinite) else { throw MaterialPointError.diverged(step: k) }
            try observe(k, s)
        }
        return s
    }
}

/// The loss and gradients of a differentiable rollout.
public struct RolloutGradient {
    /// The mean squared position error over the frames.
    public var loss: Double
    /// Gradients of the loss for each material's parameters, in the order of `parameters`.
    public var parameterGradients: [[Tensor]]
    /// Gradients for the initial positions, velocities, C and F.
    public var initialGradients: [Tensor]
}

extension DifferentiableMPM {
    /// Rolls out `targets.count` steps from `initial` and differentiates
    /// L = 1/(S N d) Σ_steps Σ_particles ‖x_p − x̂_p‖² (the first d coordinates; `targets[k]` are
    /// the `[N, 3]` positions after step k + 1) with respect to the material parameters and the
    /// initial state.
    ///
    /// Checkpointing: the forward pass keeps the state every `checkpointEvery` steps and records
    /// nothing; the backward pass re-runs each stretch with a graph, last stretch first, and carries
    /// the state's adjoint from one stretch to the previous one. The last stretch is only run once,
    /// with the graph, so with `checkpointEvery >= targets.count` nothing is recomputed (and the
    /// memory grows with the steps). Materials that are all `ParametricElasticity` take the fused
    /// adjoint instead (`usesFusedAdjoint`), with the same checkpointing.
    public func positionLossAndGradient(from initial: ParticleVariables, targets: [Tensor], checkpointEvery: Int = 25) throws -> RolloutGradient {
        let steps = targets.count, k = max(1, checkpointEvery), d = simulator.dimension
        guard steps >= 1 else { throw MaterialPointError.invalidSetting("a rollout needs at least one target frame") }
        if usesFusedAdjoint, let laws = parametricLaws {
            return try fusedPositionLossAndGradient(from: initial, targets: targets, checkpointEvery: checkpointEvery, laws: laws)
        }
        let mask = Tensor(shape: [count, 3]) { out in for p in 0..<count { out[3 * p] = 1; out[3 * p + 1] = 1; out[3 * p + 2] = d == 3 ? 1 : 0 } }
        let scale = 1 / Double(steps * count * d)
        func frameLoss(_ x: Variable, _ k: Int) -> Variable { ((x - Variable(targets[k])) * Variable(mask)).squared().sum() * scale }

        // Forward up to the start of the last stretch: checkpoints, no graph.
        let lastStart = (steps - 1) / k * k
        var checkpoints = [initial.detached]
        var frozen = self
        frozen.materials = constantMaterials
        var loss = 0.0
        if lastStart == 0 {
            // One stretch: the recorded pass below is the whole forward.
        } else if let fast = frozenSimulator {
            var state = template
            initial.write(into: &state)
            let work = MPMWorkspace(simulator: fast)
            for step in 1...lastStart {
                fast.step(&state, workspace: work)
                let target = targets[step - 1].scalars
                var sum = 0.0
                for p in 0..<count {
                    let e = state.positions[p] - SIMD3(target[3 * p], target[3 * p + 1], target[3 * p + 2])
                    sum += e.x * e.x + e.y * e.y + (d == 3 ? e.z * e.z : 0)
                }
                guard sum.isFinite else { throw MaterialPointError.diverged(step: step) }
                loss += sum * scale
                if step % k == 0 { checkpoints.append(ParticleVariables(state)) }
            }
        } else {
            var s = initial.detached
            for step in 1...lastStart {
                s = frozen.step(s)
                guard s.positions.value.scalars.allSatisfy(\.isFinite) else { throw MaterialPointError.diverged(step: step) }
                loss += frameLoss(s.positions, step - 1).value.scalars[0]
                if step % k == 0 { checkpoints.append(s) }
            }
        }

        // Backward, stretch by stretch.
        let parameters = materials.map(\.parameters)
        var parameterGradients = parameters.map { $0.map { Tensor.zeros($0.shape) } }
        var adjoint: [Tensor]? = nil
        for c in stride(from: checkpoints.count - 1, through: 0, by: -1) {
            let start = checkpoints[c]
            let leaves = start.all.map { Variable($0.value, requiresGradient: true) }
            var state = ParticleVariables(positions: leaves[0], velocities: leaves[1], affine: leaves[2], deformation: leaves[3])
            var objective: Variable?
            for step in (c * k + 1)...min((c + 1) * k, steps) {
                state = self.step(state)
                let term = frameLoss(state.positions, step - 1)
                objective = objective.map { $0 + term } ?? term
            }
            if let adjoint {
                for (v, a) in zip(state.all, adjoint) { objective = objective! + (v * Variable(a)).sum() }
            } else {
                // The last stretch: its frame losses complete the forward's.
                let tail = objective!.value.scalars[0]
                guard tail.isFinite else { throw MaterialPointError.diverged(step: steps) }
                loss += tail
            }
            let flat = parameters.flatMap { $0 }
            let grads = gradients(of: objective!, wrt: leaves + flat).map(\.value)
            adjoint = Array(grads[0..<4])
            var offset = 4
            for m in parameters.indices {
                for j in parameters[m].indices { parameterGradients[m][j] = parameterGradients[m][j] + grads[offset + j] }
                offset += parameters[m].count
            }
        }
        return RolloutGradient(loss: loss, parameterGradients: parameterGradients, initialGradients: adjoint!)
    }
}
