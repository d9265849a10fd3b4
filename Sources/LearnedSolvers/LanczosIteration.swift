import SparseLinearAlgebra

/// The Lanczos process with full reorthogonalisation for a symmetric operator: `m` steps build an
/// orthonormal Krylov basis `Q` and the tridiagonal `T = Qᵀ A Q`, whose eigenpairs give Ritz values
/// and Ritz vectors `Q s`.
///
/// Each new basis vector is orthogonalised twice against all previous ones (classical Gram–Schmidt,
/// repeated), so the basis stays orthonormal to rounding and no spurious copies of converged Ritz
/// values appear. Extreme Ritz values converge first (fastest for well-separated ends of the
/// spectrum). Cost: `m` operator applications plus `≈ 4 m² n` flops for reorthogonalisation and
/// `2 m² n` for the Ritz vectors; memory `m n` doubles. The process stops early, with fewer than `m`
/// pairs, when it finds an invariant subspace.
public struct LanczosIteration: Sendable {
    /// The number of Lanczos steps `m` (the size of `T`).
    public var steps: Int

    /// A process of `steps` steps (≥ 1).
    public init(steps: Int) { self.steps = steps }

    /// The Ritz pairs of `a` from the Krylov space of `start`.
    /// - Throws: `SolverSetupError` for a non-square operator, a start vector of the wrong size or zero
    ///   norm, or `steps < 1`.
    public func ritzPairs<A: LinearOperator>(of a: A, start: [Double]) throws -> RitzPairs {
        guard a.rowCount == a.columnCount else { throw SolverSetupError.operatorNotSquare(rows: a.rowCount, columns: a.columnCount) }
        let n = a.rowCount
        guard start.count == n else { throw SolverSetupError.dimensionMismatch(expected: n, found: start.count, what: "the Lanczos start vector") }
        guard steps >= 1 else { throw SolverSetupError.invalidTolerances("Lanczos needs at least 1 step, got \(steps)") }
        let startNorm = VectorOps.norm(start)
        guard startNorm > 0, startNorm.isFinite else {
            throw SolverSetupError.invalidTolerances("the Lanczos start vector must be finite and nonzero")
        }
        var basis = [VectorOps.scaled(start, 1 / startNorm)]
        var alphas: [Double] = [], betas: [Double] = []
        var w = [Double](repeating: 0, count: n)
        var scale = 0.0
        for j in 0..<min(steps, n) {
            a.apply(basis[j], into: &w)
            let alpha = VectorOps.dot(basis[j], w)
            alphas.append(alpha)
            scale = max(scale, abs(alpha))
            for _ in 0..<2 {
                for q in basis { VectorOps.addScaled(&w, -VectorOps.dot(q, w), q) }
            }
            let beta = VectorOps.norm(w)
            if j == min(steps, n) - 1 || beta <= 1e-12 * max(scale, beta) { break }
            betas.append(beta)
            scale = max(scale, beta)
            basis.append(VectorOps.scaled(w, 1 / beta))
        }
        let (values, small) = SymmetricTridiagonalEigensolver.decompose(diagonal: alphas, offDiagonal: betas)
        let vectors = small.map { s -> [Double] in
            var y = [Double](repeating: 0, count: n)
            for (coefficient, q) in zip(s, basis) { VectorOps.addScaled(&y, coefficient, q) }
            return y
        }
        return RitzPairs(values: values, vectors: vectors)
    }
}

/// Approximate eigenpairs of a symmetric operator from a Lanczos process.
public struct RitzPairs: Sendable {
    /// The Ritz values, ascending.
    public let values: [Double]
    /// The unit Ritz vectors, `vectors[k]` belonging to `values[k]`.
    public let vectors: [[Double]]

    /// The number of pairs.
    public var count: Int { values.count }
}
