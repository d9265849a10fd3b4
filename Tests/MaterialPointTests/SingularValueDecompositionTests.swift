import XCTest
import MaterialPoint

final class SingularValueDecompositionTests: XCTestCase {
    func testReconstructsWithRotationsInBothDimensions() {
        var source = MatrixSource(seed: 1)
        for dimension in [2, 3] {
            for trial in 0..<200 {
                let f = source.deformation(scale: trial < 100 ? 0.3 : 1.5, dimension: dimension)
                let svd = SingularValueDecomposition(f, dimension: dimension)
                XCTAssertLessThan((svd.recomposed(with: svd.sigma) - f).maxAbs, 1e-13, "d=\(dimension) F=\(f)")
                XCTAssertEqual(svd.u.determinant, 1, accuracy: 1e-13)
                XCTAssertEqual(svd.v.determinant, 1, accuracy: 1e-13)
                XCTAssertLessThan((svd.u.transposed * svd.u - .identity).maxAbs, 1e-13)
                XCTAssertGreaterThanOrEqual(svd.sigma[0], abs(svd.sigma[1]))
                if dimension == 2 { XCTAssertEqual(svd.sigma.z, 1); XCTAssertEqual(svd.u[2, 2], 1) }
            }
        }
    }

    func testReflectionGoesIntoTheLastSingularValue() {
        let f = Matrix3.diagonal(SIMD3(2, 1, -0.5))
        let svd = SingularValueDecomposition(f, dimension: 3)
        XCTAssertEqual(svd.sigma.z, -0.5, accuracy: 1e-15)
        XCTAssertLessThan((svd.recomposed(with: svd.sigma) - f).maxAbs, 1e-15)
    }

    func testIdentityAndRepeatedSingularValues() {
        for f in [Matrix3.identity, Matrix3.identity * 2, Matrix3.diagonal(SIMD3(1, 1, 3))] {
            let svd = SingularValueDecomposition(f, dimension: 3)
            XCTAssertLessThan((svd.rotation - .identity).maxAbs, 1e-15)
        }
    }

    /// The polar-rotation and singular-value pullbacks against central differences, including F = I,
    /// where the plain SVD derivative divides by zero.
    func testPullbacksMatchFiniteDifferences() {
        var source = MatrixSource(seed: 2)
        for dimension in [2, 3] {
            for trial in 0..<20 {
                let f = trial == 0 ? Matrix3.identity : source.deformation(scale: 0.4, dimension: dimension)
                let g = source.deformation(scale: 1, dimension: dimension) - .identity
                let gs = SIMD3(source.scalar(), source.scalar(), source.scalar())
                let svd = SingularValueDecomposition(f, dimension: dimension)
                let rBar = svd.rotationPullback(g, dimension: dimension)
                let sBar = svd.singularValuePullback(gs, dimension: dimension)
                let h = 1e-6
                for i in 0..<dimension {
                    for j in 0..<dimension {
                        var plus = f, minus = f
                        plus[i, j] += h; minus[i, j] -= h
                        let sp = SingularValueDecomposition(plus, dimension: dimension), sm = SingularValueDecomposition(minus, dimension: dimension)
                        let dr = g.contracted(with: sp.rotation - sm.rotation) / (2 * h)
                        var ds = 0.0
                        for a in 0..<dimension { ds += gs[a] * (sp.sigma[a] - sm.sigma[a]) / (2 * h) }
                        XCTAssertEqual(rBar[i, j], dr, accuracy: 1e-7, "rotation d=\(dimension) trial \(trial) (\(i),\(j))")
                        // Sorted singular values are not differentiable where they coincide (F = I).
                        if trial > 0 { XCTAssertEqual(sBar[i, j], ds, accuracy: 1e-7, "sigma d=\(dimension) trial \(trial) (\(i),\(j))") }
                    }
                }
            }
        }
    }
}
