/// One basis function of a function space at a quadrature point, as a weak form sees it.
///
/// For a vector space the basis function is `φ e_component`: `value` and `gradient` belong to
/// that single component and the other components are zero. Gradients are physical (∇ₓ), padded
/// with zeros to three entries.
public struct ShapeFunction: Sendable {
    /// φ at the point.
    public let value: Double
    /// ∇φ at the point (unused entries zero).
    public let gradient: SIMD3<Double>
    /// The field component the function belongs to (0 for scalar spaces).
    public let component: Int

    /// Creates a shape function value (for tests and custom assembly loops).
    public init(value: Double, gradient: SIMD3<Double>, component: Int = 0) {
        self.value = value
        self.gradient = gradient
        self.component = component
    }

    /// div(φ e_c) = ∂φ/∂x_c.
    @inlinable public var divergence: Double { gradient[component] }

    /// The double contraction ε(u) : ε(v) of the symmetric gradients of two vector shape
    /// functions: ½ (δ_{cu cv} ∇φᵤ·∇φᵥ + ∂φᵤ/∂x_{cv} ∂φᵥ/∂x_{cu}).
    @inlinable public func strainContraction(_ other: ShapeFunction) -> Double {
        let same = component == other.component ? dot(gradient, other.gradient) : 0
        return 0.5 * (same + gradient[other.component] * other.gradient[component])
    }
}

/// A quadrature point of a cell in physical coordinates.
public struct QuadraturePoint: Sendable {
    /// Physical coordinates (unused entries zero). Only filled when the form asks for them.
    public let x: SIMD3<Double>
    /// The cell being integrated (the boundary facet's index in boundary integrals).
    public let cell: Int
    /// On boundary facets: the unit normal, oriented by the facet's vertex order (outward for the
    /// generators' facets and for extracted facets). Zero inside cells.
    public let normal: SIMD3<Double>

    /// Creates a quadrature point.
    public init(x: SIMD3<Double>, cell: Int, normal: SIMD3<Double> = .zero) {
        self.x = x
        self.cell = cell
        self.normal = normal
    }
}

/// The Euclidean inner product of two gradients.
@inlinable public func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }
