import Autodiff
import NeuralNetworks
import XCTest
import MaterialPoint

/// Central-difference check of ∇f along a random direction of each input.
func checkDirectionalDerivative(_ inputs: [Tensor], tolerance: Double = 1e-6, step: Double = 1e-6, steps: [Double]? = nil, seed: UInt64 = 11,
                                file: StaticString = #filePath, line: UInt = #line, _ f: ([Variable]) -> Variable) {
    let (_, grads) = valueAndGradients(at: inputs, of: f)
    for (k, x) in inputs.enumerated() {
        let direction = RandomKey(seed: seed + UInt64(k)).uniform(x.shape, low: -1, high: 1)
        func value(_ s: Double) -> Double {
            var shifted = inputs
            shifted[k] = Tensor(shape: x.shape, scalars: zip(x.scalars, direction.scalars).map { $0 + s * $1 })
            return f(shifted.map { Variable($0) }).value.scalars[0]
        }
        let h = steps?[k] ?? step
        let numeric = (value(h) - value(-h)) / (2 * h)
        let analytic = zip(grads[k].scalars, direction.scalars).reduce(0) { $0 + $1.0 * $1.1 }
        XCTAssertEqual(analytic, numeric, accuracy: tolerance * max(1, abs(numeric)), "input \(k)", file: file, line: line)
    }
}

final class DifferentiableTests: XCTestCase {
    func randomMatrices(_ n: Int, scale: Double, dimension: Int, seed: UInt64) -> Tensor {
        var source = MatrixSource(seed: seed)
        return Tensor(shape: [n, 9], scalars: (0..<n).flatMap { _ in source.deformation(scale: scale, dimension: dimension).entries })
    }

    func weights(_ shape: [Int], seed: UInt64) -> Tensor { RandomKey(seed: seed).uniform(shape, low: -1, high: 1) }

    /// Multiplies `[N, 9]` rows (or `[N, 3]` vectors) by the 2D mask, so that perturbations outside
    /// the 2D block have no effect.
    func planar(_ v: Variable, _ d: Int) -> Variable {
        guard d == 2 else { return v }
        let width = v.shape[1]
        let mask = Tensor(shape: v.shape, scalars: (0..<v.value.count).map { i in
            width == 9 ? ([2, 5, 6, 7, 8].contains(i % 9) ? 0 : 1) : (i % 3 == 2 ? 0 : 1)
        })
        return v * Variable(mask)
    }

    func testMatrixPrimitivePullbacks() {
        for d in [2, 3] {
            let f = randomMatrices(6, scale: 0.3, dimension: d, seed: 20)
            let fixed = Variable(f)
            func planarRows(_ v: Variable) -> Variable { planar(v - fixed, d) + fixed }
            let features = InvariantFeatures(dimension: d)
            checkDirectionalDerivative([f]) { v in (Variable.apply(features, to: [planarRows(v[0])]) * Variable(weights([6, features.width], seed: 1))).sum() }
            let y = weights([6, d * d], seed: 2), g = Variable(weights([6, 9], seed: 3))
            checkDirectionalDerivative([f, y]) { v in (Variable.apply(ElasticAssembly(dimension: d), to: [planarRows(v[0]), v[1]]) * g).sum() }
            checkDirectionalDerivative([f, y]) { v in (Variable.apply(PlasticCorrection(dimension: d, alpha: 0.1), to: [planarRows(v[0]), v[1]]) * g).sum() }
            let invariants = IsotropicInvariants(dimension: d)
            checkDirectionalDerivative([f]) { v in (Variable.apply(invariants, to: [planarRows(v[0])]) * Variable(weights([6, invariants.width], seed: 4))).sum() }
            checkDirectionalDerivative([f, weights([6, invariants.width], seed: 5)]) { v in
                (Variable.apply(IsotropicStressAssembly(dimension: d), to: [planarRows(v[0]), v[1]]) * g).sum()
            }
            for law in [ParametricElasticity.Law.neoHookean, .fixedCorotated] {
                checkDirectionalDerivative([f, Tensor([3.0]), Tensor([5.0])]) { v in (Variable.apply(ElasticStress(law: law, dimension: d), to: [planarRows(v[0]), v[1], v[2]]) * g).sum() }
            }
            let fluid = AnalyticMaterial(HenckyVonMises(youngsModulus: 10, poissonsRatio: 0.3, yieldStress: 1e3))
            checkDirectionalDerivative([f], tolerance: 1e-5) { v in (fluid.stress(planarRows(v[0]), dimension: d) * g).sum() }
        }
    }

    func smallScene(dimension: Int) throws -> (MPMSimulator, ParticleState) {
        let sim = try MPMSimulator(dimension: dimension, resolution: 16, timeStep: 2e-3, materials: [NeoHookean(youngsModulus: 200, poissonsRatio: 0.3)])
        let state = ParticleSampling.box(dimension: dimension, lower: SIMD3(0.3, 0.25, 0.35), upper: SIMD3(0.55, 0.45, 0.55),
                                         counts: SIMD3(6, 5, dimension == 3 ? 4 : 1), density: 1,
                                         velocity: { x in SIMD3(1 + x.y, -2, dimension == 3 ? 0.5 : 0) })
        return (sim, state)
    }

    /// The transfer primitive's adjoint against central differences, with stress, walls in reach and APIC.
    func testTransferPullback() throws {
        for d in [2, 3] {
            let (sim, state) = try smallScene(dimension: d)
            let op = TransferOperation(simulator: sim, masses: state.masses, volumes: state.volumes, workspace: MPMWorkspace(simulator: sim))
            let s = ParticleVariables(state)
            let n = state.count
            let c = Tensor(shape: [n, 9], scalars: randomMatrices(n, scale: 3, dimension: d, seed: 30).scalars.enumerated().map { $0.offset % 4 == 0 ? 0 : $0.element - ($0.offset % 9 % 4 == 0 ? 1 : 0) })
            let tau = randomMatrices(n, scale: 50, dimension: d, seed: 31)
            let g = Variable(weights([n, 24], seed: 4))
            checkDirectionalDerivative([s.positions.value, s.velocities.value, c.restrictedRows(d), randomMatrices(n, scale: 0.2, dimension: d, seed: 32), tau.restrictedRows(d)],
                                       tolerance: 1e-7, steps: [1e-6, 1e-4, 1e-4, 1e-4, 1e-4]) { v in
                let inputs = v.enumerated().map { k, x in k == 3 ? planar(x - Variable(Tensor.identityRows(n)), d) + Variable(Tensor.identityRows(n)) : planar(x, d) }
                return (Variable.apply(op, to: inputs) * g).sum()
            }
        }
    }

    /// The differentiable step reproduces the fast simulator.
    func testDifferentiableStepMatchesTheFastSimulator() throws {
        for d in [2, 3] {
            let (sim, state) = try smallScene(dimension: d)
            var fast = state
            try sim.run(&fast, steps: 40)
            let model = try DifferentiableMPM(simulator: sim, materials: [AnalyticMaterial(sim.materials[0])], particles: state)
            let end = try model.rollout(ParticleVariables(state), steps: 40)
            var slow = state
            end.write(into: &slow)
            XCTAssertLessThan(zip(fast.positions, slow.positions).map { simd_length($0 - $1) }.max()!, 1e-13)
            XCTAssertLessThan(zip(fast.deformation, slow.deformation).map { ($0 - $1).maxAbs }.max()!, 1e-12)
        }
    }

    /// Rollout gradients (with checkpointing) for Young's modulus, the initial velocities and a
    /// constitutive network's weights, against central differences of the whole rollout.
    func testRolloutGradientsMatchFiniteDifferences() throws {
        for d in [2, 3] {
            let (sim, state) = try smallScene(dimension: d)
            // Targets: the trajectory of a stiffer material.
            var truth = state
            var targets = [Tensor]()
            var stiffer = sim
            stiffer.materials = [NeoHookean(youngsModulus: 300, poissonsRatio: 0.3)]
            try stiffer.run(&truth, steps: 30) { _, s in targets.append(ParticleVariables(s).positions.value) }

            let law = ParametricElasticity(.neoHookean, youngsModulus: 200, poissonsRatio: 0.3)
            let model = try DifferentiableMPM(simulator: sim, materials: [law], particles: state)
            let start = ParticleVariables(state)
            let result = try model.positionLossAndGradient(from: start, targets: targets, checkpointEvery: 7)
            let whole = try model.positionLossAndGradient(from: start, targets: targets, checkpointEvery: 1000)
            XCTAssertEqual(result.loss, whole.loss, accuracy: 1e-15 * max(1, result.loss))
            XCTAssertEqual(result.parameterGradients[0][0].scalars[0], whole.parameterGradients[0][0].scalars[0], accuracy: 1e-12 * abs(whole.parameterGradients[0][0].scalars[0]))

            func loss(_ e: Double, _ velocityShift: Tensor? = nil) throws -> Double {
                var m = model
                m.materials = [ParametricElasticity(.neoHookean, youngsModulus: e, poissonsRatio: 0.3)]
                var s = start
                if let velocityShift { s.velocities = Variable(Tensor(shape: s.velocities.shape, scalars: zip(s.velocities.value.scalars, velocityShift.scalars).map(+))) }
                return try m.positionLossAndGradient(from: s, targets: targets, checkpointEvery: 1000).loss
            }
            let h = 1e-3
            let dE = (try loss(200 + h) - loss(200 - h)) / (2 * h)
            XCTAssertEqual(result.parameterGradients[0][0].scalars[0], dE, accuracy: 1e-6 * abs(dE))
            XCTAssertGreaterThan(abs(dE), 0)

            var direction = RandomKey(seed: 5).uniform([state.count, 3], low: -1, high: 1)
            if d == 2 { direction = Tensor(shape: direction.shape, scalars: direction.scalars.enumerated().map { $0.offset % 3 == 2 ? 0 : $0.element }) }
            let hv = 1e-6
            let dv = (try loss(200, direction.scaled(hv)) - loss(200, direction.scaled(-hv))) / (2 * hv)
            let analytic = zip(result.initialGradients[1].scalars, direction.scalars).reduce(0) { $0 + $1.0 * $1.1 }
            XCTAssertEqual(analytic, dv, accuracy: 1e-5 * abs(dv))
        }
    }

    /// The fused adjoint (no graph) gives the recorded graph's loss and every gradient — both moduli of
    /// each material and the four initial-state cotangents — in 2-D and 3-D, for both laws, with two
    /// materials, with and without checkpointing.
    func testFusedAdjointMatchesTheRecordedGraph() throws {
        for d in [2, 3] {
            var (sim, state) = try smallScene(dimension: d)
            for p in state.materialIndices.indices where p % 3 == 0 { state.materialIndices[p] = 1 }
            sim.materials = [NeoHookean(youngsModulus: 200, poissonsRatio: 0.3), FixedCorotated(youngsModulus: 260, poissonsRatio: 0.25)]
            var truth = state
            var targets = [Tensor]()
            try sim.run(&truth, steps: 20) { _, s in targets.append(ParticleVariables(s).positions.value) }
            let laws = [ParametricElasticity(.neoHookean, youngsModulus: 230, poissonsRatio: 0.28),
                        ParametricElasticity(.fixedCorotated, youngsModulus: 240, poissonsRatio: 0.22)]
            let fused = try DifferentiableMPM(simulator: sim, materials: laws, particles: state)
            var recorded = fused
            recorded.usesFusedAdjoint = false
            for every in [1, 6, 1000] {
                let a = try fused.positionLossAndGradient(from: ParticleVariables(state), targets: targets, checkpointEvery: every)
                let b = try recorded.positionLossAndGradient(from: ParticleVariables(state), targets: targets, checkpointEvery: every)
                XCTAssertGreaterThan(b.loss, 0)
                XCTAssertEqual(a.loss, b.loss, accuracy: 1e-13 * b.loss)
                for m in 0..<2 {
                    for j in 0..<2 {
                        let x = a.parameterGradients[m][j].scalars[0], y = b.parameterGradients[m][j].scalars[0]
                        XCTAssertNotEqual(y, 0)
                        XCTAssertEqual(x, y, accuracy: 1e-9 * abs(y), "dimension \(d), material \(m), parameter \(j)")
                    }
                }
                for (x, y) in zip(a.initialGradients, b.initialGradients) {
                    XCTAssertEqual(x.shape, y.shape)
                    let scale = y.scalars.map(abs).max()!
                    XCTAssertGreaterThan(scale, 0)
                    XCTAssertLessThan(zip(x.scalars, y.scalars).map { abs($0 - $1) }.max()!, 1e-9 * scale, "dimension \(d)")
                }
            }
        }
    }

    func testNetworkWeightGradientsThroughARollout() throws {
        for (priors, form) in [(true, NeuralConstitutiveLaw.ElasticForm.stress), (false, .stress), (true, .energy)] {
            let (sim, state) = try smallScene(dimension: 2)
            var truth = state
            var targets = [Tensor]()
            try sim.run(&truth, steps: 12) { _, s in targets.append(ParticleVariables(s).positions.value) }
            var law = NeuralConstitutiveLaw(dimension: 2, priors: priors, plasticity: true, hidden: [8, 8], stressScale: 20,
                                            elasticForm: form, key: RandomKey(seed: 9))
            law.plasticScale = 0.1
            let model = try DifferentiableMPM(simulator: sim, materials: [law], particles: state)
            let result = try model.positionLossAndGradient(from: ParticleVariables(state), targets: targets, checkpointEvery: 5)
            let params = law.parameters.map(\.value)
            for index in [0, 1, params.count - 1] {
                let direction = RandomKey(seed: UInt64(40 + index)).uniform(params[index].shape, low: -1, high: 1)
                func loss(_ s: Double) throws -> Double {
                    var shifted = law
                    var p = params
                    p[index] = Tensor(shape: p[index].shape, scalars: zip(p[index].scalars, direction.scalars).map { $0 + s * $1 })
                    shifted.parameters = p.map { Variable.parameter($0) }
                    var m = model
                    m.materials = [shifted]
                    return try m.positionLossAndGradient(from: ParticleVariables(state), targets: targets, checkpointEvery: 1000).loss
                }
                let h = 1e-6
                let numeric = (try loss(h) - loss(-h)) / (2 * h)
                let analytic = zip(result.parameterGradients[0][index].scalars, direction.scalars).reduce(0) { $0 + $1.0 * $1.1 }
                XCTAssertEqual(analytic, numeric, accuracy: 1e-5 * max(abs(numeric), 1e-12), "priors \(priors) \(form) parameter \(index)")
            }
        }
    }
}

extension Tensor {
    static func identityRows(_ n: Int) -> Tensor { Tensor(shape: [n, 9], scalars: (0..<(9 * n)).map { [0, 4, 8].contains($0 % 9) ? 1 : 0 }) }
    func scaled(_ s: Double) -> Tensor { Tensor(shape: shape, scalars: scalars.map { $0 * s }) }
    /// Zeroes the third row and column of every [.., 9] row in 2D.
    func restrictedRows(_ d: Int) -> Tensor {
        guard d == 2 else { return self }
        return Tensor(shape: shape, scalars: scalars.enumerated().map { [2, 5, 6, 7, 8].contains($0.offset % 9) ? 0 : $0.element })
    }
}
