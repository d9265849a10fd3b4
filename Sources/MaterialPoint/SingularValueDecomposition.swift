/// The singular value decomposition F = U diag(σ) Vᵀ of a deformation gradient, with U and V
/// rotations (determinant +1), so a reflection shows up as a negative last singular value.
///
/// Computed by one-sided Jacobi rotations on the columns of F, which keeps full relative accuracy of
/// the singular values (no F ᵀF is formed). In two dimensions only the upper-left block is decomposed
/// and the third singular value is 1 with U, V fixing the third axis.
public struct SingularValueDecomposition: Sendable {
    /// The left rotation.
    public var u: Matrix3
    /// The singular values, largest first in absolute value (the last may be negative).
    public var sigma: SIMD3<Double>
    /// The right rotation.
    public var v: Matrix3

    /// Decomposes `f` in `dimension` (2 or 3) dimensions.
    @inlinable public init(_ f: Matrix3, dimension: Int) {
        // Columns of A = F V, rotated until mutually orthogonal.
        var a = f.transposed           // rows of `a` are the columns of F
        var vt = Matrix3.identity      // rows of `vt` are the columns of V
        let pairCount = dimension == 2 ? 1 : 3
        for _ in 0..<12 {
            var rotated = false
            for pair in 0..<pairCount {
                let p = pair == 2 ? 1 : 0, q = pair == 0 ? 1 : 2
                let ap = a.row(p), aq = a.row(q)
                let alpha = (ap * ap).sum(), beta = (aq * aq).sum(), gamma = (ap * aq).sum()
                guard abs(gamma) > 1e-15 * (alpha * beta).squareRoot(), gamma != 0 else { continue }
                rotated = true
                let zeta = (beta - alpha) / (2 * gamma)
                let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                let c = 1 / (1 + t * t).squareRoot(), s = c * t
                a.setRow(p, c * ap - s * aq); a.setRow(q, s * ap + c * aq)
                let vp = vt.row(p), vq = vt.row(q)
                vt.setRow(p, c * vp - s * vq); vt.setRow(q, s * vp + c * vq)
            }
            if !rotated { break }
        }
        let d = dimension == 2 ? 2 : 3
        var norms = SIMD3<Double>(1, 1, 1)
        for i in 0..<d { let r = a.row(i); norms[i] = (r * r).sum().squareRoot() }
        // Sort by decreasing singular value (selection sort on at most three entries).
        var order = SIMD3<Int>(0, 1, 2)
        for i in 0..<d {
            for j in (i + 1)..<d where norms[order[j]] > norms[order[i]] { let t = order[i]; order[i] = order[j]; order[j] = t }
        }
        var sigma = SIMD3<Double>(1, 1, 1)
        var ut = Matrix3.identity, vSorted = Matrix3.identity
        for i in 0..<d {
            let k = order[i]
            sigma[i] = norms[k]
            vSorted.setRow(i, vt.row(k))
            ut.setRow(i, norms[k] > 1e-300 ? a.row(k) / norms[k] : .zero)
        }
        // Complete U where singular values vanish, keeping it orthonormal.
        let tiny = 1e-13 * max(sigma[0], 1e-300)
        if d == 2 {
            if sigma[0] <= tiny { ut.setRow(0, SIMD3(1, 0, 0)) }
            let u0 = ut.row(0)
            if sigma[1] <= tiny || abs((u0 * ut.row(1)).sum()) > 1e-8 { ut.setRow(1, SIMD3(-u0.y, u0.x, 0)) }
        } else {
            if sigma[0] <= tiny { ut.setRow(0, SIMD3(1, 0, 0)) }
            let u0 = ut.row(0)
            if sigma[1] <= tiny {
                let helper: SIMD3<Double> = abs(u0.x) < 0.9 ? SIMD3(1, 0, 0) : SIMD3(0, 1, 0)
                let w = helper - (helper * u0).sum() * u0
                ut.setRow(1, w / (w * w).sum().squareRoot())
            }
            if sigma[2] <= tiny { ut.setRow(2, cross(u0, ut.row(1))) }
        }
        // Make V and U rotations; a reflection moves into the sign of the last singular value.
        let last = d - 1
        if vSorted.determinant < 0 { vSorted.setRow(last, -vSorted.row(last)); ut.setRow(last, -ut.row(last)) }
        if ut.determinant < 0 { ut.setRow(last, -ut.row(last)); sigma[last] = -sigma[last] }
        self.u = ut.transposed
        self.sigma = sigma
        self.v = vSorted.transposed
    }

    /// The rotation of the polar decomposition F = R S: R = U Vᵀ.
    @inlinable public var rotation: Matrix3 { u * v.transposed }

    /// Recomposes U diag(s) Vᵀ with other singular values.
    @inlinable public func recomposed(with s: SIMD3<Double>) -> Matrix3 {
        u * Matrix3.diagonal(s) * v.transposed
    }

    /// The pullback of the polar rotation: given ∂L/∂R returns ∂L/∂F.
    ///
    /// dR = U W Vᵀ with W_ij = (M_ij − M_ji)/(σ_i + σ_j), M = Uᵀ dF V; only sums of singular
    /// values appear, so the derivative stays finite when singular values coincide (F near I).
    @inlinable public func rotationPullback(_ gradient: Matrix3, dimension: Int) -> Matrix3 {
        let k = u.transposed * gradient * v
        var w = Matrix3.zero
        let d = dimension == 2 ? 2 : 3
        for i in 0..<d {
            for j in 0..<d where i != j {
                let s = sigma[i] + sigma[j]
                w[i, j] = (k[i, j] - k[j, i]) / (abs(s) > 1e-12 ? s : (s < 0 ? -1e-12 : 1e-12))
            }
        }
        return u * w * v.transposed
    }

    /// The pullback of the singular values: given ∂L/∂σ returns ∂L/∂F = U diag(∂L/∂σ) Vᵀ.
    @inlinable public func singularValuePullback(_ gradient: SIMD3<Double>, dimension: Int) -> Matrix3 {
        var g = gradient
        if dimension == 2 { g.z = 0 }
        return u * Matrix3.diagonal(g) * v.transposed
    }
}

/// The cross product.
@inlinable func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}

extension Matrix3 {
    /// Row `i`.
    @inlinable func row(_ i: Int) -> SIMD3<Double> { i == 0 ? r0 : (i == 1 ? r1 : r2) }
    /// Replaces row `i`.
    @inlinable mutating func setRow(_ i: Int, _ value: SIMD3<Double>) {
        switch i {
        case 0: r0 = value
        case 1: r1 = value
        default: r2 = value
        }
    }
}
