import Foundation
import XCTest
import ReferenceSolvers

/// Dormand–Prince 5(4) against exact solutions, tolerance proportionality, the Lorenz system, the
/// evaluation count of FSAL, and its errors.
final class DormandPrinceTests: XCTestCase {
    private let decay = ODESystem(dimension: 1) { _, y in [-y[0]] }
    private let oscillator = ODESystem(dimension: 2) { _, y in [y[1], -y[0]] }

    func testExponentialDecay() throws {
        let times = [0, 0.5, 1, 2, 5]
        let solution = try DormandPrince(relativeTolerance: 1e-8, absoluteTolerance: 1e-12)
            .solve(decay, initial: [1], times: times)
        XCTAssertEqual(solution.state(0), [1])
        for (i, t) in times.enumerated() {
            XCTAssertEqual(solution.state(i)[0], exp(-t), accuracy: 1e-7 * exp(-t), "t = \(t)")
        }
    }

    func testHarmonicOscillatorErrorFollowsTolerance() throws {
        var errors: [Double] = []
        var steps: [Int] = []
        for rtol in [1e-4, 1e-6, 1e-8, 1e-10] {
            let solution = try DormandPrince(relativeTolerance: rtol, absoluteTolerance: rtol * 1e-3)
                .solve(oscillator, initial: [1, 0], times: [10])
            let y = solution.state(0)
            let error = max(abs(y[0] - cos(10)), abs(y[1] + sin(10)))
            XCTAssertLessThan(error, 100 * rtol, "rtol = \(rtol)")
            errors.append(error)
            steps.append(solution.acceptedSteps)
            // FSAL: six evaluations per attempted step, plus the first stage and the starting-step probe.
            XCTAssertEqual(solution.evaluations, 6 * (solution.acceptedSteps + solution.rejectedSteps) + 2)
        }
        print("Dormand–Prince oscillator errors at t = 10 for rtol 1e-4…1e-10: \(errors), steps \(steps)")
        for i in 1..<errors.count {
            XCTAssertLessThan(errors[i], errors[i - 1] / 10)
            XCTAssertGreaterThan(steps[i], steps[i - 1])
        }
    }

    func testLorenzAgreesAcrossTolerances() throws {
        let lorenz = ODESystem.lorenz(sigma: 10, rho: 28, beta: 8.0 / 3)
        let y0 = [1.0, 1, 1]
        let loose = try DormandPrince(relativeTolerance: 1e-10, absoluteTolerance: 1e-12).solve(lorenz, initial: y0, times: [1])
        let tight = try DormandPrince(relativeTolerance: 1e-12, absoluteTolerance: 1e-14).solve(lorenz, initial: y0, times: [1])
        let difference = zip(loose.state(0), tight.state(0)).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(difference, 1e-6)
        print("Lorenz at t = 1: \(tight.state(0)), rtol 1e-10 vs 1e-12 differ by \(difference)")
    }

    func testOutputTimesAreHitExactly() throws {
        // y' = 1: y(t) = t exactly, whatever the steps, as long as they end on the output times.
        let line = ODESystem(dimension: 1) { _, _ in [1] }
        let times = [0.1, 0.30000000000000004, 1.0 / 3, 7]
        let solution = try DormandPrince().solve(line, initial: [0], times: times)
        for (i, t) in times.enumerated() { XCTAssertEqual(solution.state(i)[0], t, accuracy: 1e-14) }
    }

    func testBadInputThrowsOneLineErrors() {
        let integrator = DormandPrince()
        func check(_ body: @autoclosure () throws -> ODESolution, _ expected: ReferenceSolverError, line: UInt = #line) {
            XCTAssertThrowsError(try body(), line: line) { error in
                XCTAssertEqual(error as? ReferenceSolverError, expected, line: line)
                XCTAssertFalse("\(error)".contains("\n"), line: line)
            }
        }
        check(try DormandPrince(initialStep: 0).solve(decay, initial: [1], times: [1]),
              .invalidArgument("the initial step must be positive and finite, got 0.0"))
        check(try DormandPrince(initialStep: -1).solve(decay, initial: [1], times: [1]),
              .invalidArgument("the initial step must be positive and finite, got -1.0"))
        check(try integrator.solve(decay, initial: [1], times: [1], startTime: 2), .outputTimeBeforeStart(time: 1, start: 2))
        check(try integrator.solve(decay, initial: [], times: [1]),
              .invalidArgument("the initial state has 0 values for a system of dimension 1"))
        check(try integrator.solve(ODESystem(dimension: 2) { _, _ in [0] }, initial: [1, 1], times: [1]),
              .invalidArgument("the right-hand side returned 1 values for a system of dimension 2"))
        XCTAssertThrowsError(try DormandPrince(maximumSteps: 5).solve(oscillator, initial: [1, 0], times: [100])) { error in
            guard case .maximumStepsExceeded(let time, let steps)? = error as? ReferenceSolverError else {
                return XCTFail("expected maximumStepsExceeded, got \(error)")
            }
            XCTAssertEqual(steps, 5)
            XCTAssert(time > 0 && time < 100)
        }
    }

    func testNonFiniteStateIsReportedAsDivergence() {
        // The right-hand side turns NaN after t = 0.5: the integrator must stop there, not return NaN.
        let poisoned = ODESystem(dimension: 1) { t, y in [t < 0.5 ? -y[0] : .nan] }
        XCTAssertThrowsError(try DormandPrince().solve(poisoned, initial: [1], times: [1])) { error in
            guard case .diverged(let time)? = error as? ReferenceSolverError else {
                return XCTFail("expected diverged, got \(error)")
            }
            XCTAssertEqual(time, 0.5, accuracy: 1e-6)
        }
    }
}
