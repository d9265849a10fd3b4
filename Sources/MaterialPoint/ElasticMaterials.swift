import Foundation

/// Fixed corotated elasticity (Stomakhin et al.): ψ = μ‖F − R‖² + λ/2 (J − 1)²,
/// τ = 2μ (F − R) Fᵀ + λ J (J − 1) I with R the polar rotation of F.
public struct FixedCorotated: ConstitutiveModel {
    /// The moduli.
    public var moduli: ElasticModuli
    /// Creates the law from E and ν.
    public init(youngsModulus: Double, poissonsRatio: Double) {
        moduli = ElasticModuli(youngsModulus: youngsModulus, poissonsRatio: poissonsRatio)
    }
    public var name: String { "fixed-corotated" }

    @inlinable public func kirchhoffStress(_ f: Matrix3, dimension: Int) -> Matrix3 {
        let r = SingularValueDecomposition(f, dimension: dimension).rotation
        let j = f.determinant
        let tau = 2 * moduli.mu * ((f - r) * f.transposed) + Matrix3.identity * (moduli.lambda * j * (j - 1))
        return tau.restricted(to: dimension, diagonalFill: 0)
    }

    public func energyDensity(_ f: Matrix3, dimension: Int) -> Double? {
        let r = SingularValueDecomposition(f, dimension: dimension).rotation
        let j = f.determinant
        return moduli.mu * (f - r).squaredNorm + moduli.lambda / 2 * (j - 1) * (j - 1)
    }
}

/// Compressible neo-Hookean elasticity: ψ = μ/2 (tr FᵀF − d) − μ ln J + λ/2 (ln J)²,
/// τ = μ (F Fᵀ − I) + λ ln J · I.
public struct NeoHookean: ConstitutiveModel {
    /// The moduli.
    public var moduli: ElasticModuli
    /// Creates the law from E and ν.
    public init(youngsModulus: Double, poissonsRatio: Double) {
        moduli = ElasticModuli(youngsModulus: youngsModulus, poissonsRatio: poissonsRatio)
    }
    public var name: String { "neo-hookean" }

    @inlinable public func kirchhoffStress(_ f: Matrix3, dimension: Int) -> Matrix3 {
        let logJ = Foundation.log(f.determinant)
        let tau = moduli.mu * (f * f.transposed - Matrix3.identity) + Matrix3.identity * (moduli.lambda * logJ)
        return tau.restricted(to: dimension, diagonalFill: 0)
    }

    public func energyDensity(_ f: Matrix3, dimension: Int) -> Double? {
        let logJ = Foundation.log(f.determinant)
        let stretch = f.squaredNorm - (dimension == 2 ? 1 : 0) - Double(dimension)
        return moduli.mu / 2 * stretch - moduli.mu * logJ + moduli.lambda / 2 * logJ * logJ
    }
}

extension FixedCorotated {
    /// Creates the law from the Lamé parameters μ and λ.
    public init(lame mu: Double, _ lambda: Double) {
        // Invert μ = E/(2(1+ν)), λ = Eν/((1+ν)(1−2ν)).
        let nu = lambda / (2 * (lambda + mu))
        self.init(youngsModulus: 2 * mu * (1 + nu), poissonsRatio: nu)
    }
}

extension NeoHookean {
    /// Creates the law from the Lamé parameters μ and λ.
    public init(lame mu: Double, _ lambda: Double) {
        let nu = lambda / (2 * (lambda + mu))
        self.init(youngsModulus: 2 * mu * (1 + nu), poissonsRatio: nu)
    }
}

/// The natural logarithm (a name that does not clash with `Variable.log`).
@inlinable func Foundation_log(_ x: Double) -> Double { Foundation.log(x) }
