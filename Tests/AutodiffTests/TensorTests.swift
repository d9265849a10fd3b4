import Foundation
import XCTest
import Autodiff

final class TensorTests: XCTestCase {
    func testBroadcastingArithmetic() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual((a + Tensor([10, 20, 30])).scalars, [11, 22, 33, 14, 25, 36])
        XCTAssertEqual((a * Tensor(shape: [2, 1], scalars: [2, 3])).scalars, [2, 4, 6, 12, 15, 18])
        let outer = Tensor(shape: [2, 1], scalars: [1, 2]) * Tensor(shape: [1, 3], scalars: [1, 10, 100])
        XCTAssertEqual(outer.shape, [2, 3])
        XCTAssertEqual(outer.scalars, [1, 10, 100, 2, 20, 200])
        XCTAssertEqual(Broadcasting.shape([4, 1, 3], [5, 1]), [4, 5, 3])
        XCTAssertNil(Broadcasting.shape([2, 3], [4]))
        XCTAssertEqual(Tensor([1, 2]).broadcast(to: [3, 2]).scalars, [1, 2, 1, 2, 1, 2])
    }

    func testReductionsAndShapes() {
        let a = Tensor(shape: [2, 3, 2], scalars: (0..<12).map(Double.init))
        XCTAssertEqual(a.sum(alongAxes: [0]).scalars, [6, 8, 10, 12, 14, 16])
        XCTAssertEqual(a.sum(alongAxes: [1]).scalars, [6, 9, 24, 27])
        XCTAssertEqual(a.sum(alongAxes: [0, 2]).scalars, [14, 22, 30])
        XCTAssertEqual(a.sum(), 66)
        XCTAssertEqual(a.transposed([2, 0, 1])[1, 1, 2], a[1, 2, 1])
        XCTAssertEqual(a.slice(1..<3, alongAxis: 1).scalars, [2, 3, 4, 5, 8, 9, 10, 11])
        let m = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        XCTAssertEqual(Tensor.concatenate([m, m], alongAxis: 1).scalars, [1, 2, 1, 2, 3, 4, 3, 4])
        // Single columns (copied element by element) between wider parts, and along the last axis of a rank-3 tensor.
        let column = Tensor(shape: [2, 1], scalars: [9, 8])
        XCTAssertEqual(Tensor.concatenate([column, m, column], alongAxis: 1).scalars, [9, 1, 2, 9, 8, 3, 4, 8])
        XCTAssertEqual(Tensor.concatenate([a.slice(0..<1, alongAxis: 2), a.slice(1..<2, alongAxis: 2)], alongAxis: 2), a)
        XCTAssertEqual(m.gather(rows: [1, 1]).scalars, [3, 4, 3, 4])
        XCTAssertEqual(m.scatterAdd(rows: [1, 1], rowCount: 3).scalars, [0, 0, 4, 6, 0, 0])
    }

    func testMatrixProductsOfTallAndSmallMatricesMatchTheDefinition() {
        // Tall-by-small products (a dense layer on a point batch) take a path of their own; row and
        // column counts that are not multiples of its 4-row, 8-column blocks, and a transposed B.
        let key = RandomKey(seed: 21)
        for (m, k, n) in [(1501, 20, 13), (1024, 1, 8), (2049, 32, 32), (1030, 7, 1), (100, 20, 20)] {
            let a = key.fold(in: m).normal([m, k]), b = key.fold(in: n).normal([k, n])
            var expected = [Double](repeating: 0, count: m * n)
            for i in 0..<m {
                for j in 0..<n {
                    var s = 0.0
                    for p in 0..<k { s += a.scalars[i * k + p] * b.scalars[p * n + j] }
                    expected[i * n + j] = s
                }
            }
            let reference = Tensor(shape: [m, n], scalars: expected)
            assertClose(Tensor.matmul(a, b), reference, tolerance: 1e-13, "\(m)×\(k)·\(k)×\(n)")
            assertClose(Tensor.matmul(a, b.transposed([1, 0]), transposeB: true), reference, tolerance: 1e-13, "transposed B")
        }
    }

    func testLargeReductionIsReproducibleAndAccurate() {
        let n = 1_000_003
        let t = RandomKey(seed: 1).uniform([n])
        let s1 = t.sum(), s2 = t.sum()
        XCTAssertEqual(s1.bitPattern, s2.bitPattern)
        var kahan = 0.0, c = 0.0
        for v in t.scalars { let y = v - c; let s = kahan + y; c = (s - kahan) - y; kahan = s }
        XCTAssertEqual(s1, kahan, accuracy: 1e-8 * kahan)
        let rows = Tensor(shape: [n, 1], scalars: t.scalars).sum(alongAxes: [0])
        XCTAssertEqual(rows.scalars[0], kahan, accuracy: 1e-8 * kahan)
    }

    func testNumpyRoundTripAndErrors() throws {
        let t = RandomKey(seed: 2).normal([3, 5, 2])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pdekit-\(UUID()).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        try t.writeNumpy(to: url)
        let back = try Tensor(numpyFile: url)
        XCTAssertEqual(back, t)
        let data = try Data(contentsOf: url)
        XCTAssertEqual((10 + Int(data[8]) + Int(data[9]) << 8) % 64, 0, "header is padded to 64 bytes")
        XCTAssertThrowsError(try Tensor(npyData: data.prefix(data.count - 8))) { error in
            guard case NumpyFormatError.truncated = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try Tensor(npyData: Data("hello world".utf8))) { error in
            XCTAssertEqual(error as? NumpyFormatError, .notNumpy(path: "<data>"))
        }
        XCTAssertEqual(try Tensor(npyData: Tensor(3.5).npyData()).shape, [])
    }

    func testRandomKeysAreDeterministicAndIndependent() {
        let key = RandomKey(seed: 123)
        XCTAssertEqual(key.normal([100]), RandomKey(seed: 123).normal([100]))
        let parts = key.split(into: 2)
        XCTAssertNotEqual(parts[0].uniform([4]), parts[1].uniform([4]))
        XCTAssertNotEqual(RandomKey(seed: 124).uniform([4]), key.uniform([4]))
        let samples = key.normal([200_000], mean: 1, standardDeviation: 2).scalars
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count)
        XCTAssertEqual(mean, 1, accuracy: 0.02)        // ~5 standard errors
        XCTAssertEqual(variance, 4, accuracy: 0.07)
        let u = key.uniform([100_000], low: -1, high: 3).scalars
        XCTAssert(u.allSatisfy { $0 >= -1 && $0 < 3 })
        XCTAssertEqual(Set(key.permutation(50)), Set(0..<50))
    }
}
