/// What the nonlinear term of `u_t = L u + N(u)` sees on the grid when the solver evaluates it.
public struct NonlinearTermInput: Sendable {
    /// The time of the evaluation (a stage time of the step).
    public let time: Double
    /// The grid points `x_j`.
    public let points: [Double]
    /// `derivatives[p][j]` is `∂ᵖu/∂xᵖ` at `x_j`, computed spectrally, for p = 0 … the nonlinearity's
    /// `derivativeOrder` (odd derivatives of the Nyquist mode of an even grid are taken as zero).
    public let derivatives: [[Double]]

    /// The solution values `u(x_j)`.
    public var u: [Double] { derivatives[0] }
}

/// The nonlinear part of a semilinear equation `u_t = L u + N(u)`, in the form
/// `N(u) = P(∂x) G(t, x, u, u_x, …, ∂ᵐu)`: a function `G` evaluated pointwise on the grid (the
/// `evaluate` closure, which gets u and its first m derivatives) followed by an optional linear
/// constant-coefficient operator `P` given by its Fourier symbol (for example `P = ∂x`, symbol `ik`,
/// for a term in conservation form `∂x F(u)`, which is more accurate and more stable than
/// `F'(u) u_x`).
///
/// Construct the common cases with `pointwise(_:)` (`N = f(u)`, a reaction) and
/// `conservative(flux:)` (`N = ∂x F(u)`), anything else with the initialiser.
public struct Nonlinearity: Sendable {
    /// The highest x-derivative of u that `evaluate` reads (0: u only).
    public let derivativeOrder: Int
    /// The symbol `P(k)` of the operator applied to G (`nil`: the identity).
    public let outerSymbol: (@Sendable (Double) -> Complex)?
    /// `G` on the grid: must return one value per grid point.
    public let evaluate: @Sendable (NonlinearTermInput) -> [Double]

    /// `N(u) = P(∂x) G(…)` with `G = evaluate`, `P` given by `outerSymbol` (identity when `nil`), and
    /// derivatives of u up to `derivativeOrder` (0 … 8) handed to `evaluate`.
    public init(derivativeOrder: Int = 0,
                outerSymbol: (@Sendable (Double) -> Complex)? = nil,
                evaluate: @escaping @Sendable (NonlinearTermInput) -> [Double]) {
        self.derivativeOrder = derivativeOrder
        self.outerSymbol = outerSymbol
        self.evaluate = evaluate
    }

    /// `N(u) = f(u)`, pointwise (a reaction term such as `5u − 5u³`).
    public static func pointwise(_ f: @escaping @Sendable (Double) -> Double) -> Nonlinearity {
        Nonlinearity { input in input.u.map(f) }
    }

    /// `N(u) = ∂x F(u)`, with the derivative taken spectrally (symbol `ik`). Burgers' `−u u_x` is
    /// `conservative(flux: { -0.5 * $0 * $0 })`.
    public static func conservative(flux: @escaping @Sendable (Double) -> Double) -> Nonlinearity {
        Nonlinearity(outerSymbol: { k in Complex(0, k) }) { input in input.u.map(flux) }
    }
}
