import Foundation

/// The Dormand–Prince 5(4) explicit Runge–Kutta method with adaptive steps for non-stiff ODE
/// systems `y' = f(t, y)` — the method of MATLAB's `ode45` and SciPy's `RK45`.
///
/// Each step takes six new evaluations of f (the seventh stage is the first of the next step,
/// "first same as last"), advances with the fifth-order solution and estimates the error from the
/// embedded fourth-order one. A step is accepted when
/// `sqrt(mean_i((err_i / (atol + rtol · max(|y_i|, |y_i⁺|)))²)) ≤ 1` (Hairer's norm); the next step
/// is `h · min(10, max(0.2, safety · err^(−1/5)))`, not growing right after a rejection. The first
/// step is chosen by Hairer's starting-step algorithm unless `initialStep` is given.
///
/// Output: steps are shortened to land exactly on each requested time (no interpolation), so the
/// returned states are fifth-order solutions at those times. The global error is roughly
/// proportional to `rtol` (tolerance proportionality), typically within a factor 10–100 of it for
/// well-behaved problems over moderate times; it is not guaranteed.
public struct DormandPrince: Sendable {
    /// The relative tolerance rtol (≥ 0).
    public var relativeTolerance: Double
    /// The absolute tolerance atol (≥ 0; rtol and atol must not both be 0).
    public var absoluteTolerance: Double
    /// The first step to try; `nil` lets the integrator choose.
    public var initialStep: Double?
    /// An upper bound on the step size.
    public var maximumStep: Double
    /// The most steps (accepted and rejected) the integrator attempts before giving up.
    public var maximumSteps: Int
    /// The safety factor of the step-size controller, in (0, 1].
    public var safetyFactor: Double

    /// An integrator with the given tolerances and controller settings.
    public init(relativeTolerance: Double = 1e-6, absoluteTolerance: Double = 1e-9,
                initialStep: Double? = nil, maximumStep: Double = .infinity,
                maximumSteps: Int = 1_000_000, safetyFactor: Double = 0.9) {
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.initialStep = initialStep
        self.maximumStep = maximumStep
        self.maximumSteps = maximumSteps
        self.safetyFactor = safetyFactor
    }

    /// Integrates `system` from `initial` at `startTime` and returns the states at `times`
    /// (non-decreasing, none before `startTime`; a time equal to `startTime` returns `initial`).
    /// - Returns: the states, row-major `[times.count × dimension]` (see `ODESolution`).
    /// - Throws: `ReferenceSolverError.invalidArgument` (bad tolerances or settings, a non-positive
    ///   initial step, initial state of the wrong size or not finite, a right-hand side returning the
    ///   wrong number of values, no output times), `.outputTimeBeforeStart`, `.diverged(time:)` when
    ///   the solution stops being finite, `.stepSizeTooSmall` and `.maximumStepsExceeded`.
    public func solve(_ system: ODESystem, initial: [Double], times: [Double], startTime: Double = 0) throws -> ODESolution {
        try validate(system, initial: initial, times: times, startTime: startTime)
        let dimension = system.dimension
        var evaluations = 0
        func f(_ t: Double, _ y: [Double]) throws -> [Double] {
            evaluations += 1
            let value = system.rightHandSide(t, y)
            guard value.count == dimension else {
                throw ReferenceSolverError.invalidArgument("the right-hand side returned \(value.count) values for a system of dimension \(dimension)")
            }
            return value
        }

        let tableau = (a: DormandPrinceTableau.a, c: DormandPrinceTableau.c, e: DormandPrinceTableau.errorWeights)
        var t = startTime
        var y = initial
        var k1 = try f(t, y)
        guard k1.allSatisfy(\.isFinite) else { throw ReferenceSolverError.diverged(time: t) }
        var h = 0.0
        if let last = times.last, last > startTime {
            h = try initialStep ?? startingStep(f, t: t, y: y, f0: k1, span: last - startTime)
        }
        var accepted = 0, rejected = 0
        var justRejected = false, lastFailureNonFinite = false
        var values: [Double] = []
        values.reserveCapacity(times.count * dimension)
        var stages = [[Double]](repeating: [], count: 7)
        var stageState = [Double](repeating: 0, count: dimension)

        for target in times {
            while t < target {
                guard accepted + rejected < maximumSteps else {
                    throw ReferenceSolverError.maximumStepsExceeded(time: t, steps: maximumSteps)
                }
                var step = min(h, maximumStep)
                var reachesTarget = false
                if t + step * (1 + 1e-10) >= target {
                    step = target - t
                    reachesTarget = true
                }
                guard step > 0, t + step > t, step >= 4 * t.magnitude.ulp else {
                    throw lastFailureNonFinite
                        ? ReferenceSolverError.diverged(time: t)
                        : ReferenceSolverError.stepSizeTooSmall(time: t, step: step)
                }
                stages[0] = k1
                for s in 1..<7 {
                    for i in 0..<dimension {
                        var sum = 0.0
                        for j in 0..<s { sum += tableau.a[s][j] * stages[j][i] }
                        stageState[i] = y[i] + step * sum
                    }
                    stages[s] = try f(t + tableau.c[s] * step, stageState)
                }
                // Stage 7 was evaluated at the fifth-order solution itself.
                let next = stageState
                var sumOfSquares = 0.0
                for i in 0..<dimension {
                    var e = 0.0
                    for j in 0..<7 { e += tableau.e[j] * stages[j][i] }
                    e *= step
                    let scale = absoluteTolerance + relativeTolerance * max(abs(y[i]), abs(next[i]))
                    let ratio = scale > 0 ? e / scale : (e == 0 ? 0 : .infinity)
                    sumOfSquares += ratio * ratio
                }
                let error = (sumOfSquares / Double(dimension)).squareRoot()
                let finite = error.isFinite && next.allSatisfy(\.isFinite) && stages[6].allSatisfy(\.isFinite)
                if !finite {
                    rejected += 1
                    h = step * 0.2
                    justRejected = true
                    lastFailureNonFinite = true
                    continue
                }
                lastFailureNonFinite = false
                let factor = error == 0 ? 10 : min(10, max(0.2, safetyFactor * pow(error, -0.2)))
                if error <= 1 {
                    t = reachesTarget ? target : t + step
                    y = next
                    k1 = stages[6]
                    accepted += 1
                    let grown = step * (justRejected ? min(factor, 1) : factor)
                    // A step shortened to hit an output time says nothing against the step before it.
                    h = reachesTarget && factor >= 1 ? max(h, grown) : grown
                    justRejected = false
                } else {
                    rejected += 1
                    h = step * factor
                    justRejected = true
                }
            }
            values += y
        }
        return ODESolution(times: times, dimension: dimension, values: values,
                           acceptedSteps: accepted, rejectedSteps: rejected, evaluations: evaluations)
    }

    /// Hairer–Nørsett–Wanner's starting step (HNW I, II.4): a step of size `0.01‖y‖/‖f‖`, refined by
    /// one explicit Euler step's estimate of the second derivative.
    private func startingStep(_ f: (Double, [Double]) throws -> [Double], t: Double, y: [Double], f0: [Double], span: Double) throws -> Double {
        func norm(_ v: [Double]) -> Double {
            var s = 0.0
            for i in v.indices {
                let scale = absoluteTolerance + relativeTolerance * abs(y[i])
                let r = scale > 0 ? v[i] / scale : (v[i] == 0 ? 0 : .infinity)
                s += r * r
            }
            return (s / Double(v.count)).squareRoot()
        }
        let d0 = norm(y), d1 = norm(f0)
        var h0 = (d0 < 1e-5 || d1 < 1e-5 || !d0.isFinite || !d1.isFinite) ? 1e-6 : 0.01 * d0 / d1
        h0 = min(h0, span, maximumStep)
        let y1 = y.indices.map { y[$0] + h0 * f0[$0] }
        let f1 = try f(t + h0, y1)
        let d2 = norm(f1.indices.map { f1[$0] - f0[$0] }) / h0
        let dMax = max(d1, d2)
        let h1 = (dMax <= 1e-15 || !dMax.isFinite) ? max(1e-6, h0 * 1e-3) : pow(0.01 / dMax, 0.2)
        return min(100 * h0, h1, maximumStep)
    }

    private func validate(_ system: ODESystem, initial: [Double], times: [Double], startTime: Double) throws {
        guard relativeTolerance >= 0, absoluteTolerance >= 0, relativeTolerance.isFinite, absoluteTolerance.isFinite,
              relativeTolerance + absoluteTolerance > 0 else {
            throw ReferenceSolverError.invalidArgument("tolerances must be finite, ≥ 0 and not both 0 (relative \(relativeTolerance), absolute \(absoluteTolerance))")
        }
        if let h = initialStep, !(h > 0 && h.isFinite) {
            throw ReferenceSolverError.invalidArgument("the initial step must be positive and finite, got \(h)")
        }
        guard maximumStep > 0 else {
            throw ReferenceSolverError.invalidArgument("the maximum step must be positive, got \(maximumStep)")
        }
        guard maximumSteps >= 1 else {
            throw ReferenceSolverError.invalidArgument("maximumSteps must be ≥ 1, got \(maximumSteps)")
        }
        guard safetyFactor > 0, safetyFactor <= 1 else {
            throw ReferenceSolverError.invalidArgument("the safety factor must lie in (0, 1], got \(safetyFactor)")
        }
        guard system.dimension >= 1 else {
            throw ReferenceSolverError.invalidArgument("the system needs at least one unknown, got dimension \(system.dimension)")
        }
        guard initial.count == system.dimension else {
            throw ReferenceSolverError.invalidArgument("the initial state has \(initial.count) values for a system of dimension \(system.dimension)")
        }
        guard initial.allSatisfy(\.isFinite) else {
            throw ReferenceSolverError.invalidArgument("the initial state contains non-finite values")
        }
        guard startTime.isFinite else {
            throw ReferenceSolverError.invalidArgument("the start time must be finite, got \(startTime)")
        }
        guard !times.isEmpty else {
            throw ReferenceSolverError.invalidArgument("no output times were requested")
        }
        var previous = startTime
        for t in times {
            guard t.isFinite else { throw ReferenceSolverError.invalidArgument("output time \(t) is not finite") }
            guard t >= previous else { throw ReferenceSolverError.outputTimeBeforeStart(time: t, start: previous) }
            previous = t
        }
    }
}
