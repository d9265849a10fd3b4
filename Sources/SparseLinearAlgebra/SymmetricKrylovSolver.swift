import Dispatch

/// A Krylov method for symmetric operators (`ConjugateGradient`, `MINRES`): its `solve` checks the
/// set-up, starts the clock and runs `iterate` on the operator, or, for an exactly symmetric
/// `CSRMatrix`, on its `SymmetricCSRMatrix` form (`automaticallyFrom`), whose products read about
/// half the bytes.
protocol SymmetricKrylovSolver: KrylovSolver {
    /// The iteration itself, timed from `start` (which includes building a symmetric form).
    func iterate<A: LinearOperator, P: Preconditioner>(
        _ a: A, _ b: [Double], _ initialGuess: [Double]?, _ m: P, start: UInt64
    ) throws -> SolveReport
}

extension SymmetricKrylovSolver {
    /// Validates, then iterates on `a` or on its symmetric form.
    func solveSymmetric<A: LinearOperator, P: Preconditioner>(
        _ a: A, _ b: [Double], _ initialGuess: [Double]?, _ m: P
    ) throws -> SolveReport {
        try tolerances.validate()
        try SolverSetupError.check(a, b, initialGuess, m)
        let start = DispatchTime.now().uptimeNanoseconds
        if let matrix = a as? CSRMatrix, let symmetric = SymmetricCSRMatrix.automaticallyFrom(matrix) {
            return try iterate(symmetric, b, initialGuess, m, start: start)
        }
        return try iterate(a, b, initialGuess, m, start: start)
    }
}
