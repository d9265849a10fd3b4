import Autodiff
import Foundation
import MaterialPoint

/// Deterministic random matrices for the tests.
struct MatrixSource {
    var values: [Double]
    var next = 0
    init(seed: UInt64, count: Int = 4096) { values = RandomKey(seed: seed).uniform([count], low: -1, high: 1).scalars }

    mutating func scalar() -> Double { defer { next = (next + 1) % values.count }; return values[next] }

    /// I + scale · random, restricted to `dimension`.
    mutating func deformation(scale: Double, dimension: Int) -> Matrix3 {
        var m = Matrix3.identity
        for i in 0..<dimension { for j in 0..<dimension { m[i, j] += scale * scalar() } }
        return m
    }

    /// A random rotation (Gram–Schmidt of a random matrix, determinant +1) in `dimension`.
    mutating func rotation(dimension: Int) -> Matrix3 {
        if dimension == 2 {
            let angle = Double.pi * scalar()
            return Matrix3(rows: SIMD3(cos(angle), -sin(angle), 0), SIMD3(sin(angle), cos(angle), 0), SIMD3(0, 0, 1))
        }
        let svd = SingularValueDecomposition(deformation(scale: 1, dimension: 3), dimension: 3)
        return svd.u
    }
}




/// The Euclidean length.
func simd_length(_ v: SIMD3<Double>) -> Double { (v * v).sum().squareRoot() }
