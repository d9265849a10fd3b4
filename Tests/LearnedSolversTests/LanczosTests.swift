import Foundation
import XCTest
import Autodiff
import SparseLinearAlgebra
import LearnedSolvers

final class LanczosTests: XCTestCase {
    func laplacian1D(_ n: Int) throws -> CSRMatrix {
        var builder = try TripletBuilder(rowCount: n, columnCount: n)
        for i in 0..<n {
            try builder.append(row: i, column: i, value: 2)
            if i > 0 { try builder.append(row: i, column: i - 1, value: -1) }
            if i < n - 1 { try builder.append(row: i, column: i + 1, value: -1) }
        }
        return try builder.makeCSRMatrix()
    }

    func eigenvalue1D(_ k: Int, _ n: Int) -> Double { 2 - 2 * cos(Double.pi * Double(k) / Double(n + 1)) }

    func testTridiagonalEigensolverMatchesLaplacianSpectrum() {
        let n = 12
        let (values, vectors) = SymmetricTridiagonalEigensolver.decompose(
            diagonal: [Double](repeating: 2, count: n), offDiagonal: [Double](repeating: -1, count: n - 1))
        for k in 1...n { XCTAssertEqual(values[k - 1], eigenvalue1D(k, n), accuracy: 1e-13) }
        // Eigenvector k is sin(π k j/(n+1)) up to sign and normalisation.
        let v = vectors[2], norm = (0..<n).map { pow(sin(Double.pi * 3 * Double($0 + 1) / Double(n + 1)), 2) }.reduce(0, +).squareRoot()
        let sign = v[0] > 0 ? 1.0 : -1.0
        for j in 0..<n { XCTAssertEqual(sign * v[j], sin(Double.pi * 3 * Double(j + 1) / Double(n + 1)) / norm, accuracy: 1e-12) }
    }

    func testFullLanczosOn1DLaplacianFindsEveryEigenvalue() throws {
        let n = 40
        let pairs = try LanczosIteration(steps: n).ritzPairs(of: try laplacian1D(n), start: RandomKey(seed: 1).normal([n]).scalars)
        XCTAssertEqual(pairs.count, n)
        for k in 1...n { XCTAssertEqual(pairs.values[k - 1], eigenvalue1D(k, n), accuracy: 1e-10) }
    }

    func testExtremeRitzPairsOf3DLaplacianConverge() throws {
        let n = 10
        let a = try CSRMatrix.laplacian3D(n: n)
        let pairs = try LanczosIteration(steps: 60).ritzPairs(of: a, start: RandomKey(seed: 2).normal([a.rowCount]).scalars)
        XCTAssertEqual(pairs.count, 60)
        XCTAssertEqual(pairs.values.first!, 3 * eigenvalue1D(1, n), accuracy: 1e-9)
        XCTAssertEqual(pairs.values.last!, 3 * eigenvalue1D(n, n), accuracy: 1e-9)
        // The lowest Ritz vector is an eigenvector: ‖A v − θ v‖ small, and unit.
        let v = pairs.vectors[0]
        let av = a.applied(to: v)
        let residual = zip(av, v).map { $0 - pairs.values[0] * $1 }.map { $0 * $0 }.reduce(0, +).squareRoot()
        XCTAssertLessThan(residual, 1e-5)
        XCTAssertEqual(v.map { $0 * $0 }.reduce(0, +), 1, accuracy: 1e-12)
        // Ritz vectors are orthonormal (full reorthogonalisation).
        let overlap = zip(pairs.vectors[0], pairs.vectors[30]).map(*).reduce(0, +)
        XCTAssertLessThan(abs(overlap), 1e-10)
    }

    func testSpectrumBiasedSamplesAreUnitAndMostlyLowModes() throws {
        let a = try CSRMatrix.laplacian3D(n: 6)
        let pairs = try LanczosIteration(steps: 40).ritzPairs(of: a, start: RandomKey(seed: 3).normal([a.rowCount]).scalars)
        let sampler = SpectrumBiasedSampler(ritzPairs: pairs)
        let batch = sampler.samples(count: 20, key: RandomKey(seed: 4))
        XCTAssertEqual(batch.shape, [20, a.rowCount])
        XCTAssertEqual(sampler.sample(key: RandomKey(seed: 4).fold(in: 3)), Array(batch.scalars[(3 * 216)..<(4 * 216)]))
        var lowEnergy = 0.0
        for i in 0..<20 {
            let b = Array(batch.scalars[(i * 216)..<((i + 1) * 216)])
            XCTAssertEqual(b.map { $0 * $0 }.reduce(0, +), 1, accuracy: 1e-12)
            for j in 0..<20 { lowEnergy += pow(zip(b, pairs.vectors[j]).map(*).reduce(0, +), 2) }
        }
        XCTAssertGreaterThan(lowEnergy / 20, 0.95)   // expected 81/82 ≈ 0.988
    }
}
