import Dispatch

/// Conjugate gradients for symmetric positive definite systems `A x = b`, optionally preconditioned
/// (PCG, Hestenes–Stiefel with an SPD preconditioner `M`).
///
/// Monitors the 2-norm of the recursively updated residual `rₖ`; when
/// `‖rₖ‖ ≤ max(relative · ‖b‖, absolute)` it checks the true residual `b − A x` (one extra operator
/// application) and converges only if that meets the threshold too. Otherwise it replaces `rₖ` by
/// the true residual and restarts the directions from it (at most three times; then
/// `.maximumIterations`), so a reported convergence always holds for `b − A x`.
/// In exact arithmetic the error decreases in the A-norm by at least
/// `2 ((√κ − 1)/(√κ + 1))ᵏ`, `κ` the condition number of `M⁻¹A`.
///
/// A `CSRMatrix` that is exactly symmetric is multiplied in its `SymmetricCSRMatrix` form (built at
/// the start of each solve, in about the time of a few products, and timed with it), which reads
/// about half the bytes per product (`SymmetricCSRMatrix.automaticallyFrom`, which declines when
/// the copy would take more than half the available memory); pass a `SymmetricCSRMatrix` to build
/// it only once.
///
/// Cost per iteration: one operator application fused with `pᵀAp` (for `CSRMatrix`), one
/// preconditioner application, and two fused vector passes (`r ← r − αq` with `‖r‖²`, then
/// `x ← x + αp` with `p ← z + βp`). Vector work is split across `threadCount` threads in fixed
/// chunks, so results do not depend on the thread count. Memory: four vectors (five with `M`).
///
/// Stops with `.indefiniteMatrix` when `pᵀAp ≤ 0`, `.indefinitePreconditioner` when `rᵀM⁻¹r ≤ 0`,
/// `.breakdown` on a non-finite value; every stop other than `.converged` throws `ConvergenceError`.
public struct ConjugateGradient: KrylovSolver, SymmetricKrylovSolver {
    /// When to stop.
    public var tolerances: SolverTolerances
    /// Threads for the vector kernels (the operator and preconditioner choose their own).
    public var threadCount: Int

    /// A solver with the given tolerances.
    public init(tolerances: SolverTolerances = SolverTolerances(), threadCount: Int = SparseParallelism.defaultThreadCount) {
        self.tolerances = tolerances
        self.threadCount = threadCount
    }


    /// Solves `A x = b` with the preconditioner `M` (set up beforehand).
    /// - Throws: `SolverSetupError` for inconsistent sizes or tolerances, `ConvergenceError`
    ///   (carrying the report) when the solve does not converge.
    public func solve<A: LinearOperator, P: Preconditioner>(
        _ a: A, rightHandSide b: [Double], initialGuess: [Double]? = nil, preconditioner m: P
    ) throws -> SolveReport {
        try solveSymmetric(a, b, initialGuess, m)
    }

    /// The iteration, timed from `start` (which includes building a symmetric form).
    func iterate<A: LinearOperator, P: Preconditioner>(
        _ a: A, _ b: [Double], _ initialGuess: [Double]?, _ m: P, start: UInt64
    ) throws -> SolveReport {
        let n = b.count
        let t = threadCount
        let identity = m is IdentityPreconditioner
        let method = identity ? "CG" : "PCG"

        let bNorm = VectorKernels.norm(b, threadCount: t)
        let threshold = tolerances.threshold(rightHandSideNorm: bNorm)
        var x = initialGuess ?? [Double](repeating: 0, count: n)
        var r = b
        var q = [Double](repeating: 0, count: n)
        if initialGuess != nil {
            a.apply(x, into: &q)
            _ = VectorKernels.subtractScaled(&r, 1, q, threadCount: t)
        }
        var rr = VectorKernels.dot(r, r, threadCount: t)
        var history = [rr.squareRoot()]
        var iterations = 0

        func finish(_ reason: ConvergenceReason) throws -> SolveReport {
            let report = SolveReport(
                method: method, solution: x, iterations: iterations, residualHistory: history,
                residualNorm: VectorKernels.residualNorm(a, x, b, threadCount: t), rightHandSideNorm: bNorm,
                threshold: threshold,
                wallTime: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9, reason: reason)
            if reason != .converged { throw ConvergenceError(report: report) }
            return report
        }

        guard rr.isFinite else { return try finish(.breakdown) }
        if rr.squareRoot() <= threshold { return try finish(.converged) }

        // z = M⁻¹ r (z aliases r without a preconditioner).
        var z: [Double] = identity ? [] : [Double](repeating: 0, count: n)
        var rz = identity ? rr : m.applyAndDot(r, into: &z)
        guard rz.isFinite else { return try finish(.breakdown) }
        guard rz > 0 else { return try finish(.indefinitePreconditioner) }
        var p = identity ? r : z
        var replacements = 0

        while iterations < tolerances.maxIterations {
            let pq = a.applyAndDot(p, into: &q)
            guard pq.isFinite else { return try finish(.breakdown) }
            guard pq > 0 else { return try finish(.indefiniteMatrix) }
            let alpha = rz / pq
            rr = VectorKernels.subtractScaled(&r, alpha, q, threadCount: t)
            iterations += 1
            history.append(rr.squareRoot())
            guard rr.isFinite else { return try finish(.breakdown) }
            if rr.squareRoot() <= threshold {
                VectorKernels.addScaled(&x, alpha, p, threadCount: t)
                // The recurred residual drifts from b − Ax in floating point; converge only on the
                // true one. Otherwise restart from it (residual replacement), a few times at most.
                r = b
                a.apply(x, into: &q)
                rr = VectorKernels.subtractScaled(&r, 1, q, threadCount: t)
                if rr.squareRoot() <= threshold { return try finish(.converged) }
                replacements += 1
                guard replacements <= 3, iterations < tolerances.maxIterations else { return try finish(.maximumIterations) }
                rz = identity ? rr : m.applyAndDot(r, into: &z)
                guard rz.isFinite, rz > 0 else { return try finish(.breakdown) }
                p = identity ? r : z
                continue
            }
            let rzNew = identity ? rr : m.applyAndDot(r, into: &z)
            guard rzNew.isFinite else {
                VectorKernels.addScaled(&x, alpha, p, threadCount: t)
                return try finish(.breakdown)
            }
            guard rzNew > 0 else {
                VectorKernels.addScaled(&x, alpha, p, threadCount: t)
                return try finish(.indefinitePreconditioner)
            }
            let beta = rzNew / rz
            rz = rzNew
            // x ← x + αp and p ← z + βp in one pass.
            if identity {
                VectorKernels.advance(&x, alpha, &p, r, beta, threadCount: t)
            } else {
                VectorKernels.advance(&x, alpha, &p, z, beta, threadCount: t)
            }
        }
        return try finish(.maximumIterations)
    }
}
