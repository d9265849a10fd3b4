/// Causal weighting of a time-dependent residual (Wang, Sankaran & Perdikaris 2022, "Respecting
/// causality is all you need for training physics-informed neural networks").
///
/// The residual condition's points are split by their time coordinate into `slices` ordered slices
/// with mean squared residuals L₁ … L_M. Slice i is weighted by
///
///     wᵢ = exp(−ε (L₀ + Σ_{k<i} L_k))
///
/// where L₀ is the (fixed-weighted) loss of the conditions named in `initialConditions` (zero when
/// none are named, so w₁ = 1), and the condition's loss becomes (1/M) Σ wᵢ Lᵢ. The weights are
/// constants for differentiation (stop-gradient): gradients flow through the Lᵢ only. A late slice
/// therefore counts only once every earlier slice is fitted.
///
/// ε runs through `epsilons`: training moves to the next value once min wᵢ > `threshold` (δ),
/// checked every `checkEvery` Adam steps, or after `stepsPerLevel` Adam steps at one value. When the
/// last ε reaches the threshold, training stops (``TrainingReport/StopReason/causalConverged``) if
/// `stopsWhenConverged`. min wᵢ, ε and every Lᵢ are logged in progress lines and `loss.csv`; the
/// current ε is saved in checkpoints, so a resumed run continues at the same level.
///
/// Note: the authors state that the causal training algorithm is subject to a patent of the
/// University of Pennsylvania and is not for commercial use.
public struct CausalWeighting: Sendable {
    /// The name of the residual condition whose points are split in time.
    public var condition: String
    /// The column of the time coordinate in the points.
    public var timeAxis: Int
    /// The number of time slices M.
    public var slices: Int
    /// The time interval the slices partition; nil: the time extent of the condition's geometry.
    public var timeRange: ClosedRange<Double>?
    /// The causality parameters ε, in increasing order.
    public var epsilons: [Double]
    /// δ: move to the next ε once every weight exceeds this.
    public var threshold: Double
    /// Adam steps between checks of min wᵢ against δ.
    public var checkEvery: Int
    /// Move on after this many Adam steps at one ε even when δ is not reached (nil: never).
    public var stepsPerLevel: Int?
    /// The conditions whose loss is L₀ (e.g. `["ic"]`); empty: w₁ = 1 and the initial condition
    /// enters the loss only through its own term.
    public var initialConditions: [String]
    /// Whether training ends once the last ε reaches δ.
    public var stopsWhenConverged: Bool

    /// Creates a causal weighting of condition `condition` with time in column `timeAxis`.
    public init(condition: String = "pde", timeAxis: Int, slices: Int = 32, timeRange: ClosedRange<Double>? = nil,
                epsilons: [Double] = [1e-2, 1e-1, 1, 10, 100], threshold: Double = 0.99, checkEvery: Int = 100,
                stepsPerLevel: Int? = nil, initialConditions: [String] = [], stopsWhenConverged: Bool = true) {
        self.condition = condition
        self.timeAxis = timeAxis
        self.slices = slices
        self.timeRange = timeRange
        self.epsilons = epsilons
        self.threshold = threshold
        self.checkEvery = checkEvery
        self.stepsPerLevel = stepsPerLevel
        self.initialConditions = initialConditions
        self.stopsWhenConverged = stopsWhenConverged
    }

    func check() throws(TrainingError) {
        guard slices >= 1 else { throw .invalidConfiguration("causal weighting needs at least one time slice") }
        guard !epsilons.isEmpty, epsilons.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw .invalidConfiguration("causal weighting needs a list of finite, non-negative ε values")
        }
        guard threshold > 0, threshold < 1 else { throw .invalidConfiguration("the causal threshold δ must lie in (0, 1)") }
        guard checkEvery >= 1 else { throw .invalidConfiguration("causal checkEvery must be at least 1") }
        if let s = stepsPerLevel, s < 1 { throw .invalidConfiguration("causal stepsPerLevel must be at least 1") }
        if let r = timeRange, !(r.upperBound > r.lowerBound) {
            throw .invalidConfiguration("the causal time range \(r) is empty")
        }
    }
}
