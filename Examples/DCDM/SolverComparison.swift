import Foundation
import PDEKit

/// One Poisson problem (a grid, its matrix, a random right-hand side) solved by each method to the
/// same relative residual.
struct SolverComparison {
    enum Method: String, CaseIterable {
        case dcdm, cg, jacobi, ic0, cholmod
    }

    struct Outcome {
        var method: Method
        var iterations: Int
        var seconds: Double
        var setupSeconds: Double
        var relativeResidual: Double
        var converged: Bool
        var history: [Double]
    }

    let grid: PoissonGrid
    let matrix: CSRMatrix
    let rightHandSide: [Double]

    init(grid: PoissonGrid, seed: UInt64) throws {
        self.grid = grid
        matrix = try grid.laplacian()
        rightHandSide = RandomKey(seed: seed).fold(in: grid.n).normal([grid.unknownCount]).scalars
    }

    /// Runs `method`; a Krylov method that stops without converging is reported, not thrown.
    func run(_ method: Method, tolerance: Double, maxIterations: Int, network: DCDMNetwork?,
             directions: Int = 2, residualSteps: Int = 0) throws -> Outcome {
        let tolerances = SolverTolerances(relative: tolerance, maxIterations: maxIterations)
        let b = rightHandSide
        let bNorm = b.map { $0 * $0 }.reduce(0, +).squareRoot()
        func krylov(setup: Double, _ body: () throws -> SolveReport) throws -> Outcome {
            let report: SolveReport
            do { report = try body() } catch let error as ConvergenceError { report = error.report }
            return Outcome(method: method, iterations: report.iterations, seconds: setup + report.wallTime,
                           setupSeconds: setup, relativeResidual: report.relativeResidual,
                           converged: report.reason == .converged,
                           history: report.residualHistory.map { $0 / bNorm })
        }
        let start = Date()
        switch method {
        case .cg:
            return try krylov(setup: 0) { try ConjugateGradient(tolerances: tolerances).solve(matrix, rightHandSide: b) }
        case .jacobi:
            let m = try JacobiPreconditioner(matrix)
            let setup = Date().timeIntervalSince(start)
            return try krylov(setup: setup) {
                try ConjugateGradient(tolerances: tolerances).solve(matrix, rightHandSide: b, preconditioner: m)
            }
        case .ic0:
            let m = try IncompleteCholeskyPreconditioner(matrix)
            let setup = Date().timeIntervalSince(start)
            return try krylov(setup: setup) {
                try ConjugateGradient(tolerances: tolerances).solve(matrix, rightHandSide: b, preconditioner: m)
            }
        case .dcdm:
            guard let network else { throw ValidationFailure("dcdm needs a network") }
            let proposer = ProgressDirection(base: NetworkDirection(network: network, grid: grid), label: "\(grid.n)³")
            return try krylov(setup: 0) {
                var solver = DeepConjugateDirections(tolerances: tolerances, directionCount: directions)
                solver.residualSteps = residualSteps
                return try solver.solve(matrix, rightHandSide: b, proposer: proposer)
            }
        case .cholmod:
            let cholesky = try SparseCholesky(factoring: matrix)
            let x = try cholesky.solve(b)
            let seconds = Date().timeIntervalSince(start)
            let ax = matrix.applied(to: x)
            let residual = zip(b, ax).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot() / bNorm
            return Outcome(method: method, iterations: 0, seconds: seconds, setupSeconds: seconds,
                           relativeResidual: residual, converged: residual <= tolerance, history: [])
        }
    }
}

/// A one-line input error.
struct ValidationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Writes one line to standard output unbuffered, so progress shows up at once in a log file too.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Passes proposals through and prints a line every 10 proposals (a DCDM solve can take minutes).
final class ProgressDirection<Base: DirectionProposer>: DirectionProposer {
    let base: Base
    let label: String
    let start = Date()
    var count = 0

    init(base: Base, label: String) {
        self.base = base
        self.label = label
    }

    func direction(for residual: [Double]) -> [Double] {
        let q = base.direction(for: residual)
        count += 1
        if count % 10 == 0 {
            say(String(format: "dcdm:   DCDM %@: %d directions, %.1f s", label, count, Date().timeIntervalSince(start)))
        }
        return q
    }
}
