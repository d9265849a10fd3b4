import Dispatch
import SparseLinearAlgebra

/// The deep conjugate direction method (DCDM, Kaneda et al., ICML 2023) for symmetric positive
/// definite systems `A x = b`: a `DirectionProposer` (the trained network) suggests a direction from
/// the normalised residual, which is A-orthogonalised against the last `k` directions and followed by
/// an exact line search.
///
/// One iteration, with `pⱼ`, `A pⱼ` and `aⱼ = pⱼᵀ A pⱼ` of the last `k` directions kept:
/// ```
/// q = propose(r / ‖r‖);   q ← q − Σⱼ (qᵀ A pⱼ / aⱼ) pⱼ;   α = qᵀ r / qᵀ A q;   x ← x + α q
/// r ← b − A x   (recomputed; or r ← r − α A q with `recomputesResidual: false`)
/// ```
/// Every step minimises the A-norm of the error along `q`, so the error never grows and the method
/// converges for any proposer whose directions are not A-orthogonal to the residual; the proposer
/// decides how fast. With `ResidualDirection` (q = r) and `k ≥ 1` it reproduces conjugate gradients in
/// exact arithmetic.
///
/// Stops when `‖r‖₂ ≤ max(relative · ‖b‖, absolute)` (`SolverTolerances`, as for `ConjugateGradient`;
/// with `x₀ = 0` this is the paper's `‖r‖ ≤ tol · ‖r₀‖`). Cost per iteration: one proposal, two operator
/// applications (one without residual recomputation), `2k + 4` vector passes; memory `2k + 4` vectors.
/// A direction with `qᵀ A q ≤ 0` ends the solve with `.indefiniteMatrix` (or `.breakdown` when
/// `q = 0`: the proposal lay in the span of the previous directions; with residual steps such a
/// proposal is skipped and the residual steps go on); a non-finite value with
/// `.breakdown`. Every stop other than `.converged` throws `ConvergenceError` carrying the report.
public struct DeepConjugateDirections: Sendable {
    /// When to stop.
    public var tolerances: SolverTolerances
    /// The number `k` of previous directions each new one is A-orthogonalised against (the paper: 2).
    public var directionCount: Int
    /// Whether the residual is recomputed as `b − A x` every iteration (the authors' code) rather than
    /// updated recursively.
    public var recomputesResidual: Bool
    /// Conjugate-gradient steps along the residual after each network step (0 in the paper). Each is
    /// A-orthogonalised against the kept directions like a network direction and kept as one; an
    /// iteration is still one proposal (one network evaluation) and costs one more operator
    /// application per residual step.
    public var residualSteps: Int = 0

    /// A solver; `directionCount` must be ≥ 0.
    public init(tolerances: SolverTolerances = SolverTolerances(relative: 1e-6),
                directionCount: Int = 2, recomputesResidual: Bool = true) {
        self.tolerances = tolerances
        self.directionCount = directionCount
        self.recomputesResidual = recomputesResidual
    }

    /// Solves `A x = b` with directions from `proposer`.
    /// - Throws: `SolverSetupError` for inconsistent sizes or settings, `ConvergenceError` (carrying the
    ///   report) when the solve does not converge.
    public func solve<A: LinearOperator, P: DirectionProposer>(
        _ a: A, rightHandSide b: [Double], initialGuess: [Double]? = nil, proposer: P
    ) throws -> SolveReport {
        guard tolerances.relative >= 0, tolerances.absolute >= 0, tolerances.relative.isFinite,
              tolerances.absolute.isFinite, tolerances.maxIterations >= 0 else {
            throw SolverSetupError.invalidTolerances(
                "tolerances must be finite and ≥ 0 (relative \(tolerances.relative), absolute \(tolerances.absolute), maxIterations \(tolerances.maxIterations))")
        }
        guard directionCount >= 0, residualSteps >= 0 else {
            throw SolverSetupError.invalidTolerances("DCDM needs directionCount ≥ 0 and residualSteps ≥ 0, got \(directionCount) and \(residualSteps)")
        }
        guard a.rowCount == a.columnCount else { throw SolverSetupError.operatorNotSquare(rows: a.rowCount, columns: a.columnCount) }
        let n = a.rowCount
        guard b.count == n else { throw SolverSetupError.dimensionMismatch(expected: n, found: b.count, what: "the right-hand side") }
        if let x0 = initialGuess, x0.count != n {
            throw SolverSetupError.dimensionMismatch(expected: n, found: x0.count, what: "the initial guess")
        }

        let start = DispatchTime.now().uptimeNanoseconds
        let bNorm = VectorOps.norm(b)
        let threshold = tolerances.threshold(rightHandSideNorm: bNorm)
        var x = initialGuess ?? [Double](repeating: 0, count: n)
        var ax = [Double](repeating: 0, count: n)
        func trueResidual() -> [Double] {
            a.apply(x, into: &ax)
            var r = b
            VectorOps.addScaled(&r, -1, ax)
            return r
        }
        var r = initialGuess == nil ? b : trueResidual()
        var rNorm = VectorOps.norm(r)
        var history = [rNorm]
        var iterations = 0
        var directions: [(p: [Double], ap: [Double], pap: Double)] = []

        func finish(_ reason: ConvergenceReason) throws -> SolveReport {
            let report = SolveReport(
                method: residualSteps == 0 ? "DCDM(k=\(directionCount))" : "DCDM(k=\(directionCount), residual steps \(residualSteps))", solution: x, iterations: iterations, residualHistory: history,
                residualNorm: VectorOps.norm(trueResidual()), rightHandSideNorm: bNorm, threshold: threshold,
                wallTime: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9, reason: reason)
            if reason != .converged { throw ConvergenceError(report: report) }
            return report
        }

        guard rNorm.isFinite else { return try finish(.breakdown) }
        if rNorm <= threshold { return try finish(.converged) }
        var aq = [Double](repeating: 0, count: n)
        /// A-orthogonalises `q` against the kept directions, steps along it with an exact line search
        /// and keeps it: `.stepped` with the reason to stop, if any; `.spanned` when nothing is left
        /// of `q` (the kept directions span it); `.failed` for a direction that cannot be stepped along.
        func conjugateStep(_ q: inout [Double]) -> StepOutcome {
            for d in directions {
                VectorOps.addScaled(&q, -VectorOps.dot(q, d.ap) / d.pap, d.p)
            }
            let qaq = a.applyAndDot(q, into: &aq)
            guard qaq.isFinite else { return .failed(.breakdown) }
            guard qaq > 0 else { return VectorOps.norm(q) == 0 ? .spanned : .failed(.indefiniteMatrix) }
            let alpha = VectorOps.dot(q, r) / qaq
            VectorOps.addScaled(&x, alpha, q)
            if recomputesResidual {
                r = trueResidual()
            } else {
                VectorOps.addScaled(&r, -alpha, aq)
            }
            if directionCount > 0 {
                if directions.count == directionCount { directions.removeFirst() }
                directions.append((q, aq, qaq))
            }
            rNorm = VectorOps.norm(r)
            guard rNorm.isFinite else { return .stepped(.breakdown) }
            return .stepped(rNorm <= threshold ? .converged : nil)
        }
        while iterations < tolerances.maxIterations {
            var q = proposer.direction(for: VectorOps.scaled(r, 1 / rNorm))
            guard q.count == n else {
                throw SolverSetupError.dimensionMismatch(expected: n, found: q.count, what: "the proposed direction")
            }
            var stop: ConvergenceReason?
            switch conjugateStep(&q) {
            case .stepped(let reason): stop = reason
            // A proposal the kept directions already span is skipped when residual steps follow;
            // without them the solve cannot progress.
            case .spanned: if residualSteps == 0 { return try finish(.breakdown) }
            case .failed(let reason): return try finish(reason)
            }
            residualSteps: for _ in 0..<residualSteps where stop == nil {
                var s = r
                switch conjugateStep(&s) {
                case .stepped(let reason): stop = reason
                case .failed(.indefiniteMatrix): stop = .indefiniteMatrix
                // A residual with nothing left after the A-orthogonalisation (or no usable step) is skipped.
                case .spanned, .failed: break residualSteps
                }
            }
            iterations += 1
            history.append(rNorm)
            if let stop { return try finish(stop) }
        }
        return try finish(.maximumIterations)
    }
}

/// What one conjugate step of ``DeepConjugateDirections`` did.
private enum StepOutcome {
    /// It stepped; the reason to stop, if any.
    case stepped(ConvergenceReason?)
    /// Nothing was left of the direction after the A-orthogonalisation.
    case spanned
    /// The direction could not be stepped along.
    case failed(ConvergenceReason)
}
