import Foundation
import XCTest
import ReferenceSolvers

/// ETDRK4 against exact solutions (linear equations, the KdV soliton, Burgers by Cole–Hopf) and its
/// observed order of convergence in the time step.
final class ETDRK4SolverTests: XCTestCase {
    private func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    func testHeatEquationIsSolvedExactly() throws {
        let nu = 0.1
        let grid = try PeriodicGrid(start: 0, length: 2 * Double.pi, count: 32)
        let solver = try ETDRK4Solver(equation: .heat(diffusivity: nu), grid: grid, timeStep: 0.1)
        func exact(_ x: Double, _ t: Double) -> Double {
            exp(-nu * t) * sin(x) + 0.5 * exp(-9 * nu * t) * cos(3 * x) + 0.1 * exp(-49 * nu * t) * sin(7 * x)
        }
        let times = [0, 0.5, 1, 2]
        let solution = try solver.solve(initial: grid.sample { exact($0, 0) }, times: times)
        XCTAssertEqual(solution.values.count, times.count * grid.count)
        XCTAssertEqual(solution.steps, 20)
        for (i, t) in times.enumerated() {
            XCTAssertLessThan(maxAbsDifference(solution.snapshot(i), grid.sample { exact($0, t) }), 1e-13, "t = \(t)")
        }
    }

    func testConvectionDiffusionMatchesFourierSolution() throws {
        // u_t + β u_x = ν u_xx on [−1, 1): each mode sin(πm(x − βt)) decays by e^{−ν π² m² t}.
        let beta = 2.0, nu = 0.05
        let grid = try PeriodicGrid(start: -1, length: 2, count: 64)
        let solver = try ETDRK4Solver(equation: .convectionDiffusion(velocity: beta, diffusivity: nu), grid: grid, timeStep: 0.01)
        func exact(_ x: Double, _ t: Double) -> Double {
            [(1, 1.0), (3, 0.5), (8, 0.2)].reduce(0) { sum, mode in
                let m = Double(mode.0) * Double.pi
                return sum + mode.1 * exp(-nu * m * m * t) * sin(m * (x - beta * t))
            }
        }
        let times = [0.25, 0.5, 1]
        let solution = try solver.solve(initial: grid.sample { exact($0, 0) }, times: times)
        for (i, t) in times.enumerated() {
            XCTAssertLessThan(maxAbsDifference(solution.snapshot(i), grid.sample { exact($0, t) }), 1e-12, "t = \(t)")
        }
    }

    func testKdVSolitonTravelsAtItsSpeed() throws {
        // u_t + 6 u u_x + u_xxx = 0: u = (c/2) sech²(√c (x − ct − x₀)/2) on a period of 80.
        let c = 1.0, x0 = -10.0
        func soliton(_ x: Double, _ t: Double) -> Double {
            let s = 1 / cosh(c.squareRoot() / 2 * (x - c * t - x0))
            return c / 2 * s * s
        }
        let grid = try PeriodicGrid(start: -40, length: 80, count: 256)
        let solver = try ETDRK4Solver(equation: .kortewegDeVries(), grid: grid, timeStep: 0.01)
        let solution = try solver.solve(initial: grid.sample { soliton($0, 0) }, times: [10, 20])
        let error = maxAbsDifference(solution.snapshot(1), grid.sample { soliton($0, 20) })
        XCTAssertLessThan(error, 1e-7)
        print("KdV soliton, N = 256, h = 0.01, t = 20: max error \(error)")
    }

    func testBurgersMatchesColeHopf() throws {
        // u_t + u u_x = ν u_xx, u(x, 0) = sin x. Cole–Hopf: u = −2ν φ_x/φ with φ_t = ν φ_xx and
        // φ(x, 0) = e^{cos x/(2ν)}; φ is advanced exactly in Fourier space and differentiated spectrally.
        let nu = 0.1, t = 1.0
        func coleHopf(_ grid: PeriodicGrid) throws -> [Double] {
            let plan = try RealFourierTransform(count: grid.count)
            let k = grid.wavenumbers
            var (re, im) = plan.forward(grid.sample { exp(cos($0) / (2 * nu)) })
            for j in k.indices {
                re[j] *= exp(-nu * k[j] * k[j] * t)
                im[j] *= exp(-nu * k[j] * k[j] * t)
            }
            let phi = plan.inverse(real: re, imaginary: im)
            let nyquist = k.count - 1
            let phiX = plan.inverse(real: k.indices.map { $0 == nyquist ? 0 : -k[$0] * im[$0] },
                                    imaginary: k.indices.map { $0 == nyquist ? 0 : k[$0] * re[$0] })
            return phi.indices.map { -2 * nu * phiX[$0] / phi[$0] }
        }
        // 128 points resolve the solution; 2/3 dealiasing keeps only 42 modes there, so it needs 256.
        for (count, dealiasing) in [(128, Dealiasing.none), (256, .twoThirds)] {
            let grid = try PeriodicGrid(start: 0, length: 2 * Double.pi, count: count)
            let solver = try ETDRK4Solver(equation: .burgers(viscosity: nu), grid: grid, timeStep: 1e-3, dealiasing: dealiasing)
            let solution = try solver.solve(initial: grid.sample { sin($0) }, times: [t])
            let error = maxAbsDifference(solution.snapshot(0), try coleHopf(grid))
            XCTAssertLessThan(error, 1e-11)
            print("Burgers ν = 0.1, N = \(count), \(dealiasing), h = 1e-3, t = 1: max error against Cole–Hopf \(error)")
        }
    }

    /// Errors at steps h, h/2, h/4 against a run with h/32; returns the two observed orders.
    private func observedOrders(_ equation: SemilinearEquation, grid: PeriodicGrid, initial: [Double],
                                time: Double, coarsestStep h: Double, dealiasing: Dealiasing = .none) throws -> [Double] {
        func run(_ step: Double) throws -> [Double] {
            try ETDRK4Solver(equation: equation, grid: grid, timeStep: step, dealiasing: dealiasing)
                .solve(initial: initial, times: [time]).values
        }
        let reference = try run(h / 32)
        let errors = try [h, h / 2, h / 4].map { maxAbsDifference(try run($0), reference) }
        return [log2(errors[0] / errors[1]), log2(errors[1] / errors[2])]
    }

    func testFourthOrderOnKuramotoSivashinsky() throws {
        // The causal-PINN "regular" KS: α = 100/16, β = 100/16², γ = 100/16⁴ on [0, 2π). With 64
        // points and 2/3 dealiasing (21 modes) the problem is mildly stiff (|Lh| ≤ 0.4) and the
        // order is clean; finer grids show the stiff order reduction documented in ReferenceSolvers.md.
        let grid = try PeriodicGrid(start: 0, length: 2 * Double.pi, count: 64)
        let orders = try observedOrders(
            .kuramotoSivashinsky(alpha: 100.0 / 16, beta: 100.0 / 256, gamma: 100.0 / 65536), grid: grid,
            initial: grid.sample { cos($0) * (1 + sin($0)) }, time: 0.2, coarsestStep: 0.0025, dealiasing: .twoThirds)
        print("ETDRK4 observed orders, Kuramoto–Sivashinsky: \(orders)")
        for order in orders { XCTAssert((3.6...4.4).contains(order), "observed order \(order)") }
    }

    func testFourthOrderOnAllenCahn() throws {
        let grid = try PeriodicGrid(start: -1, length: 2, count: 128)
        let orders = try observedOrders(
            .allenCahn(), grid: grid, initial: grid.sample { $0 * $0 * cos(Double.pi * $0) },
            time: 0.5, coarsestStep: 0.05)
        print("ETDRK4 observed orders, Allen–Cahn: \(orders)")
        for order in orders { XCTAssert((3.6...4.4).contains(order), "observed order \(order)") }
    }
}
