import XCTest
import CCHOLMOD

/// The system-library wrapper links and a factorisation solves a known system.
final class CHOLMODLinkTests: XCTestCase {
    func testSolvesTridiagonalSystem() throws {
        // A = tridiag(−1, 2, −1) of order 5 (upper triangle stored), x = (1, 2, 3, 4, 5), b = A x.
        let n = 5
        var common = cholmod_common()
        XCTAssertEqual(cholmod_start(&common), 1)
        defer { cholmod_finish(&common) }
        guard let a = cholmod_allocate_sparse(n, n, 2 * n - 1, 1, 1, 1, Int32(CHOLMOD_REAL), &common) else {
            return XCTFail("allocation failed")
        }
        var aPtr: UnsafeMutablePointer<cholmod_sparse>? = a
        defer { cholmod_free_sparse(&aPtr, &common) }
        let p = a.pointee.p.assumingMemoryBound(to: Int32.self)
        let i = a.pointee.i.assumingMemoryBound(to: Int32.self)
        let x = a.pointee.x.assumingMemoryBound(to: Double.self)
        var k = 0
        for column in 0..<n {
            p[column] = Int32(k)
            if column > 0 { i[k] = Int32(column - 1); x[k] = -1; k += 1 }
            i[k] = Int32(column); x[k] = 2; k += 1
        }
        p[n] = Int32(k)
        let exact = (1...n).map(Double.init)
        guard let b = cholmod_allocate_dense(n, 1, n, Int32(CHOLMOD_REAL), &common) else { return XCTFail("allocation failed") }
        var bPtr: UnsafeMutablePointer<cholmod_dense>? = b
        defer { cholmod_free_dense(&bPtr, &common) }
        let bx = b.pointee.x.assumingMemoryBound(to: Double.self)
        for r in 0..<n {
            bx[r] = 2 * exact[r] - (r > 0 ? exact[r - 1] : 0) - (r < n - 1 ? exact[r + 1] : 0)
        }
        guard let factor = cholmod_analyze(a, &common) else { return XCTFail("analysis failed") }
        var factorPtr: UnsafeMutablePointer<cholmod_factor>? = factor
        defer { cholmod_free_factor(&factorPtr, &common) }
        XCTAssertEqual(cholmod_factorize(a, factor, &common), 1)
        guard let solution = cholmod_solve(Int32(CHOLMOD_A), factor, b, &common) else { return XCTFail("solve failed") }
        var solutionPtr: UnsafeMutablePointer<cholmod_dense>? = solution
        defer { cholmod_free_dense(&solutionPtr, &common) }
        let sx = solution.pointee.x.assumingMemoryBound(to: Double.self)
        for r in 0..<n { XCTAssertEqual(sx[r], exact[r], accuracy: 1e-13) }
    }
}
