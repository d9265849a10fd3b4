/// A material law of the material point method: the Kirchhoff stress τ = P Fᵀ of a deformation
/// gradient F, and a return map that projects a trial deformation gradient back onto the admissible
/// set after each step (the identity for purely elastic materials).
///
/// In two dimensions only the upper-left 2×2 blocks are meaningful: F has 1 in the (3, 3) entry and
/// the stress returned there is ignored.
public protocol ConstitutiveModel: Sendable {
    /// A short name (`"neo-hookean"`, …) for reports.
    var name: String { get }
    /// The Kirchhoff stress τ(F) in `dimension` (2 or 3) dimensions.
    func kirchhoffStress(_ f: Matrix3, dimension: Int) -> Matrix3
    /// The deformation gradient after plasticity, given the elastic trial `trial = (I + dt C) F`
    /// and the previous gradient `previous`.
    func returnMap(trial: Matrix3, previous: Matrix3, dimension: Int) -> Matrix3
    /// The stored energy density ψ(F) whose derivative gives the stress (τ = ∂ψ/∂F Fᵀ), when one
    /// exists; used to check the stress.
    func energyDensity(_ f: Matrix3, dimension: Int) -> Double?
}

extension ConstitutiveModel {
    /// Elastic materials keep the trial gradient.
    public func returnMap(trial: Matrix3, previous: Matrix3, dimension: Int) -> Matrix3 { trial }
    /// No energy unless the material provides one.
    public func energyDensity(_ f: Matrix3, dimension: Int) -> Double? { nil }
}

/// Young's modulus and Poisson's ratio, and the Lamé parameters they give.
public struct ElasticModuli: Sendable, Equatable {
    /// Young's modulus E.
    public var youngsModulus: Double
    /// Poisson's ratio ν.
    public var poissonsRatio: Double

    /// Creates moduli from E and ν.
    public init(youngsModulus: Double, poissonsRatio: Double) {
        self.youngsModulus = youngsModulus
        self.poissonsRatio = poissonsRatio
    }

    /// μ = E / (2(1 + ν)).
    @inlinable public var mu: Double { youngsModulus / (2 * (1 + poissonsRatio)) }
    /// λ = E ν / ((1 + ν)(1 − 2ν)).
    @inlinable public var lambda: Double {
        youngsModulus * poissonsRatio / ((1 + poissonsRatio) * (1 - 2 * poissonsRatio))
    }
}

/// Errors of the material point layer.
public enum MaterialPointError: Error, CustomStringConvertible, Equatable {
    /// A setting is out of range.
    case invalidSetting(String)
    /// The simulation produced a non-finite value.
    case diverged(step: Int)

    public var description: String {
        switch self {
        case .invalidSetting(let text): return text
        case .diverged(let step): return "the simulation produced a non-finite value at step \(step)"
        }
    }
}
