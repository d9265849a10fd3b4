/// An approximation `M ≈ A` whose inverse is cheap to apply: `z = M⁻¹ r`.
///
/// Following PETSc's split, a preconditioner is **set up once** — in its initialiser, from the
/// matrix (a factorisation, a diagonal) — and then **applied many times** by a Krylov solver. Reuse
/// one value for as long as the operator is unchanged. Conjugate gradients and MINRES require `M`
/// symmetric positive definite; they stop with `ConvergenceReason.indefinitePreconditioner` when
/// `r · M⁻¹ r ≤ 0` shows it is not. GMRES applies it on the right and accepts any invertible `M`.
public protocol Preconditioner {
    /// The size `n` of the `n × n` system it was set up for, or `nil` when it fits any size
    /// (the identity, a closure). Solvers check it against the operator.
    var dimension: Int? { get }

    /// Writes `M⁻¹ r` into `z`. Both have `dimension` entries (another length for `r` is a programming
    /// error and traps); `z`'s previous contents are overwritten.
    func apply(_ r: [Double], into z: inout [Double])

    /// Writes `M⁻¹ r` into `z` and returns `r · z`. The default applies, then takes the dot product.
    func applyAndDot(_ r: [Double], into z: inout [Double]) -> Double
}

extension Preconditioner {
    public func applyAndDot(_ r: [Double], into z: inout [Double]) -> Double {
        apply(r, into: &z)
        return VectorKernels.dot(r, z, threadCount: SparseParallelism.defaultThreadCount)
    }

    /// `M⁻¹ r` as a new vector.
    public func applied(to r: [Double]) -> [Double] {
        var z = [Double](repeating: 0, count: r.count)
        apply(r, into: &z)
        return z
    }
}
