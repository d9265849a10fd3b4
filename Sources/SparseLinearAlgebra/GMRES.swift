import Dispatch

/// Restarted GMRES(m) (Saad & Schultz, 1986) for general non-symmetric systems `A x = b`, with
/// optional right preconditioning `A M⁻¹ u = b`, `x = M⁻¹ u`.
///
/// Each cycle builds an orthonormal Krylov basis of up to `restart` vectors by Arnoldi with
/// modified Gram–Schmidt, reduces the Hessenberg matrix with Givens rotations, and updates `x` at
/// the end of the cycle; the next cycle starts from the true residual. Cost of iteration `j` in a
/// cycle: one operator and one preconditioner application plus O(j n) for orthogonalisation;
/// storage `(restart + 1) n` doubles.
///
/// Because the preconditioner acts on the right, the monitored residual — the rotation estimate
/// `|gⱼ₊₁|`, equal to `‖b − A xⱼ‖₂` in exact arithmetic — is the true residual of the original
/// system. The solve converges when it is `≤ max(relative · ‖b‖, absolute)`; iterations count
/// operator applications over all cycles. A cycle ending on an invariant subspace (a zero
/// subdiagonal entry, the "lucky breakdown") gives the exact solution; if the projected system is
/// singular the solve stops with `.breakdown`. Every stop other than `.converged` throws
/// `ConvergenceError`.
public struct GMRES: KrylovSolver {
    /// When to stop.
    public var tolerances: SolverTolerances
    /// Krylov vectors per cycle (the `m` of GMRES(m)).
    public var restart: Int
    /// Threads for the vector kernels.
    public var threadCount: Int

    /// A solver restarting every `restart` iterations.
    public init(restart: Int = 30, tolerances: SolverTolerances = SolverTolerances(),
                threadCount: Int = SparseParallelism.defaultThreadCount) {
        self.restart = restart
        self.tolerances = tolerances
        self.threadCount = threadCount
    }


    /// Solves `A x = b` with the right preconditioner `M`.
    /// - Throws: `SolverSetupError`, or `ConvergenceError` carrying the report.
    public func solve<A: LinearOperator, P: Preconditioner>(
        _ a: A, rightHandSide b: [Double], initialGuess: [Double]? = nil, preconditioner m: P
    ) throws -> SolveReport {
        try tolerances.validate()
        guard restart >= 1 else { throw SolverSetupError.invalidTolerances("GMRES restart must be ≥ 1, got \(restart)") }
        try SolverSetupError.check(a, b, initialGuess, m)
        let start = DispatchTime.now().uptimeNanoseconds
        let n = b.count
        let t = threadCount
        let identity = m is IdentityPreconditioner
        let method = "GMRES(\(restart))"

        let bNorm = VectorKernels.norm(b, threadCount: t)
        let threshold = tolerances.threshold(rightHandSideNorm: bNorm)
        var x = initialGuess ?? [Double](repeating: 0, count: n)
        var history: [Double] = []
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

        let mDim = restart
        var basis = [[Double]](repeating: [Double](repeating: 0, count: n), count: mDim + 1)
        var h = [Double](repeating: 0, count: (mDim + 1) * mDim)   // column-major, leading dimension m + 1
        var cs = [Double](repeating: 0, count: mDim)
        var sn = [Double](repeating: 0, count: mDim)
        var g = [Double](repeating: 0, count: mDim + 1)
        var w = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: n)

        // r = b − A x.
        var r = b
        if initialGuess != nil {
            a.apply(x, into: &w)
            _ = VectorKernels.subtractScaled(&r, 1, w, threadCount: t)
        }
        var beta = VectorKernels.norm(r, threadCount: t)
        history.append(beta)

        while true {
            guard beta.isFinite else { return try finish(.breakdown) }
            if beta <= threshold { return try finish(.converged) }
            if iterations >= tolerances.maxIterations { return try finish(.maximumIterations) }

            for i in 0..<n { basis[0][i] = r[i] / beta }
            for i in 0...mDim { g[i] = 0 }
            g[0] = beta
            var k = 0            // columns built in this cycle
            var singular = false
            while k < mDim && iterations < tolerances.maxIterations {
                let j = k
                // w = A M⁻¹ vⱼ.
                if identity {
                    a.apply(basis[j], into: &w)
                } else {
                    m.apply(basis[j], into: &z)
                    a.apply(z, into: &w)
                }
                // Modified Gram–Schmidt.
                for i in 0...j {
                    let hij = VectorKernels.dot(w, basis[i], threadCount: t)
                    h[i + j * (mDim + 1)] = hij
                    VectorKernels.addScaled(&w, -hij, basis[i], threadCount: t)
                }
                let hNext = VectorKernels.norm(w, threadCount: t)
                h[j + 1 + j * (mDim + 1)] = hNext
                // Previous rotations on column j, then a new one that annihilates h[j+1, j].
                for i in 0..<j {
                    let a0 = h[i + j * (mDim + 1)], a1 = h[i + 1 + j * (mDim + 1)]
                    h[i + j * (mDim + 1)] = cs[i] * a0 + sn[i] * a1
                    h[i + 1 + j * (mDim + 1)] = -sn[i] * a0 + cs[i] * a1
                }
                let hjj = h[j + j * (mDim + 1)]
                let denom = (hjj * hjj + hNext * hNext).squareRoot()
                iterations += 1
                k += 1
                guard denom.isFinite, hNext.isFinite else { history.append(.nan); return try finish(.breakdown) }
                if denom == 0 {
                    // The projected matrix is singular in this column: the cycle cannot go on.
                    history.append(abs(g[j]))
                    k -= 1
                    singular = true
                    break
                }
                cs[j] = hjj / denom
                sn[j] = hNext / denom
                h[j + j * (mDim + 1)] = denom
                h[j + 1 + j * (mDim + 1)] = 0
                g[j + 1] = -sn[j] * g[j]
                g[j] = cs[j] * g[j]
                history.append(abs(g[j + 1]))
                if hNext == 0 { break }   // invariant subspace: this cycle's update is exact
                let inv = 1 / hNext
                for i in 0..<n { basis[j + 1][i] = w[i] * inv }
                if abs(g[j + 1]) <= threshold { break }
            }

            // Back substitution R y = g over the k columns, then x += M⁻¹ (V y).
            if k > 0 {
                var y = [Double](repeating: 0, count: k)
                var i = k - 1
                while i >= 0 {
                    var s = g[i]
                    for c in (i + 1)..<k { s -= h[i + c * (mDim + 1)] * y[c] }
                    y[i] = s / h[i + i * (mDim + 1)]
                    i -= 1
                }
                for i in 0..<n { w[i] = 0 }
                for c in 0..<k { VectorKernels.addScaled(&w, y[c], basis[c], threadCount: t) }
                if identity {
                    VectorKernels.addScaled(&x, 1, w, threadCount: t)
                } else {
                    m.apply(w, into: &z)
                    VectorKernels.addScaled(&x, 1, z, threadCount: t)
                }
            }
            // The true residual starts the next cycle.
            a.apply(x, into: &w)
            for i in 0..<n { r[i] = b[i] - w[i] }
            beta = VectorKernels.norm(r, threadCount: t)
            if singular && !(beta <= threshold) {
                // A singular projected system: A (or M) is singular on the Krylov space.
                history.append(beta)
                return try finish(.breakdown)
            }
        }
    }
}
