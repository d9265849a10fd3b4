import Foundation

/// A learning rate as a function of the optimisation step (0-based).
public enum LearningRateSchedule: Sendable, Hashable {
    /// The same rate at every step.
    case constant(Double)
    /// `initial · rate^(step / decaySteps)`; with `staircase`, the exponent is floored.
    case exponentialDecay(initial: Double, rate: Double, decaySteps: Int, staircase: Bool = false)
    /// Cosine annealing from `initial` to `final` over `totalSteps`, then `final`.
    case cosine(initial: Double, final: Double = 0, totalSteps: Int)
    /// Linear warm-up from 0 over `warmupSteps`, then `schedule` (which sees steps counted from the end of warm-up).
    indirect case warmup(steps: Int, then: LearningRateSchedule)

    /// The learning rate at `step`.
    public func rate(at step: Int) -> Double {
        switch self {
        case let .constant(r):
            return r
        case let .exponentialDecay(initial, rate, decaySteps, staircase):
            let e = Double(step) / Double(max(decaySteps, 1))
            return initial * Foundation.pow(rate, staircase ? e.rounded(.down) : e)
        case let .cosine(initial, final, totalSteps):
            let progress = min(Double(step) / Double(max(totalSteps, 1)), 1)
            return final + 0.5 * (initial - final) * (1 + Foundation.cos(Double.pi * progress))
        case let .warmup(steps, then):
            if step < steps { return then.rate(at: 0) * Double(step + 1) / Double(steps) }
            return then.rate(at: step - steps)
        }
    }
}
