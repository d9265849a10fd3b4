/// A Krylov method configured by tolerances (`ConjugateGradient`, `MINRES`, `GMRES`): it solves
/// `A x = b` with a preconditioner set up beforehand and returns a `SolveReport`.
///
/// Every stop other than `.converged` throws `ConvergenceError` carrying the report; inconsistent
/// sizes or tolerances throw `SolverSetupError`.
public protocol KrylovSolver: Sendable {
    /// When to stop.
    var tolerances: SolverTolerances { get set }
    /// Threads for the vector kernels (the operator and preconditioner choose their own).
    var threadCount: Int { get set }

    /// Solves `A x = b` with the preconditioner `M`.
    func solve<A: LinearOperator, P: Preconditioner>(
        _ a: A, rightHandSide b: [Double], initialGuess: [Double]?, preconditioner m: P
    ) throws -> SolveReport
}

extension KrylovSolver {
    /// Solves `A x = b` without preconditioning.
    /// - Throws: `SolverSetupError`, or `ConvergenceError` carrying the report.
    public func solve<A: LinearOperator>(_ a: A, rightHandSide b: [Double], initialGuess: [Double]? = nil) throws -> SolveReport {
        try solve(a, rightHandSide: b, initialGuess: initialGuess, preconditioner: IdentityPreconditioner())
    }
}
