import Autodiff

/// Strong ellipticity of a constitutive law: the acoustic tensor A(n)ᵢₖ = Σⱼₗ ∂Pᵢⱼ/∂Fₖₗ nⱼ nₗ of the
/// first Piola–Kirchhoff stress P = τ F⁻ᵀ. Plane waves travelling along n have squared speeds
/// ρ⁻¹ × the eigenvalues of A(n); a law whose smallest eigenvalue reaches zero has a deformation mode
/// with no restoring force, and one that goes negative makes the equations of motion ill-posed, so
/// explicit simulations grow that mode until they blow up. For an isotropic law at rest the smallest
/// eigenvalue is the shear modulus μ.
///
/// Derivatives are central differences of the stress (step 1e-6), so the check applies to any law:
/// analytic models, learned laws and the baseline alike.
public enum AcousticTensor {
    /// The 13 lattice directions of 3D (axes, face and body diagonals; one of each ± pair), or the
    /// 4 of 2D (axes and diagonals), normalised.
    public static func latticeDirections(dimension: Int) -> [SIMD3<Double>] {
        var directions = [SIMD3<Double>]()
        let zRange = dimension == 3 ? -1...1 : 0...0
        for x in -1...1 { for y in -1...1 { for z in zRange {
            let v = SIMD3(Double(x), Double(y), Double(z))
            // Keep one of each ± pair: the first non-zero component positive.
            guard let lead = [v.x, v.y, v.z].first(where: { $0 != 0 }), lead > 0 else { continue }
            directions.append(v / (v * v).sum().squareRoot())
        } } }
        return directions
    }

    /// The weakest wave of a law at one state: the direction `n` and polarisation `v` (unit
    /// vectors) whose acoustic-tensor eigenvalue `value` is the smallest found.
    public struct WeakestMode: Sendable {
        /// The smallest eigenvalue: vᵀ A(n) v.
        public var value: Double
        /// The propagation direction.
        public var direction: SIMD3<Double>
        /// The eigenvector (polarisation).
        public var polarization: SIMD3<Double>
        /// The Frobenius norm of the skew-symmetric part of A(n) along `direction`: zero for laws
        /// with a stored energy (hyperelastic); large against `value`, waves can grow by flutter
        /// even where `value` is positive.
        public var asymmetry: Double
    }

    /// The weakest mode over `directions` of the symmetrised acoustic tensor, for each deformation
    /// gradient in `states`, of the law whose Kirchhoff stresses for a batch of gradients `stress`
    /// returns.
    public static func weakestModes(at states: [Matrix3], dimension: Int, directions: [SIMD3<Double>]? = nil,
                                    stress: ([Matrix3]) -> [Matrix3]) -> [WeakestMode] {
        let d = dimension == 2 ? 2 : 3
        let directions = directions ?? latticeDirections(dimension: d)
        let h = 1e-6
        // Entries (k, l) of F that are varied.
        let entries = (0..<d).flatMap { k in (0..<d).map { l in (k, l) } }
        var perturbed = [Matrix3]()
        perturbed.reserveCapacity(states.count * 2 * entries.count)
        for f in states {
            for (k, l) in entries {
                var plus = f, minus = f
                plus[k, l] += h; minus[k, l] -= h
                perturbed.append(plus); perturbed.append(minus)
            }
        }
        let taus = stress(perturbed)
        return states.indices.map { s in
            // dP[e] = ∂P/∂F_kl for the e-th entry (k, l).
            let dP: [Matrix3] = entries.indices.map { e in
                let i = 2 * (s * entries.count + e)
                let pPlus = taus[i] * perturbed[i].inverse.transposed, pMinus = taus[i + 1] * perturbed[i + 1].inverse.transposed
                return (pPlus - pMinus) * (1 / (2 * h))
            }
            var weakest = WeakestMode(value: .infinity, direction: .zero, polarization: .zero, asymmetry: 0)
            for n in directions {
                var a = Matrix3.zero
                for (e, (k, l)) in entries.enumerated() {
                    // A_ik += Σ_j ∂P_ij/∂F_kl n_j n_l
                    let column = dP[e] * n * n[l]
                    for i in 0..<d { a[i, k] += column[i] }
                }
                let (value, vector) = smallestEigenpair(ofSymmetric: a.symmetricPart, dimension: d)
                if value < weakest.value {
                    let skew = (a - a.transposed) * 0.5
                    weakest = WeakestMode(value: value, direction: n, polarization: vector, asymmetry: skew.squaredNorm.squareRoot())
                }
            }
            return weakest
        }
    }

    /// The smallest eigenvalue of the symmetrised acoustic tensor over `directions`, for each
    /// deformation gradient in `states`, of the law whose Kirchhoff stresses for a batch of
    /// gradients `stress` returns.
    public static func minimumEigenvalues(at states: [Matrix3], dimension: Int, directions: [SIMD3<Double>]? = nil,
                                          stress: ([Matrix3]) -> [Matrix3]) -> [Double] {
        weakestModes(at: states, dimension: dimension, directions: directions, stress: stress).map(\.value)
    }

    /// The smallest eigenvalues at `states` of an analytic law.
    public static func minimumEigenvalues(of model: any ConstitutiveModel, at states: [Matrix3], dimension: Int) -> [Double] {
        minimumEigenvalues(at: states, dimension: dimension) { fs in fs.map { model.kirchhoffStress($0, dimension: dimension) } }
    }

    /// The smallest eigenvalues at `states` of a differentiable (e.g. learned) law.
    public static func minimumEigenvalues(of material: any DifferentiableMaterial, at states: [Matrix3], dimension: Int) -> [Double] {
        minimumModes(of: material, at: states, dimension: dimension).map(\.value)
    }

    /// The weakest modes at `states` of a differentiable (e.g. learned) law, its stresses evaluated
    /// in batches of 1000 states.
    public static func minimumModes(of material: any DifferentiableMaterial, at states: [Matrix3], dimension: Int) -> [WeakestMode] {
        stride(from: 0, to: states.count, by: 1000).flatMap { start in
            weakestModes(at: Array(states[start..<min(start + 1000, states.count)]), dimension: dimension) { fs in
                let batch = Variable(Tensor(shape: [fs.count, 9], scalars: fs.flatMap(\.entries)))
                let tau = material.stress(batch, dimension: dimension).value.scalars
                return fs.indices.map { tau.matrix(at: $0) }
            }
        }
    }

    /// The smallest eigenvalue of a symmetric matrix (its leading `dimension` block) and a unit
    /// eigenvector: shifted to be positive definite, its singular values are its eigenvalues and
    /// its left singular vectors its eigenvectors.
    static func smallestEigenpair(ofSymmetric a: Matrix3, dimension: Int) -> (Double, SIMD3<Double>) {
        var block = a.restricted(to: dimension, diagonalFill: 0)
        let shift = block.squaredNorm.squareRoot() + 1
        for i in 0..<dimension { block[i, i] += shift }
        let svd = SingularValueDecomposition(block, dimension: dimension)
        let last = dimension - 1   // singular values are sorted in decreasing order
        let vector = SIMD3(svd.u[0, last], svd.u[1, last], dimension == 3 ? svd.u[2, last] : 0)
        return (svd.sigma[last] - shift, vector)
    }
}
