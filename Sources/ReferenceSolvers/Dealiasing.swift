/// How the nonlinear term of a pseudo-spectral solver is protected against aliasing.
public enum Dealiasing: Sendable, Equatable {
    /// No filtering: every mode of the nonlinear term is kept.
    case none
    /// Orszag's 2/3 rule: after each evaluation of the nonlinear term the modes with `3|j| ≥ n` (j the
    /// mode index, n the number of grid points) are set to zero, so a quadratic nonlinearity is
    /// computed without aliasing among the kept modes.
    case twoThirds

    /// Whether mode `j` of an `n`-point grid is kept.
    func keeps(mode j: Int, of n: Int) -> Bool {
        switch self {
        case .none: return true
        case .twoThirds: return 3 * j < n
        }
    }
}
