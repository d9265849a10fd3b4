/// A bilinear form a(u, v) = ∫ integrand(u, v, x) dx, written as a function of a trial and a test
/// shape function at a quadrature point (scikit-fem style), or one of the built-in kernels.
///
/// ```swift
/// let stiffness = try space.assemble(.laplace)
/// let reaction = try space.assemble(BilinearForm { u, v, p in (1 + p.x.x) * u.value * v.value })
/// ```
public struct BilinearForm: Sendable {
    enum Kernel: Sendable {
        case laplace, mass
        case elasticity(lambda: Double, mu: Double)
        case closure(@Sendable (ShapeFunction, ShapeFunction, QuadraturePoint) -> Double, usesCoordinates: Bool)
    }
    let kernel: Kernel

    /// A custom form; `integrand(u, v, point)` gets the trial function `u`, the test function `v`
    /// and the quadrature point. Set `usesCoordinates` to `false` when the integrand ignores
    /// `point.x`, which saves mapping the points.
    public init(usesCoordinates: Bool = true, _ integrand: @escaping @Sendable (_ u: ShapeFunction, _ v: ShapeFunction, _ point: QuadraturePoint) -> Double) {
        kernel = .closure(integrand, usesCoordinates: usesCoordinates)
    }

    private init(kernel: Kernel) { self.kernel = kernel }

    /// ∫ ∇u · ∇v dx (the stiffness matrix of −Δ), a built-in kernel.
    public static let laplace = BilinearForm(kernel: .laplace)
    /// ∫ u v dx (the mass matrix), a built-in kernel.
    public static let mass = BilinearForm(kernel: .mass)
    /// ∫ λ div u div v + 2μ ε(u) : ε(v) dx, linear elasticity with Lamé parameters λ and μ, a
    /// built-in kernel for vector spaces.
    public static func elasticity(lambda: Double, mu: Double) -> BilinearForm {
        BilinearForm(kernel: .elasticity(lambda: lambda, mu: mu))
    }

    /// The Lamé parameters of Young's modulus `e` and Poisson's ratio `nu`, plane strain or 3D.
    public static func lameParameters(youngsModulus e: Double, poissonsRatio nu: Double) -> (lambda: Double, mu: Double) {
        (e * nu / ((1 + nu) * (1 - 2 * nu)), e / (2 * (1 + nu)))
    }
}

/// A linear form ℓ(v) = ∫ integrand(v, x) dx.
///
/// ```swift
/// let load = try space.assemble(LinearForm { v, p in f(p.x) * v.value })
/// let same = try space.assemble(.source { x in f(x) })   // f evaluated once per quadrature point
/// ```
public struct LinearForm: Sendable {
    enum Kind: Sendable {
        case closure(@Sendable (ShapeFunction, QuadraturePoint) -> Double)
        case source(@Sendable (SIMD3<Double>) -> SIMD3<Double>)
    }
    let kind: Kind

    /// A form from its integrand, a function of the test function and the quadrature point.
    public init(_ integrand: @escaping @Sendable (_ v: ShapeFunction, _ point: QuadraturePoint) -> Double) {
        kind = .closure(integrand)
    }

    private init(kind: Kind) { self.kind = kind }

    /// ∫ f(x) v dx for a scalar source `f`, evaluated once per quadrature point (cheaper than a
    /// closure form when f is costly).
    public static func source(_ f: @escaping @Sendable (_ x: SIMD3<Double>) -> Double) -> LinearForm {
        LinearForm(kind: .source { x in SIMD3(f(x), 0, 0) })
    }

    /// ∫ f(x) · v dx for a vector source (body force) on a vector space; component c of `f` loads
    /// component c of the field.
    public static func vectorSource(_ f: @escaping @Sendable (_ x: SIMD3<Double>) -> SIMD3<Double>) -> LinearForm {
        LinearForm(kind: .source(f))
    }

    /// The integrand at one test function (for boundary assembly and generic loops).
    func integrand(_ v: ShapeFunction, _ point: QuadraturePoint) -> Double {
        switch kind {
        case let .closure(body): return body(v, point)
        case let .source(f): return f(point.x)[v.component] * v.value
        }
    }
}

/// What the assembly loop calls at each quadrature point; specialised per kernel.
protocol BilinearKernel: Sendable {
    var usesCoordinates: Bool { get }
    /// a(u, v) = a(v, u): only the upper triangle of element matrices is computed.
    var isSymmetric: Bool { get }
    func callAsFunction(_ u: ShapeFunction, _ v: ShapeFunction, _ p: QuadraturePoint) -> Double
}

struct LaplaceKernel: BilinearKernel {
    var isSymmetric: Bool { true }
    var usesCoordinates: Bool { false }
    @inline(__always) func callAsFunction(_ u: ShapeFunction, _ v: ShapeFunction, _ p: QuadraturePoint) -> Double {
        u.component == v.component ? dot(u.gradient, v.gradient) : 0
    }
}

struct MassKernel: BilinearKernel {
    var isSymmetric: Bool { true }
    var usesCoordinates: Bool { false }
    @inline(__always) func callAsFunction(_ u: ShapeFunction, _ v: ShapeFunction, _ p: QuadraturePoint) -> Double {
        u.component == v.component ? u.value * v.value : 0
    }
}

struct ElasticityKernel: BilinearKernel {
    var isSymmetric: Bool { true }
    let lambda: Double, mu: Double
    var usesCoordinates: Bool { false }
    @inline(__always) func callAsFunction(_ u: ShapeFunction, _ v: ShapeFunction, _ p: QuadraturePoint) -> Double {
        lambda * u.divergence * v.divergence + 2 * mu * u.strainContraction(v)
    }
}

struct ClosureKernel: BilinearKernel {
    var isSymmetric: Bool { false }
    let body: @Sendable (ShapeFunction, ShapeFunction, QuadraturePoint) -> Double
    let usesCoordinates: Bool
    @inline(__always) func callAsFunction(_ u: ShapeFunction, _ v: ShapeFunction, _ p: QuadraturePoint) -> Double { body(u, v, p) }
}
