/// Why an iterative solve stopped (PETSc's `KSPConvergedReason`, as an enum).
public enum ConvergenceReason: String, Sendable, Equatable, CaseIterable {
    /// The residual met `SolverTolerances` (relative or absolute).
    case converged
    /// `maxIterations` iterations ran without meeting the tolerances.
    case maximumIterations
    /// The iteration cannot continue: a division by zero or a non-finite value (NaN or ∞ in the
    /// operator, the right-hand side or the preconditioner), or a singular projected system in GMRES.
    case breakdown
    /// CG found a direction `p` with `pᵀ A p ≤ 0`: the operator is not positive definite.
    case indefiniteMatrix
    /// CG or MINRES found `rᵀ M⁻¹ r ≤ 0` for `r ≠ 0`: the preconditioner is not positive definite.
    case indefinitePreconditioner

    /// Whether the solve succeeded.
    public var isConverged: Bool { self == .converged }

    /// A few words for messages.
    public var summary: String {
        switch self {
        case .converged: return "converged"
        case .maximumIterations: return "reached the maximum number of iterations"
        case .breakdown: return "broke down (division by zero or a non-finite value)"
        case .indefiniteMatrix: return "found the operator indefinite (pᵀAp ≤ 0)"
        case .indefinitePreconditioner: return "found the preconditioner indefinite (rᵀM⁻¹r ≤ 0)"
        }
    }
}
