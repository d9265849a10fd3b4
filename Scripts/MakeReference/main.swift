// make-reference: writes the spectral reference solutions of Data/ with the project's own ETDRK4
// solver (ReferenceSolvers): Allen–Cahn and KdV, 512 Fourier modes on [−1, 1), outputs at
// t_j = j/200 (j = 0…200), float64 arrays of shape (512, 201), x first.
//
//   swift run -c release make-reference --equation allen-cahn --output Data/allen_cahn_reference.npy
//   swift run -c release make-reference --equation kdv --output Data/kdv_reference.npy
import ArgumentParser
import Foundation
import PDEKit

@main
struct MakeReference: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-reference",
        abstract: "Writes a spectral (ETDRK4) reference solution of Data/ as a (512, 201) .npy array.")

    enum Equation: String, ExpressibleByArgument, CaseIterable {
        /// u_t − 1e-4 u_xx + 5u³ − 5u = 0, u(x, 0) = x² cos(πx).
        case allenCahn = "allen-cahn"
        /// u_t + u u_x + 0.0025 u_xxx = 0, u(x, 0) = cos(πx).
        case kdv
    }

    @Option(help: "allen-cahn or kdv.") var equation: Equation
    @Option(help: "Output .npy file.") var output: String
    @Option(name: .customLong("time-step"), help: "ETDRK4 step (must divide 1/200).") var timeStep: Double = 1e-5

    func run() throws {
        do {
            let grid = try PeriodicGrid(start: -1, length: 2, count: 512)
            let times = (0...200).map { Double($0) / 200 }
            let (pde, initial): (SemilinearEquation, ([Double]) -> [Double]) = switch equation {
            case .allenCahn: (.allenCahn(), { x in x.map { $0 * $0 * cos(Double.pi * $0) } })
            case .kdv: (.kortewegDeVries(nonlinearCoefficient: 1, dispersion: 0.0025), { x in x.map { cos(Double.pi * $0) } })
            }
            let solver = try ETDRK4Solver(equation: pde, grid: grid, timeStep: timeStep, dealiasing: equation == .kdv ? .twoThirds : .none)
            let solution = try solver.solve(initial: initial(grid.points), times: times)
            // SpectralSolution.values is [times × points]; Data/ stores x first.
            let n = grid.count, m = times.count
            var xFirst = [Double](repeating: 0, count: n * m)
            for j in 0..<m { for i in 0..<n { xFirst[i * m + j] = solution.values[j * n + i] } }
            try Tensor(shape: [n, m], scalars: xFirst).writeNumpy(to: URL(fileURLWithPath: output))
            print("make-reference: \(equation.rawValue) with \(solution.steps) steps of \(timeStep) written to \(output)")
        } catch {
            FileHandle.standardError.write(Data("make-reference: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
