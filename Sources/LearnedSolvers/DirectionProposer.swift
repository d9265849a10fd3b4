/// Proposes a search direction for the deep conjugate direction method from the current residual.
///
/// The solver passes the residual normalised to unit 2-norm and A-orthogonalises the proposal
/// against its previous directions, then does an exact line search, so the proposal's scale and sign
/// do not matter. Any proposal that is not A-orthogonal to the residual makes progress.
public protocol DirectionProposer {
    /// A direction (same length as `residual`) for the unit-norm `residual`.
    func direction(for residual: [Double]) -> [Double]
}

/// The residual itself as the direction: DCDM then is steepest descent with the last `k` directions
/// A-orthogonalised away — for `k ≥ 1` in exact arithmetic the same iterates as conjugate gradients.
public struct ResidualDirection: DirectionProposer {
    /// Creates the proposer.
    public init() {}

    public func direction(for residual: [Double]) -> [Double] { residual }
}

/// A direction proposer from a closure (a fixed preconditioner, a test double).
public struct ClosureDirection: DirectionProposer {
    let body: ([Double]) -> [Double]

    /// Wraps `body`, which maps a unit-norm residual to a direction.
    public init(_ body: @escaping ([Double]) -> [Double]) { self.body = body }

    public func direction(for residual: [Double]) -> [Double] { body(residual) }
}
