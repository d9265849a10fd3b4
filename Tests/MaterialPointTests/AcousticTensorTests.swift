import Autodiff
import XCTest
import MaterialPoint

final class AcousticTensorTests: XCTestCase {
    /// At rest an isotropic law's acoustic tensor is μ I + (λ + μ) n ⊗ n in every direction n, so
    /// its smallest eigenvalue is the shear modulus μ, in 2D and 3D.
    func testSmallestEigenvalueAtRestIsTheShearModulus() {
        for (law, moduli) in [(FixedCorotated(youngsModulus: 1e5, poissonsRatio: 0.2) as any ConstitutiveModel, ElasticModuli(youngsModulus: 1e5, poissonsRatio: 0.2)),
                              (NeoHookean(youngsModulus: 1000, poissonsRatio: 0.3), ElasticModuli(youngsModulus: 1000, poissonsRatio: 0.3)),
                              (HenckyDruckerPrager(youngsModulus: 1e6, poissonsRatio: 0.2, frictionAngle: 25), ElasticModuli(youngsModulus: 1e6, poissonsRatio: 0.2))] {
            for dimension in [2, 3] {
                let smallest = AcousticTensor.minimumEigenvalues(of: law, at: [.identity], dimension: dimension)[0]
                XCTAssertEqual(smallest, moduli.mu, accuracy: 1e-6 * moduli.mu, "\(law.name), \(dimension)D")
            }
        }
    }

    /// A law with a negative shear modulus has a negative smallest eigenvalue (−|μ|): the check
    /// tells an unstable law from a stable one.
    func testNegativeShearModulusIsReportedAsNegative() {
        let mu = -50.0, lambda = 200.0
        let unstable = NeoHookean(lame: mu, lambda)
        let smallest = AcousticTensor.minimumEigenvalues(of: unstable, at: [.identity], dimension: 3)[0]
        XCTAssertEqual(smallest, mu, accuracy: 1e-6 * abs(mu))
    }

    /// The batched path for differentiable laws gives the analytic path's values at deformed states.
    func testDifferentiableAndAnalyticPathsAgree() {
        let law = NeoHookean(youngsModulus: 1000, poissonsRatio: 0.3)
        let states = [Matrix3([1.1, 0.05, 0, -0.02, 0.95, 0.03, 0.01, 0, 1.02]), Matrix3.diagonal(SIMD3(0.9, 1.05, 1))]
        let analytic = AcousticTensor.minimumEigenvalues(of: law, at: states, dimension: 3)
        let batched = AcousticTensor.minimumEigenvalues(of: AnalyticMaterial(law), at: states, dimension: 3)
        for (a, b) in zip(analytic, batched) { XCTAssertEqual(a, b, accuracy: 1e-9 * abs(a)) }
        // A law with an energy has a symmetric acoustic tensor; a learned law in general does not.
        let stress: ([Matrix3]) -> [Matrix3] = { $0.map { law.kirchhoffStress($0, dimension: 3) } }
        for mode in AcousticTensor.weakestModes(at: states, dimension: 3, stress: stress) { XCTAssertLessThan(mode.asymmetry, 1e-6 * abs(mode.value)) }
        let learned = NeuralConstitutiveLaw(dimension: 3, plasticity: false, hidden: [6, 6], stressScale: 10, outputScale: 1, key: RandomKey(seed: 11))
        XCTAssertGreaterThan(AcousticTensor.minimumModes(of: learned, at: states, dimension: 3).map(\.asymmetry).max()!, 1e-3)
    }

    /// The weakest mode is an eigenpair: its polarisation v is a unit vector with vᵀ A(n) v equal
    /// to the reported value, and no lattice direction or unit vector tried does lower.
    func testWeakestModeIsAnEigenpair() {
        let law = NeoHookean(youngsModulus: 1000, poissonsRatio: 0.3)
        let f = Matrix3([1.2, 0.1, 0, -0.05, 0.85, 0.02, 0.03, 0, 1.05])
        let stress: ([Matrix3]) -> [Matrix3] = { $0.map { law.kirchhoffStress($0, dimension: 3) } }
        let mode = AcousticTensor.weakestModes(at: [f], dimension: 3, stress: stress)[0]
        XCTAssertEqual((mode.polarization * mode.polarization).sum(), 1, accuracy: 1e-12)
        // vᵀ A(n) v as the derivative of ⟨G, P(F + tG)⟩ at t = 0, G = v ⊗ n.
        func q(_ v: SIMD3<Double>, _ n: SIMD3<Double>) -> Double {
            let g = Matrix3.outer(v, n), h = 1e-6
            let plus = f + g * h, minus = f - g * h
            return (g.contracted(with: law.kirchhoffStress(plus, dimension: 3) * plus.inverse.transposed)
                    - g.contracted(with: law.kirchhoffStress(minus, dimension: 3) * minus.inverse.transposed)) / (2 * h)
        }
        XCTAssertEqual(q(mode.polarization, mode.direction), mode.value, accuracy: 1e-6 * abs(mode.value))
        var source = SystemRandomNumberGenerator()
        for n in AcousticTensor.latticeDirections(dimension: 3) {
            for _ in 0..<20 {
                var v = SIMD3(Double.random(in: -1...1, using: &source), Double.random(in: -1...1, using: &source), Double.random(in: -1...1, using: &source))
                v /= (v * v).sum().squareRoot()
                XCTAssertGreaterThanOrEqual(q(v, n), mode.value - 1e-6 * abs(mode.value))
            }
        }
    }

    /// The stability prior's gradient matches central differences of its penalty, and a law stable
    /// beyond the margin gets no penalty.
    func testStabilityPriorGradientMatchesFiniteDifferences() {
        let law = NeuralConstitutiveLaw(dimension: 3, plasticity: false, hidden: [6, 6], stressScale: 10, outputScale: 1, key: RandomKey(seed: 11))
        let states = [Matrix3.identity, Matrix3([1.1, 0.05, 0, -0.02, 0.95, 0.03, 0.01, 0, 1.02]), Matrix3.diagonal(SIMD3(0.9, 1.05, 1))]
        // A margin far above every eigenvalue keeps all three states penalised.
        let prior = NCLawStabilityPrior(weight: 2, margin: 50)
        let (penalty, below, grads) = prior.evaluate(law, at: states)
        XCTAssertEqual(below, 1)
        XCTAssertGreaterThan(penalty, 0)
        let eps = 1e-4   // the penalty is itself a difference quotient: a larger step keeps round-off down
        for (index, parameter) in law.parameters.enumerated() {
            for entry in [0, parameter.value.count / 2, parameter.value.count - 1] {
                func penaltyShifted(_ delta: Double) -> Double {
                    var shifted = law
                    var values = shifted.parameters.map(\.value)
                    var scalars = values[index].scalars
                    scalars[entry] += delta
                    values[index] = Tensor(shape: values[index].shape, scalars: scalars)
                    shifted.parameters = values.map { Variable.parameter($0) }
                    return prior.evaluate(shifted, at: states).penalty
                }
                let numeric = (penaltyShifted(eps) - penaltyShifted(-eps)) / (2 * eps)
                XCTAssertEqual(grads[index].scalars[entry], numeric, accuracy: 1e-5 * max(1, abs(numeric)), "parameter \(index), entry \(entry)")
            }
        }
        let lenient = NCLawStabilityPrior(weight: 2, margin: -50)
        XCTAssertEqual(lenient.evaluate(law, at: states).penalty, 0)
    }

    /// The perturbed copies: the observed states first, then (I + δE)F with ‖E‖ of order one, the
    /// same draws every call, and in 2D nothing in the third row or column.
    func testStabilityPriorPerturbedCopies() {
        let observed = [Matrix3.identity, Matrix3.diagonal(SIMD3(0.9, 1.1, 1)), Matrix3([1, 0.2, 0, 0, 1, 0, 0, 0, 1])]
        let prior = NCLawStabilityPrior(weight: 1, perturbedCopies: 2, perturbationSize: 0.1)
        let states = prior.states(observed: observed)
        XCTAssertEqual(states.count, 9)
        XCTAssertEqual(Array(states[0..<3]), observed)
        XCTAssertEqual(states, prior.states(observed: observed))
        for c in 0..<2 {
            for (i, f) in observed.enumerated() {
                let copy = states[3 * (c + 1) + i]
                let relative = ((copy - f).squaredNorm / f.squaredNorm).squareRoot()
                XCTAssertGreaterThan(relative, 1e-3)
                XCTAssertLessThan(relative, 0.5)
            }
        }
        XCTAssertNotEqual(states[3], states[6], "the two copies of a state use different draws")
        let flat = prior.states(observed: [Matrix3.identity], dimension: 2)
        XCTAssertEqual(flat[1].r2, SIMD3(0, 0, 1))
        XCTAssertEqual(flat[1].r0.z, 0)
        XCTAssertEqual(NCLawStabilityPrior(weight: 1).states(observed: observed), observed)
    }
}
