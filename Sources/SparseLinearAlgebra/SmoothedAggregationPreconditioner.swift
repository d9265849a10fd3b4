/// Smoothed-aggregation algebraic multigrid (AMG) as a preconditioner: one V-cycle per application.
///
/// Set-up builds a hierarchy from the matrix alone: strong connections (`|aᵢⱼ| > θ √|aᵢᵢ aⱼⱼ|`),
/// standard aggregation, the tentative prolongator (the constant vector on each aggregate, carried
/// to the coarser levels as the near-null space), one damped-Jacobi smoothing of it,
/// `P = (I − ω D⁻¹A) T` with `ω = 4/(3ρ(D⁻¹A))`, and the Galerkin
/// coarse matrix `PᵀAP`, level after level until at most `maxCoarseSize` rows remain; the coarsest
/// level is factored densely. Applying it runs one V-cycle from a zero guess with one symmetric
/// Gauss–Seidel sweep (forward, then backward) before and after the coarse correction, so `M⁻¹` is
/// symmetric positive definite for an SPD matrix and the preconditioner suits CG. These are the
/// defaults of PyAMG's `smoothed_aggregation_solver`.
///
/// Made for matrices like discretised elliptic operators (Laplacians, diffusion, finite-element
/// stiffness matrices), for which the iteration count barely grows with the problem size, unlike
/// Jacobi or IC(0). Rows with no strong off-diagonal entry (for example Dirichlet rows kept as
/// identity rows) join no aggregate and are left to the smoother.
public struct SmoothedAggregationPreconditioner: Preconditioner, Sendable {
    /// The size of one level of the hierarchy.
    public struct Level: Sendable, Equatable {
        /// Rows (unknowns) of the level's matrix.
        public let rowCount: Int
        /// Stored entries of the level's matrix.
        public let nonzeroCount: Int
    }

    /// The levels from the finest (the matrix itself) to the coarsest.
    public let levels: [Level]
    /// Threads of the products with the level matrices and transfer operators (results do not depend on it).
    public var threadCount: Int
    private let operators: [CSRMatrix]
    private let inverseDiagonals: [[Double]]
    private let prolongators: [CSRMatrix]
    private let restrictors: [CSRMatrix]
    private let coarsest: DenseCholesky

    /// Stored entries of all level matrices over those of the finest: the memory and the work of a
    /// V-cycle relative to one product with the matrix, about.
    public var operatorComplexity: Double {
        Double(levels.reduce(0) { $0 + $1.nonzeroCount }) / Double(max(levels[0].nonzeroCount, 1))
    }

    /// Builds the hierarchy for a symmetric positive definite matrix.
    /// - Parameters:
    ///   - strengthThreshold: θ ≥ 0 of the strength test (0: every nonzero off-diagonal entry is strong).
    ///   - maxCoarseSize: coarsening stops at this many rows or fewer (at most 3000: that level is
    ///     factored as a dense matrix).
    ///   - maxLevels: the most levels, the finest included.
    /// - Throws: `PreconditionerError.notSquare`, `.zeroDiagonal(row:)` for a diagonal entry that is
    ///   not positive and finite, `.invalidParameter` for parameters out of range or a hierarchy that
    ///   stops coarsening above 3000 rows, `.coarseMatrixNotPositiveDefinite` when the coarsest matrix
    ///   cannot be factored (a singular problem, such as pure Neumann conditions).
    public init(_ matrix: CSRMatrix, strengthThreshold: Double = 0, maxCoarseSize: Int = 300, maxLevels: Int = 12,
                threadCount: Int = SparseParallelism.defaultThreadCount) throws {
        guard matrix.rowCount == matrix.columnCount else {
            throw PreconditionerError.notSquare(rows: matrix.rowCount, columns: matrix.columnCount)
        }
        guard strengthThreshold >= 0, strengthThreshold.isFinite else {
            throw PreconditionerError.invalidParameter("AMG strength threshold θ = \(strengthThreshold) must be ≥ 0")
        }
        guard (1...3000).contains(maxCoarseSize) else {
            throw PreconditionerError.invalidParameter("AMG coarsest size \(maxCoarseSize) must lie in 1...3000")
        }
        guard maxLevels >= 1 else { throw PreconditionerError.invalidParameter("AMG needs at least one level, got \(maxLevels)") }
        self.threadCount = threadCount
        var operators: [CSRMatrix] = []
        var inverseDiagonals: [[Double]] = []
        var prolongators: [CSRMatrix] = []
        var restrictors: [CSRMatrix] = []
        var a = matrix
        var candidate = [Double](repeating: 1, count: matrix.rowCount)
        while a.rowCount > maxCoarseSize && operators.count + 1 < maxLevels {
            let diagonal = a.diagonal()
            if let row = diagonal.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
                throw PreconditionerError.zeroDiagonal(row: row)
            }
            let inverse = diagonal.map { 1 / $0 }
            let (pointers, columns) = SmoothedAggregation.strongNeighbours(of: a, threshold: strengthThreshold, diagonal: diagonal)
            let (aggregateOf, count) = SmoothedAggregation.aggregate(pointers: pointers, columns: columns)
            guard count > 0, count < a.rowCount else { break }
            let (tentative, coarseCandidate) = SmoothedAggregation.tentativeProlongator(aggregateOf: aggregateOf, count: count,
                                                                                        candidate: candidate)
            candidate = coarseCandidate
            let omega = 4 / (3 * SmoothedAggregation.spectralRadius(of: a, inverseDiagonal: inverse))
            let smoothing = try a.multiplied(by: tentative, threadCount: threadCount).rowsScaled(by: inverse)
            let p = try tentative.merged(with: smoothing, scaledBy: -omega)
            let r = p.transposed()
            operators.append(a)
            inverseDiagonals.append(inverse)
            prolongators.append(p)
            restrictors.append(r)
            a = try r.multiplied(by: a.multiplied(by: p, threadCount: threadCount), threadCount: threadCount)
        }
        guard a.rowCount <= 3000 else {
            throw PreconditionerError.invalidParameter(
                "AMG stopped coarsening at \(a.rowCount) rows, more than the 3000 it factors densely (too few strong connections to aggregate, or maxLevels reached)")
        }
        guard let coarsest = DenseCholesky(a) else {
            throw PreconditionerError.coarseMatrixNotPositiveDefinite(rows: a.rowCount)
        }
        self.operators = operators
        self.inverseDiagonals = inverseDiagonals
        self.prolongators = prolongators
        self.restrictors = restrictors
        self.coarsest = coarsest
        levels = (operators + [a]).map { Level(rowCount: $0.rowCount, nonzeroCount: $0.nonzeroCount) }
    }

    public var dimension: Int? { levels[0].rowCount }

    public func apply(_ r: [Double], into z: inout [Double]) {
        let n = levels[0].rowCount
        precondition(r.count == n, "preconditioner of size \(n) applied to a vector of length \(r.count)")
        cycle(level: 0, r, &z)
    }

    /// One V-cycle for `A_l x = b` from `x = 0`.
    private func cycle(level l: Int, _ b: [Double], _ x: inout [Double]) {
        if l == operators.count {
            x = b
            coarsest.solve(&x)
            return
        }
        let a = operators[l], inverse = inverseDiagonals[l]
        let n = a.rowCount
        x = [Double](repeating: 0, count: n)
        GaussSeidel.symmetricSweep(a, inverseDiagonal: inverse, b, &x)
        var residual = [Double](repeating: 0, count: n)
        a.apply(x, into: &residual, threadCount: threadCount)
        for i in 0..<n { residual[i] = b[i] - residual[i] }
        var coarseRightHandSide = [Double](repeating: 0, count: restrictors[l].rowCount)
        restrictors[l].apply(residual, into: &coarseRightHandSide, threadCount: threadCount)
        var correction: [Double] = []
        cycle(level: l + 1, coarseRightHandSide, &correction)
        prolongators[l].apply(correction, into: &residual, threadCount: threadCount)
        for i in 0..<n { x[i] += residual[i] }
        GaussSeidel.symmetricSweep(a, inverseDiagonal: inverse, b, &x)
    }
}

/// Gauss–Seidel sweeps on a CSR matrix (sequential, in place).
enum GaussSeidel {
    /// One forward sweep, then one backward sweep, on `A x = b`.
    static func symmetricSweep(_ a: CSRMatrix, inverseDiagonal: [Double], _ b: [Double], _ x: inout [Double]) {
        let n = a.rowCount
        a.withStorage { rp, ci, v in
            inverseDiagonal.withUnsafeBufferPointer { db in
                b.withUnsafeBufferPointer { bb in
                    x.withUnsafeMutableBufferPointer { xb in
                        let (d, b, x) = (db.base, bb.base, xb.base)
                        // xᵢ ← (bᵢ − Σ_{j≠i} aᵢⱼ xⱼ) / aᵢᵢ, with the newest xⱼ.
                        @inline(__always) func relax(_ i: Int) {
                            var s = b[i]
                            for k in Int(rp[i])..<Int(rp[i + 1]) {
                                let j = Int(ci[k])
                                if j != i { s -= v[k] * x[j] }
                            }
                            x[i] = s * d[i]
                        }
                        for i in 0..<n { relax(i) }
                        var i = n - 1
                        while i >= 0 {
                            relax(i)
                            i -= 1
                        }
                    }
                }
            }
        }
    }
}
