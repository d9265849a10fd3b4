import Foundation

/// Hencky (logarithmic-strain) elasticity: with F = U diag(σ) Vᵀ and ε = log σ,
/// ψ = μ‖ε‖² + λ/2 (tr ε)² and τ = U diag(2μ ε + λ tr ε) Uᵀ.
@usableFromInline struct HenckyElasticity: Sendable {
    @usableFromInline let moduli: ElasticModuli
    @usableFromInline init(_ moduli: ElasticModuli) { self.moduli = moduli }

    /// Principal logarithmic strains (zero beyond `dimension`); singular values are clamped at 1e-6.
    @inlinable static func strains(_ sigma: SIMD3<Double>, dimension: Int) -> SIMD3<Double> {
        var e = SIMD3<Double>(Foundation.log(max(sigma.x, 1e-6)), Foundation.log(max(sigma.y, 1e-6)), 0)
        if dimension == 3 { e.z = Foundation.log(max(sigma.z, 1e-6)) }
        return e
    }

    @inlinable func stress(_ f: Matrix3, dimension: Int) -> Matrix3 {
        let svd = SingularValueDecomposition(f, dimension: dimension)
        let e = Self.strains(svd.sigma, dimension: dimension)
        var principal = 2 * moduli.mu * e + SIMD3(repeating: moduli.lambda * e.sum())
        if dimension == 2 { principal.z = 0 }
        return svd.u * Matrix3.diagonal(principal) * svd.u.transposed
    }

    @inlinable func energy(_ f: Matrix3, dimension: Int) -> Double {
        let e = Self.strains(SingularValueDecomposition(f, dimension: dimension).sigma, dimension: dimension)
        return moduli.mu * (e * e).sum() + moduli.lambda / 2 * e.sum() * e.sum()
    }

    /// Rebuilds F = U diag(exp ε) Vᵀ from projected strains.
    @inlinable static func rebuild(_ svd: SingularValueDecomposition, strains e: SIMD3<Double>, dimension: Int) -> Matrix3 {
        var s = SIMD3<Double>(Foundation.exp(e.x), Foundation.exp(e.y), 1)
        if dimension == 3 { s.z = Foundation.exp(e.z) }
        return svd.recomposed(with: s)
    }

    /// The deviatoric part of principal strains in `dimension` dimensions.
    @inlinable static func deviator(_ e: SIMD3<Double>, dimension: Int) -> SIMD3<Double> {
        var hat = e - SIMD3(repeating: e.sum() / Double(dimension))
        if dimension == 2 { hat.z = 0 }
        return hat
    }
}

/// Hencky elasticity with von Mises plasticity (plasticine): the deviatoric logarithmic strain is
/// projected onto ‖dev ε‖ ≤ σ_y / (2μ), i.e. ‖dev τ‖ ≤ σ_y.
public struct HenckyVonMises: ConstitutiveModel {
    /// The moduli.
    public var moduli: ElasticModuli
    /// The yield stress σ_y.
    public var yieldStress: Double
    @usableFromInline let elasticity: HenckyElasticity

    /// Creates the law from E, ν and the yield stress.
    public init(youngsModulus: Double, poissonsRatio: Double, yieldStress: Double) {
        moduli = ElasticModuli(youngsModulus: youngsModulus, poissonsRatio: poissonsRatio)
        self.yieldStress = yieldStress
        elasticity = HenckyElasticity(moduli)
    }
    public var name: String { "hencky-von-mises" }

    @inlinable public func kirchhoffStress(_ f: Matrix3, dimension: Int) -> Matrix3 { elasticity.stress(f, dimension: dimension) }
    public func energyDensity(_ f: Matrix3, dimension: Int) -> Double? { elasticity.energy(f, dimension: dimension) }

    @inlinable public func returnMap(trial: Matrix3, previous: Matrix3, dimension: Int) -> Matrix3 {
        let svd = SingularValueDecomposition(trial, dimension: dimension)
        let e = HenckyElasticity.strains(svd.sigma, dimension: dimension)
        let hat = HenckyElasticity.deviator(e, dimension: dimension)
        let norm = (hat * hat).sum().squareRoot()
        let deltaGamma = norm - yieldStress / (2 * moduli.mu)
        guard deltaGamma > 0 else { return trial }
        return HenckyElasticity.rebuild(svd, strains: e - (deltaGamma / norm) * hat, dimension: dimension)
    }
}

/// Hencky elasticity with Drucker–Prager plasticity without cohesion (sand, Klár et al. 2016):
/// stretched states return to the cone's tip (ε = 0), sheared ones to its surface
/// ‖dev ε‖ + α (dλ + 2μ)/(2μ) tr ε = 0 with α = √(2/3) · 2 sin φ / (3 − sin φ).
public struct HenckyDruckerPrager: ConstitutiveModel {
    /// The moduli.
    public var moduli: ElasticModuli
    /// The friction angle φ in degrees.
    public var frictionAngle: Double
    /// α of the cone.
    public let coneCoefficient: Double
    @usableFromInline let elasticity: HenckyElasticity

    /// Creates the law from E, ν and the friction angle in degrees.
    public init(youngsModulus: Double, poissonsRatio: Double, frictionAngle: Double) {
        moduli = ElasticModuli(youngsModulus: youngsModulus, poissonsRatio: poissonsRatio)
        self.frictionAngle = frictionAngle
        let s = Foundation.sin(frictionAngle * Double.pi / 180)
        coneCoefficient = (2.0 / 3.0).squareRoot() * 2 * s / (3 - s)
        elasticity = HenckyElasticity(moduli)
    }
    public var name: String { "hencky-drucker-prager" }

    @inlinable public func kirchhoffStress(_ f: Matrix3, dimension: Int) -> Matrix3 { elasticity.stress(f, dimension: dimension) }
    public func energyDensity(_ f: Matrix3, dimension: Int) -> Double? { elasticity.energy(f, dimension: dimension) }

    /// Principal logarithmic strains log σ of a deformation gradient.
    public static func principalStrains(_ f: Matrix3, dimension: Int) -> SIMD3<Double> {
        HenckyElasticity.strains(SingularValueDecomposition(f, dimension: dimension).sigma, dimension: dimension)
    }

    /// The yield function of principal strains (≤ 0 inside the cone).
    public func yieldFunction(strains e: SIMD3<Double>, dimension: Int) -> Double {
        let hat = HenckyElasticity.deviator(e, dimension: dimension)
        let ratio = (Double(dimension) * moduli.lambda + 2 * moduli.mu) / (2 * moduli.mu)
        return (hat * hat).sum().squareRoot() + coneCoefficient * ratio * e.sum()
    }

    @inlinable public func returnMap(trial: Matrix3, previous: Matrix3, dimension: Int) -> Matrix3 {
        let svd = SingularValueDecomposition(trial, dimension: dimension)
        let e = HenckyElasticity.strains(svd.sigma, dimension: dimension)
        let trace = e.sum()
        if trace >= 0 { return HenckyElasticity.rebuild(svd, strains: .zero, dimension: dimension) }
        let hat = HenckyElasticity.deviator(e, dimension: dimension)
        let norm = (hat * hat).sum().squareRoot()
        let ratio = (Double(dimension) * moduli.lambda + 2 * moduli.mu) / (2 * moduli.mu)
        let deltaGamma = norm + ratio * trace * coneCoefficient
        guard deltaGamma > 0, norm > 0 else { return trial }
        return HenckyElasticity.rebuild(svd, strains: e - (deltaGamma / norm) * hat, dimension: dimension)
    }
}
