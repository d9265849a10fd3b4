import Foundation
import XCTest
import ReferenceSolvers

/// The snippet of Documentation/ReferenceSolvers.md, verbatim, with checks of what it computes.
final class DocumentationSnippetTests: XCTestCase {
    func testGuideSnippet() throws {
        // Allen–Cahn u_t = 1e-4 u_xx + 5u − 5u³ on [−1, 1), u(x, 0) = x² cos(πx): 512 modes, ETDRK4.
        let grid = try PeriodicGrid(start: -1, length: 2, count: 512)
        let solver = try ETDRK4Solver(equation: .allenCahn(), grid: grid, timeStep: 1e-3)
        let times = (0...10).map { Double($0) / 10 }                  // t = 0, 0.1, …, 1
        let u0 = grid.sample { x in x * x * cos(Double.pi * x) }
        let allenCahn = try solver.solve(initial: u0, times: times)    // values: 11 × 512, row-major
        let final = allenCahn.snapshot(10)                             // u(x_j, 1)

        // The Lorenz system with Dormand–Prince 5(4), stepping exactly to t = 0.5 and t = 1.
        let lorenz = try DormandPrince(relativeTolerance: 1e-10, absoluteTolerance: 1e-12)
            .solve(.lorenz(), initial: [1, 1, 1], times: [0.5, 1])
        let endPoint = lorenz.state(1)                                 // (x, y, z) at t = 1

        // Checks. The initial data and the equation are even in x, so the solution is too
        // (x_j ↦ −x_j maps grid point j to 512 − j).
        XCTAssertEqual(allenCahn.values.count, 11 * 512)
        for j in 1..<512 { XCTAssertEqual(final[j], final[512 - j], accuracy: 1e-10) }
        // By t = 1 the solution has settled into the plateaus u ≈ ±1 of the benchmark's reference.
        XCTAssertEqual(final.max()!, 1, accuracy: 0.03)
        XCTAssertEqual(final.min()!, -1, accuracy: 0.03)
        // Halving the step changes the result by far less than the benchmark's best PINN error (5e-5).
        let halfStep = try ETDRK4Solver(equation: .allenCahn(), grid: grid, timeStep: 5e-4)
            .solve(initial: u0, times: [1]).snapshot(0)
        let change = zip(final, halfStep).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(change, 1e-9)
        print("Allen–Cahn N = 512, h = 1e-3 vs 5e-4 at t = 1: max difference \(change); range \(final.min()!)…\(final.max()!)")
        XCTAssertEqual(endPoint.count, 3)
        XCTAssertEqual(lorenz.times, [0.5, 1])
    }

    /// The guide's first Swift block and the example in `ETDRK4Solver`'s doc comment are, line for
    /// line, in `testGuideSnippet` above.
    func testSnippetsAreVerbatimInThisFile() throws {
        let thisFile = URL(fileURLWithPath: #filePath)
        let root = thisFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let source = try String(contentsOf: thisFile, encoding: .utf8)
        let testLines = Set(source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })

        let guide = try String(contentsOf: root.appendingPathComponent("Documentation/ReferenceSolvers.md"), encoding: .utf8)
        let block = guide.components(separatedBy: "```swift\n")[1].components(separatedBy: "```")[0]
        let solver = try String(contentsOf: root.appendingPathComponent("Sources/ReferenceSolvers/ETDRK4Solver.swift"), encoding: .utf8)
        let docBlock = solver.components(separatedBy: "/// ```swift\n")[1].components(separatedBy: "/// ```")[0]
            .split(separator: "\n").map { $0.replacingOccurrences(of: "/// ", with: "") }.joined(separator: "\n")
        for snippet in [block, docBlock] {
            let lines = snippet.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            XCTAssertGreaterThan(lines.count, 5)
            for line in lines { XCTAssert(testLines.contains(line), "not in the test: \(line)") }
        }
    }
}
