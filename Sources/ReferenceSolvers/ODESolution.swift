/// The states of an ODE system at requested times, as returned by `DormandPrince.solve`.
///
/// Layout: `values` is row-major with one row per output time,
/// `values[i * dimension + c] = y_c(times[i])`, i.e. a `[times × dimension]` array.
public struct ODESolution: Sendable {
    /// The output times, as requested.
    public let times: [Double]
    /// The number of unknowns.
    public let dimension: Int
    /// The states, row-major `[times.count × dimension]`.
    public let values: [Double]
    /// Steps accepted.
    public let acceptedSteps: Int
    /// Steps rejected by the error control (and retried with a smaller step).
    public let rejectedSteps: Int
    /// Evaluations of the right-hand side.
    public let evaluations: Int

    /// The state at output index `i`.
    public func state(_ i: Int) -> [Double] {
        Array(values[(i * dimension)..<((i + 1) * dimension)])
    }
}
