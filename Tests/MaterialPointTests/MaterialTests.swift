import XCTest
import MaterialPoint

final class MaterialTests: XCTestCase {
    let laws: [any ConstitutiveModel] = [
        FixedCorotated(youngsModulus: 1e5, poissonsRatio: 0.2),
        NeoHookean(youngsModulus: 1000, poissonsRatio: 0.2),
        HenckyVonMises(youngsModulus: 3e5, poissonsRatio: 0.25, yieldStress: 5e3),
        HenckyDruckerPrager(youngsModulus: 1e6, poissonsRatio: 0.2, frictionAngle: 25),
        WeaklyCompressibleWater(youngsModulus: 1e5, poissonsRatio: 0.3),
        EquationOfStateFluid(stiffness: 400),
    ]

    /// τ = ∂ψ/∂F Fᵀ for every law with an energy, by central differences of ψ.
    func testStressIsTheDerivativeOfTheEnergy() throws {
        var source = MatrixSource(seed: 3)
        for law in laws {
            for dimension in [2, 3] {
                for _ in 0..<5 {
                    let f = source.deformation(scale: 0.2, dimension: dimension)
                    let tau = law.kirchhoffStress(f, dimension: dimension)
                    var p = Matrix3.zero
                    let h = 1e-6
                    for i in 0..<dimension {
                        for j in 0..<dimension {
                            var plus = f, minus = f
                            plus[i, j] += h; minus[i, j] -= h
                            p[i, j] = (try XCTUnwrap(law.energyDensity(plus, dimension: dimension))
                                - (try XCTUnwrap(law.energyDensity(minus, dimension: dimension)))) / (2 * h)
                        }
                    }
                    let expected = (p * f.transposed).restricted(to: dimension, diagonalFill: 0)
                    let scale = max(1, expected.maxAbs)
                    XCTAssertLessThan((tau - expected).maxAbs / scale, 1e-6, "\(law.name) d=\(dimension)")
                }
            }
        }
    }

    func testStressFreeAtRest() {
        for law in laws {
            for dimension in [2, 3] {
                XCTAssertLessThan(law.kirchhoffStress(.identity, dimension: dimension).maxAbs, 1e-12, law.name)
            }
        }
    }

    func testVonMisesReturnLandsOnTheYieldSurface() {
        let law = HenckyVonMises(youngsModulus: 3e5, poissonsRatio: 0.25, yieldStress: 5e3)
        var source = MatrixSource(seed: 4)
        var projected = 0
        for dimension in [2, 3] {
            for _ in 0..<50 {
                let trial = source.deformation(scale: 0.15, dimension: dimension)
                let f = law.returnMap(trial: trial, previous: .identity, dimension: dimension)
                let tau = law.kirchhoffStress(f, dimension: dimension)
                var dev = tau - Matrix3.identity * (tau.trace / Double(dimension))
                dev = dev.restricted(to: dimension, diagonalFill: 0)
                let norm = dev.squaredNorm.squareRoot()
                XCTAssertLessThanOrEqual(norm, law.yieldStress * (1 + 1e-10))
                if f != trial {
                    projected += 1
                    XCTAssertEqual(norm, law.yieldStress, accuracy: 1e-8 * law.yieldStress)
                    // Plastic flow is deviatoric: the volume is kept.
                    XCTAssertEqual(f.determinant, trial.determinant, accuracy: 1e-12)
                } else {
                    XCTAssertLessThan(norm, law.yieldStress)
                }
            }
        }
        XCTAssertGreaterThan(projected, 20, "the samples should exercise the return map")
    }

    func testDruckerPragerReturnLandsOnTheConeOrItsTip() {
        let law = HenckyDruckerPrager(youngsModulus: 1e6, poissonsRatio: 0.2, frictionAngle: 25)
        var source = MatrixSource(seed: 5)
        var onSurface = 0, atTip = 0
        for dimension in [2, 3] {
            for _ in 0..<100 {
                let trial = source.deformation(scale: 0.1, dimension: dimension)
                let f = law.returnMap(trial: trial, previous: .identity, dimension: dimension)
                let svd = SingularValueDecomposition(f, dimension: dimension)
                let strains = HenckyDruckerPrager.principalStrains(f, dimension: dimension)
                let y = law.yieldFunction(strains: strains, dimension: dimension)
                XCTAssertLessThanOrEqual(y, 1e-10, "outside the cone")
                let trialStrains = HenckyDruckerPrager.principalStrains(trial, dimension: dimension)
                if trialStrains.sum() >= 0 {
                    atTip += 1
                    XCTAssertLessThan((f - svd.rotation).maxAbs, 1e-12, "tension returns to the tip (pure rotation)")
                } else if law.yieldFunction(strains: trialStrains, dimension: dimension) > 0 {
                    onSurface += 1
                    XCTAssertEqual(y, 0, accuracy: 1e-10)
                } else {
                    XCTAssertEqual(f, trial)
                }
            }
        }
        XCTAssertGreaterThan(onSurface, 5)
        XCTAssertGreaterThan(atTip, 5)
    }

    func testFluidVolumeUpdatesLikeTheEquationOfState() {
        let law = EquationOfStateFluid(stiffness: 400)
        let previous = Matrix3.diagonal(SIMD3(0.9, 0.9, 1))  // J = 0.81 in 2D
        let dtC = Matrix3(rows: SIMD3(0.01, 0.02, 0), SIMD3(-0.03, 0.005, 0), SIMD3(0, 0, 0))
        let f = law.returnMap(trial: (Matrix3.identity + dtC) * previous, previous: previous, dimension: 2)
        XCTAssertEqual(f.determinant, 0.81 * (1 + 0.015), accuracy: 1e-14)
        XCTAssertEqual(f[0, 1], 0)
    }
}
