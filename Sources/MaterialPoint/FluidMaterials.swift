import Foundation

/// Weakly compressible water: τ = λ J (J − 1) I (ψ = λ/2 (J − 1)²); the return map forgets shear,
/// F ← J^{1/d} I.
public struct WeaklyCompressibleWater: ConstitutiveModel {
    /// The moduli (only λ is used).
    public var moduli: ElasticModuli
    /// Creates the law from E and ν.
    public init(youngsModulus: Double, poissonsRatio: Double) {
        moduli = ElasticModuli(youngsModulus: youngsModulus, poissonsRatio: poissonsRatio)
    }
    public var name: String { "water" }

    @inlinable public func kirchhoffStress(_ f: Matrix3, dimension: Int) -> Matrix3 {
        let j = f.determinant
        return (Matrix3.identity * (moduli.lambda * j * (j - 1))).restricted(to: dimension, diagonalFill: 0)
    }
    public func energyDensity(_ f: Matrix3, dimension: Int) -> Double? {
        let j = f.determinant
        return moduli.lambda / 2 * (j - 1) * (j - 1)
    }
    @inlinable public func returnMap(trial: Matrix3, previous: Matrix3, dimension: Int) -> Matrix3 {
        isotropicGradient(volumeRatio: trial.determinant, dimension: dimension)
    }
}

/// The equation of state of the classic 88-line MPM fluid: τ = E (J − 1) I (ψ = E (J − ln J)), with
/// the volume ratio advanced as J ← J (1 + dt tr C) and F kept isotropic.
public struct EquationOfStateFluid: ConstitutiveModel {
    /// The bulk stiffness E.
    public var stiffness: Double
    /// Creates the law.
    public init(stiffness: Double) { self.stiffness = stiffness }
    public var name: String { "eos-fluid" }

    @inlinable public func kirchhoffStress(_ f: Matrix3, dimension: Int) -> Matrix3 {
        (Matrix3.identity * (stiffness * (f.determinant - 1))).restricted(to: dimension, diagonalFill: 0)
    }
    public func energyDensity(_ f: Matrix3, dimension: Int) -> Double? {
        let j = f.determinant
        return stiffness * (j - Foundation.log(j))
    }
    /// J_new = J (1 + dt tr C), where dt C = trial · previous⁻¹ − I.
    @inlinable public func returnMap(trial: Matrix3, previous: Matrix3, dimension: Int) -> Matrix3 {
        let step = trial * previous.inverse
        var traceRate = step.r0.x + step.r1.y - 2
        if dimension == 3 { traceRate += step.r2.z - 1 }
        return isotropicGradient(volumeRatio: previous.determinant * (1 + traceRate), dimension: dimension)
    }
}

/// J^{1/d} I in `dimension` dimensions (with 1 in the unused third diagonal entry in 2D).
@inlinable func isotropicGradient(volumeRatio j: Double, dimension: Int) -> Matrix3 {
    if dimension == 2 {
        let s = j.squareRoot()
        return Matrix3.diagonal(SIMD3(s, s, 1))
    }
    let s = Foundation.cbrt(j)
    return Matrix3.diagonal(SIMD3(s, s, s))
}
