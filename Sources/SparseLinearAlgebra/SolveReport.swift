/// The outcome of an iterative solve: the solution and how it was reached.
public struct SolveReport: Sendable {
    /// The solver, e.g. `"CG"`, `"MINRES"`, `"GMRES(30)"`.
    public let method: String
    /// The last iterate (the solution when `reason == .converged`).
    public let solution: [Double]
    /// Iterations performed (operator applications inside the iteration).
    public let iterations: Int
    /// The monitored residual norm at the start and after each iteration (`iterations + 1` entries,
    /// fewer when the solve stopped on a breakdown). Each solver documents which norm it monitors.
    public let residualHistory: [Double]
    /// `‖b − A x‖₂` of `solution`, recomputed with one extra operator application at the end
    /// (it can differ from the last monitored value by rounding drift).
    public let residualNorm: Double
    /// `‖b‖₂`.
    public let rightHandSideNorm: Double
    /// The threshold the monitored norm was compared with: `max(relative · ‖b‖, absolute)`.
    public let threshold: Double
    /// Wall-clock seconds of the solve (set-up of the preconditioner excluded).
    public let wallTime: Double
    /// Why the solve stopped.
    public let reason: ConvergenceReason

    /// Creates a report; solvers outside this module (learned solvers) build theirs with it.
    public init(method: String, solution: [Double], iterations: Int, residualHistory: [Double], residualNorm: Double,
                rightHandSideNorm: Double, threshold: Double, wallTime: Double, reason: ConvergenceReason) {
        self.method = method
        self.solution = solution
        self.iterations = iterations
        self.residualHistory = residualHistory
        self.residualNorm = residualNorm
        self.rightHandSideNorm = rightHandSideNorm
        self.threshold = threshold
        self.wallTime = wallTime
        self.reason = reason
    }

    /// `residualNorm / ‖b‖₂` (`residualNorm` itself when `b = 0`).
    public var relativeResidual: Double { rightHandSideNorm > 0 ? residualNorm / rightHandSideNorm : residualNorm }
}

extension SolveReport: CustomStringConvertible {
    /// One line: method, reason, iterations, relative residual and time.
    public var description: String {
        let rel = relativeResidual
        return "\(method) \(reason.summary) after \(iterations) iterations: ‖b − Ax‖/‖b‖ = \(rel), \(wallTime) s"
    }
}
