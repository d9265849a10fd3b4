/// The causal weighting state at one training step (a part of ``TrainingRecord``).
public struct CausalRecord: Sendable, Equatable {
    /// The causality parameter ε in force.
    public var epsilon: Double
    /// min wᵢ over the slices.
    public var minimumWeight: Double
    /// The mean squared residual of each time slice, L₁ … L_M.
    public var sliceLosses: [Double]

    /// Creates a record.
    public init(epsilon: Double, minimumWeight: Double, sliceLosses: [Double]) {
        self.epsilon = epsilon
        self.minimumWeight = minimumWeight
        self.sliceLosses = sliceLosses
    }
}
