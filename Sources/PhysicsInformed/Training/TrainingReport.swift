/// How a training run ended.
public struct TrainingReport {
    /// Why training stopped.
    public enum StopReason: String, Sendable {
        /// Every stage ran to its end (or L-BFGS met its own stopping test).
        case completed
        /// The wall-clock budget ran out.
        case wallClockBudget = "wall_clock_budget"
        /// The callback asked to stop.
        case callback
        /// Causal weighting reached min wᵢ > δ at its last ε (``CausalWeighting/stopsWhenConverged``).
        case causalConverged = "causal_converged"
    }

    /// Global steps done (Adam steps plus L-BFGS iterations), including earlier runs when resumed.
    public let steps: Int
    /// The weighted total loss of the final model on the full batch.
    public let loss: Double
    /// The unweighted loss of each condition of the final model, by name.
    public let terms: [String: Double]
    /// The final validation error, if a validation set was given.
    public let validationError: Double?
    /// The physical parameters' final values, by name.
    public let physicalParameters: [String: Double]
    /// Wall-clock seconds, including earlier runs when resumed.
    public let seconds: Double
    /// Why training stopped.
    public let stopReason: StopReason
    /// The stop reason of each L-BFGS stage that ran (``LBFGS/StopReason`` raw values).
    public let lbfgsStopReasons: [String]
}
