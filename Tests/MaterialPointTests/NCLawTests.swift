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
}
