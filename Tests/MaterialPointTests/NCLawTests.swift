import Autodiff
import NeuralNetworks
import XCTest
import MaterialPoint

final class NCLawTests: XCTestCase {
    func rows(_ ms: [Matrix3]) -> Variable { Variable(Tensor(shape: [ms.count, 9], scalars: ms.flatMap(\.entries))) }
    func matrices(_ v: Variable) -> [Matrix3] { (0..<v.shape[0]).map { v.value.scalars.matrix(at: $0) } }

    /// Elastic(QF) = Q Elastic(F) Qᵀ and Plastic(QF) = Q Plastic(F) for random rotations, to 1e-12.
    func testNetworksAreRotationEquivariant() {
        for d in [2, 3] {
            let law = NeuralConstitutiveLaw(dimension: d, key: RandomKey(seed: 1))
            var source = MatrixSource(seed: 8)
            let fs = (0..<20).map { _ in source.deformation(scale: 0.3, dimension: d) }
            let qs = (0..<20).map { _ in source.rotation(dimension: d) }
            let tau = matrices(law.stress(rows(fs), dimension: d))
            let tauRotated = matrices(law.stress(rows(zip(qs, fs).map { $0 * $1 }), dimension: d))
            let plastic = matrices(law.returnMap(trial: rows(fs), previous: rows(fs), dimension: d))
            let plasticRotated = matrices(law.returnMap(trial: rows(zip(qs, fs).map { $0 * $1 }), previous: rows(fs), dimension: d))
            for p in 0..<20 {
                let scale = max(1, tau[p].maxAbs)
                XCTAssertLessThan((tauRotated[p] - qs[p] * tau[p] * qs[p].transposed).maxAbs / scale, 1e-12, "d=\(d)")
                XCTAssertLessThan((plasticRotated[p] - qs[p] * plastic[p]).maxAbs, 1e-12, "d=\(d)")
            }
            XCTAssertGreaterThan(tau.map(\.maxAbs).max()!, 1e-3, "the untrained network still gives stress")
        }
    }

    func testUndeformedStateIsExact() {
        for d in [2, 3] {
            let law = NeuralConstitutiveLaw(dimension: d, key: RandomKey(seed: 2))
            let identity = rows([.identity, .identity])
            XCTAssertEqual(matrices(law.stress(identity, dimension: d)), [.zero, .zero])
            XCTAssertEqual(matrices(law.returnMap(trial: identity, previous: identity, dimension: d)), [.identity, .identity])
            // The baseline has no such guarantee.
            let baseline = NeuralConstitutiveLaw(dimension: d, priors: false, key: RandomKey(seed: 2))
            var biased = baseline
            biased.parameters = baseline.parameters.map { p in Variable.parameter(Tensor(shape: p.shape, scalars: p.value.scalars.map { $0 + 0.1 })) }
            XCTAssertGreaterThan(matrices(biased.stress(identity, dimension: d))[0].maxAbs, 0)
        }
    }

    /// `plasticOutputScale` scales only the plastic network's output layer.
    func testPlasticOutputScaleScalesOnlyThePlasticOutputLayer() {
        let a = NeuralConstitutiveLaw(dimension: 3, outputScale: 0.01, key: RandomKey(seed: 8))
        let b = NeuralConstitutiveLaw(dimension: 3, outputScale: 0.01, plasticOutputScale: 1, key: RandomKey(seed: 8))
        XCTAssertEqual(a.elastic.parameters.map(\.value), b.elastic.parameters.map(\.value))
        let pa = a.plastic!.weights.map(\.value), pb = b.plastic!.weights.map(\.value)
        XCTAssertEqual(Array(pa.dropLast()), Array(pb.dropLast()))
        for (x, y) in zip(pa.last!.scalars, pb.last!.scalars) { XCTAssertEqual(y, 100 * x, accuracy: 1e-12 * abs(y)) }
    }

    /// A factorised law computes the same stress and return map, keeps the priors exactly, and its
    /// stress gradient with respect to the log-scales matches central differences.
    func testWeightFactorizationKeepsTheLawAndThePriors() {
        let plain = NeuralConstitutiveLaw(dimension: 3, outputScale: 0.5, key: RandomKey(seed: 9))
        let factorized = NeuralConstitutiveLaw(dimension: 3, outputScale: 0.5, weightFactorization: true, key: RandomKey(seed: 9))
        XCTAssertEqual(factorized.parameters.count, plain.parameters.count + 6, "one log-scale vector per layer of each network")
        var source = MatrixSource(seed: 3)
        let fs = rows((0..<12).map { _ in source.deformation(scale: 0.3, dimension: 3) })
        XCTAssertLessThan((plain.stress(fs, dimension: 3).value - factorized.stress(fs, dimension: 3).value).maxAbs(), 1e-12)
        XCTAssertLessThan((plain.returnMap(trial: fs, previous: fs, dimension: 3).value
                           - factorized.returnMap(trial: fs, previous: fs, dimension: 3).value).maxAbs(), 1e-14)
        let identity = rows([.identity])
        XCTAssertEqual(matrices(factorized.stress(identity, dimension: 3)), [.zero])
        XCTAssertEqual(matrices(factorized.returnMap(trial: identity, previous: identity, dimension: 3)), [.identity])

        func loss(_ law: NeuralConstitutiveLaw) -> Variable {
            law.stress(fs, dimension: 3).squared().mean() + ((law.returnMap(trial: fs, previous: fs, dimension: 3) - fs) * 1e3).squared().mean()
        }
        let scales = factorized.elastic.logScales + factorized.plastic!.logScales
        let analytic = gradients(of: loss(factorized), wrt: scales)
        for (k, s) in scales.enumerated() {
            for j in [0, s.value.count - 1] {
                func shifted(_ h: Double) -> Double {
                    var law = factorized
                    var scalars = s.value.scalars
                    scalars[j] += h
                    let moved = Variable.parameter(Tensor(shape: s.shape, scalars: scalars))
                    if k < 3 { law.elastic.logScales[k] = moved } else { law.plastic!.logScales[k - 3] = moved }
                    return loss(law).value.scalar
                }
                let numeric = (shifted(1e-6) - shifted(-1e-6)) / 2e-6
                XCTAssertEqual(analytic[k].value.scalars[j], numeric, accuracy: 1e-6 * max(1, abs(numeric)), "log-scale \(k), entry \(j)")
            }
        }
    }

    /// The stored-energy elastic network: rotation equivariant, stress-free at rest, its stress the
    /// derivative of its energy (P = ∂ψ/∂F against central differences of ψ), and its acoustic
    /// tensor symmetric.
    func testEnergyElasticNetworkIsHyperelastic() {
        for d in [2, 3] {
            let law = NeuralConstitutiveLaw(dimension: d, plasticity: false, hidden: [16, 16], stressScale: 7, outputScale: 1,
                                            elasticForm: .energy, key: RandomKey(seed: 21))
            XCTAssertEqual(law.elastic.weights.last!.shape, [16, 1], "one output: the energy")
            var source = MatrixSource(seed: 5)
            let fs = (0..<12).map { _ in source.deformation(scale: 0.3, dimension: d) }
            let qs = (0..<12).map { _ in source.rotation(dimension: d) }
            let tau = matrices(law.stress(rows(fs), dimension: d))
            let tauRotated = matrices(law.stress(rows(zip(qs, fs).map { $0 * $1 }), dimension: d))
            for p in fs.indices {
                XCTAssertLessThan((tauRotated[p] - qs[p] * tau[p] * qs[p].transposed).maxAbs / max(1, tau[p].maxAbs), 1e-12, "d=\(d)")
            }
            XCTAssertGreaterThan(tau.map(\.maxAbs).max()!, 1e-2, "the untrained network still gives stress")
            let rest = matrices(law.stress(rows([.identity]), dimension: d))[0]
            XCTAssertLessThan(rest.maxAbs, 1e-13 * tau.map(\.maxAbs).max()!, "stress-free at rest, d=\(d)")

            // ψ(F) = stressScale · (network(x(F)) − c (J − 1)), c the rest correction.
            let invariants = IsotropicInvariants(dimension: d)
            let restSlopes = law.elastic.inputGradient(at: Variable(Tensor.zeros([1, invariants.width]))).value.scalars
            let c = d == 3 ? 2 * restSlopes[0] + 4 * restSlopes[1] + restSlopes[2] : 2 * restSlopes[0] + restSlopes[1]
            func energy(_ f: Matrix3) -> Double {
                let x = Variable.apply(invariants, to: [rows([f])])
                let j = f.restricted(to: d, diagonalFill: 1).determinant
                return 7 * (law.elastic(x).value.scalars[0] - c * (j - 1))
            }
            for (p, f) in fs.enumerated() {
                let piola = tau[p] * f.restricted(to: d, diagonalFill: 1).inverse.transposed
                for i in 0..<d {
                    for j in 0..<d {
                        var plus = f, minus = f
                        let h = 1e-6
                        plus[i, j] += h
                        minus[i, j] -= h
                        XCTAssertEqual(piola[i, j], (energy(plus) - energy(minus)) / (2 * h), accuracy: 1e-6 * max(1, piola.maxAbs), "d=\(d)")
                    }
                }
            }
            if d == 3 {
                for mode in AcousticTensor.minimumModes(of: law, at: fs, dimension: 3) {
                    XCTAssertLessThan(mode.asymmetry, 1e-5 * max(1, abs(mode.value)), "a stored energy gives a symmetric acoustic tensor")
                }
            }
        }
    }
}
