/// Errors thrown by the reference solvers. Every case describes itself in one line.
public enum ReferenceSolverError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An argument is out of range (a size, a step, a tolerance, an array of the wrong length).
    case invalidArgument(String)
    /// A requested output time lies before the start time (or output times decrease).
    case outputTimeBeforeStart(time: Double, start: Double)
    /// A fixed-step solver was asked for an output time that is not a whole number of steps away.
    case outputTimeNotOnStepGrid(time: Double, step: Double)
    /// The state stopped being finite; `time` is where it was first seen.
    case diverged(time: Double)
    /// An adaptive integrator needed a step smaller than it can represent at `time`.
    case stepSizeTooSmall(time: Double, step: Double)
    /// An adaptive integrator used up its step budget before reaching the last output time.
    case maximumStepsExceeded(time: Double, steps: Int)

    public var description: String {
        switch self {
        case .invalidArgument(let message):
            return "invalid argument: \(message)"
        case .outputTimeBeforeStart(let time, let start):
            return "output time \(time) lies before \(start); output times must be ≥ the start time and non-decreasing"
        case .outputTimeNotOnStepGrid(let time, let step):
            return "output time \(time) is not a whole number of time steps \(step) from the start; choose a step that divides it"
        case .diverged(let time):
            return "the solution became non-finite (NaN or infinity) at t = \(time)"
        case .stepSizeTooSmall(let time, let step):
            return "step size \(step) became too small at t = \(time); the problem may be stiff or singular there"
        case .maximumStepsExceeded(let time, let steps):
            return "stopped at t = \(time) after the maximum of \(steps) steps"
        }
    }
}
