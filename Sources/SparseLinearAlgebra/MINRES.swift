import Dispatch

/// MINRES (Paige & Saunders, 1975) for symmetric systems `A x = b` that may be indefinite, with an
/// optional symmetric positive definite preconditioner `M`.
///
/// Each iteration minimises the residual over the Krylov subspace, built by the Lanczos process
/// (one operator and one preconditioner application, a few vector updates; seven vectors of storage).
/// The monitored norm is the recurrence's estimate of `‖r‖` in the `M⁻¹`-norm — the 2-norm without
/// a preconditioner — and the solve converges when it is `≤ max(relative · ‖b‖_{M⁻¹}, absolute)`;
/// the report recomputes the true `‖b − A x‖₂`. `A` must be symmetric (not checked: a non-symmetric
/// operator silently loses the minimisation property; use `GMRES`). A `CSRMatrix` that is exactly
/// symmetric is multiplied in its `SymmetricCSRMatrix` form, as in `ConjugateGradient`.
///
/// Stops with `.indefinitePreconditioner` when `rᵀM⁻¹r < 0`, `.breakdown` on a non-finite value;
/// every stop other than `.converged` throws `ConvergenceError`.
public struct MINRES: KrylovSolver, SymmetricKrylovSolver {
    /// When to stop.
    public var tolerances: SolverTolerances
    /// Threads for the vector kernels.
    public var threadCount: Int

    /// A solver with the given tolerances.
    public init(tolerances: SolverTolerances = SolverTolerances(), threadCount: Int = SparseParallelism.defaultThreadCount) {
        self.tolerances = tolerances
        self.threadCount = threadCount
    }


    /// Solves `A x = b` with the SPD preconditioner `M`.
    /// - Throws: `SolverSetupError`, or `ConvergenceError` carrying the report.
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

        let bNorm = VectorKernels.norm(b, threadCount: t)
        var x = initialGuess ?? [Double](repeating: 0, count: n)
        var history: [Double] = []
        var iterations = 0
        var threshold = tolerances.threshold(rightHandSideNorm: bNorm)

        func finish(_ reason: ConvergenceReason) throws -> SolveReport {
            let report = SolveReport(
                method: "MINRES", solution: x, iterations: iterations, residualHistory: history,
                residualNorm: VectorKernels.residualNorm(a, x, b, threadCount: t), rightHandSideNorm: bNorm,
                threshold: threshold,
                wallTime: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9, reason: reason)
            if reason != .converged { throw ConvergenceError(report: report) }
            return report
        }

        // r1 = b − A x0, y = M⁻¹ r1, β₁ = √(r1ᵀ y).
        var r1 = b
        var y = [Double](repeating: 0, count: n)
        if initialGuess != nil {
            a.apply(x, into: &y)
            _ = VectorKernels.subtractScaled(&r1, 1, y, threadCount: t)
        }
        if !identity {
            // The relative test uses ‖b‖ in the same M⁻¹-norm as the monitored residual.
            var mb = [Double](repeating: 0, count: n)
            let bMb = m.applyAndDot(b, into: &mb)
            guard bMb.isFinite else { history = [.nan]; return try finish(.breakdown) }
            guard bMb >= 0 else { history = [.nan]; return try finish(.indefinitePreconditioner) }
            threshold = tolerances.threshold(rightHandSideNorm: bMb.squareRoot())
        }
        // y holds M⁻¹ r2 with a preconditioner; without one it is scratch and r2 is used instead.
        var beta1 = identity ? VectorKernels.dot(r1, r1, threadCount: t) : m.applyAndDot(r1, into: &y)
        guard beta1.isFinite else { history = [.nan]; return try finish(.breakdown) }
        guard beta1 >= 0 else { history = [.nan]; return try finish(.indefinitePreconditioner) }
        beta1 = beta1.squareRoot()
        history.append(beta1)
        if beta1 <= threshold { return try finish(.converged) }

        var r2 = r1
        var v = [Double](repeating: 0, count: n)
        var w = [Double](repeating: 0, count: n)
        var w1 = [Double](repeating: 0, count: n)
        var w2 = [Double](repeating: 0, count: n)
        var oldb = 0.0, beta = beta1, dbar = 0.0, epsln = 0.0, phibar = beta1
        var cs = -1.0, sn = 0.0

        while iterations < tolerances.maxIterations {
            // Lanczos step: v = y / β, y = A v − (β/β_old) r1 − (α/β) r2.
            let s = 1 / beta
            if identity {
                for i in 0..<n { v[i] = s * r2[i] }
            } else {
                for i in 0..<n { v[i] = s * y[i] }
            }
            a.apply(v, into: &y)
            if iterations >= 1 { VectorKernels.addScaled(&y, -beta / oldb, r1, threadCount: t) }
            let alpha = VectorKernels.dot(v, y, threadCount: t)
            VectorKernels.addScaled(&y, -alpha / beta, r2, threadCount: t)
            swap(&r1, &r2)          // r1 ← old r2
            swap(&r2, &y)           // r2 ← the new Lanczos vector; y becomes scratch
            oldb = beta
            var betaSquared: Double
            if identity {
                betaSquared = VectorKernels.dot(r2, r2, threadCount: t)
            } else {
                betaSquared = m.applyAndDot(r2, into: &y)
            }
            iterations += 1
            guard betaSquared.isFinite, alpha.isFinite else { history.append(.nan); return try finish(.breakdown) }
            guard betaSquared >= 0 else { history.append(phibar); return try finish(.indefinitePreconditioner) }
            beta = betaSquared.squareRoot()

            // Apply the previous rotation, then a new one to annihilate β.
            let oldeps = epsln
            let delta = cs * dbar + sn * alpha
            let gbar = sn * dbar - cs * alpha
            epsln = sn * beta
            dbar = -cs * beta
            var gamma = (gbar * gbar + beta * beta).squareRoot()
            gamma = max(gamma, Double.ulpOfOne)
            cs = gbar / gamma
            sn = beta / gamma
            let phi = cs * phibar
            phibar = sn * phibar

            // Update the direction w and the iterate: w = (v − ε w1 − δ w2) / γ, x += φ w.
            swap(&w1, &w2)          // w1 ← old w2
            swap(&w2, &w)           // w2 ← old w; w now holds the stale old w1, overwritten below
            let invGamma = 1 / gamma
            for i in 0..<n {
                let wi = (v[i] - oldeps * w1[i] - delta * w2[i]) * invGamma
                w[i] = wi
                x[i] += phi * wi
            }
            history.append(phibar)
            guard phibar.isFinite else { return try finish(.breakdown) }
            if phibar <= threshold { return try finish(.converged) }
            if beta == 0 { return try finish(.breakdown) }
        }
        return try finish(.maximumIterations)
    }
}
