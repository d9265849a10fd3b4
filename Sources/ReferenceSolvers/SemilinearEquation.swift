/// A one-dimensional periodic semilinear evolution equation `u_t = L u + N(u)`: `L` a linear
/// constant-coefficient differential operator, diagonal in Fourier space and given by its symbol,
/// `N` the nonlinear rest.
///
/// The symbol is the multiplier of a Fourier mode: `L e^{ikx} = linearSymbol(k) e^{ikx}`, so
/// `∂x ↦ ik`, `∂x² ↦ −k²`, `∂x³ ↦ −ik³`, `∂x⁴ ↦ k⁴`; diffusion `ν u_xx` is `−ν k²`, advection
/// `−c u_x` is `−i c k`. For a real equation the symbol satisfies `L(−k) = L̄(k)`; the solver evaluates
/// it at `k ≥ 0` only. Ready-made equations are in `SemilinearEquation+Catalogue.swift`.
public struct SemilinearEquation: Sendable {
    /// The Fourier symbol `L(k)` of the linear part.
    public let linearSymbol: @Sendable (Double) -> Complex
    /// The nonlinear part; `nil` for a linear equation.
    public let nonlinearity: Nonlinearity?

    /// `u_t = L u + N(u)` with `L` given by `linearSymbol` and `N` by `nonlinearity`.
    public init(linearSymbol: @escaping @Sendable (Double) -> Complex, nonlinearity: Nonlinearity? = nil) {
        self.linearSymbol = linearSymbol
        self.nonlinearity = nonlinearity
    }
}
