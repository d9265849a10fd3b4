import Foundation
import XCTest
import Meshes
import FiniteElements

final class QuadratureTests: XCTestCase {
    private func factorial(_ n: Int) -> Double { n <= 1 ? 1 : Double(n) * factorial(n - 1) }

    /// ∫ x^a y^b z^c over the reference cell, in closed form.
    private func exactMonomial(_ cell: CellType, _ e: [Int]) -> Double {
        switch cell {
        case .segment, .quadrilateral, .hexahedron:
            return e.reduce(1.0) { $0 / Double($1 + 1) }
        case .triangle, .tetrahedron:
            // Dirichlet integral: Π eᵢ! / (Σ eᵢ + d)!
            return e.reduce(1.0) { $0 * factorial($1) } / factorial(e.reduce(0, +) + e.count)
        }
    }

    func testRulesIntegrateEveryMonomialUpToTheirDegree() throws {
        for cell in CellType.allCases {
            let d = cell.dimension
            for degree in 0...9 {
                let rule = try QuadratureRule.gauss(cell, degree: degree)
                XCTAssertTrue(rule.weights.allSatisfy { $0 > 0 })
                // Every exponent vector of total degree ≤ degree (per-coordinate for tensor cells).
                let tensor = cell == .quadrilateral || cell == .hexahedron
                var exponents: [[Int]] = [[]]
                for _ in 0..<d { exponents = exponents.flatMap { e in (0...degree).map { e + [$0] } } }
                for e in exponents where tensor || e.reduce(0, +) <= degree {
                    var sum = 0.0
                    for q in 0..<rule.count {
                        let x = rule.point(q)
                        var term = rule.weights[q]
                        for k in 0..<d { term *= pow(x[x.startIndex + k], Double(e[k])) }
                        sum += term
                    }
                    XCTAssertEqual(sum, exactMonomial(cell, e), accuracy: 1e-14, "\(cell) degree \(degree) exponents \(e)")
                }
            }
        }
    }

    func testRuleIsNotExactBeyondItsDegree() throws {
        // The 3-point triangle rule (degree 2) misses x³: a test that the exactness check can fail.
        let rule = try QuadratureRule.gauss(.triangle, degree: 2)
        var sum = 0.0
        for q in 0..<rule.count { sum += rule.weights[q] * pow(rule.point(q).first!, 3) }
        XCTAssertGreaterThan(abs(sum - exactMonomial(.triangle, [3, 0])), 1e-4)
    }

    func testInvalidDegreeIsAnError() {
        XCTAssertThrowsError(try QuadratureRule.gauss(.triangle, degree: -1)) { error in
            XCTAssertEqual("\(error)", "quadrature degree must be in 0...30, got -1")
        }
    }
}
