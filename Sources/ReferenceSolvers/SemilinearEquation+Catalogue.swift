/// Ready-made equations. Each states its sign convention; all are periodic in x.
extension SemilinearEquation {
    /// The heat equation `u_t = ν u_xx`: `L = −ν k²`, no nonlinearity.
    public static func heat(diffusivity nu: Double) -> SemilinearEquation {
        SemilinearEquation(linearSymbol: { k in Complex(-nu * k * k) })
    }

    /// Linear convection–diffusion `u_t + β u_x = ν u_xx`: `L = −iβk − νk²`, no nonlinearity.
    /// Exact solution: each Fourier mode is multiplied by `e^{(−iβk − νk²)t}`; for ν = 0 the profile
    /// travels right with speed β.
    public static func convectionDiffusion(velocity beta: Double, diffusivity nu: Double) -> SemilinearEquation {
        SemilinearEquation(linearSymbol: { k in Complex(-nu * k * k, -beta * k) })
    }

    /// Allen–Cahn `u_t = d u_xx + r (u − u³)`: `L = −d k²`, `N = r (u − u³)`.
    /// The defaults (`d = 1e-4`, `r = 5`) are the causal-PINN benchmark
    /// `u_t − 1e-4 u_xx + 5u³ − 5u = 0` on [−1, 1] with `u(x, 0) = x² cos(πx)`.
    public static func allenCahn(diffusivity d: Double = 1e-4, reactionRate r: Double = 5) -> SemilinearEquation {
        SemilinearEquation(
            linearSymbol: { k in Complex(-d * k * k) },
            nonlinearity: .pointwise { u in r * (u - u * u * u) })
    }

    /// Kuramoto–Sivashinsky `u_t + α u u_x + β u_xx + γ u_xxxx = 0`: `L = βk² − γk⁴`,
    /// `N = −α ∂x(u²/2)`.
    ///
    /// The defaults α = β = γ = 1 are the classical form (Kassam–Trefethen on [0, 32π)). The
    /// causal-PINN "regular" case is that problem rescaled to x ∈ [0, 2π), t ∈ [0, 1]:
    /// α = 100/16, β = 100/16², γ = 100/16⁴, `u(x, 0) = cos x (1 + sin x)`.
    public static func kuramotoSivashinsky(alpha: Double = 1, beta: Double = 1, gamma: Double = 1) -> SemilinearEquation {
        SemilinearEquation(
            linearSymbol: { k in Complex(beta * k * k - gamma * k * k * k * k) },
            nonlinearity: .conservative(flux: { u in -0.5 * alpha * u * u }))
    }

    /// Korteweg–de Vries `u_t + η u u_x + δ u_xxx = 0`: `L = iδk³`, `N = −η ∂x(u²/2)`.
    ///
    /// The defaults η = 6, δ = 1 give the standard form `u_t + 6 u u_x + u_xxx = 0`, whose soliton
    /// `u = (c/2) sech²(√c (x − ct − x₀)/2)` travels right with speed c. The Zabusky–Kruskal form
    /// `u_t + u u_x + μ² u_xxx = 0` is `η = 1, δ = μ²`.
    public static func kortewegDeVries(nonlinearCoefficient eta: Double = 6, dispersion delta: Double = 1) -> SemilinearEquation {
        SemilinearEquation(
            linearSymbol: { k in Complex(0, delta * k * k * k) },
            nonlinearity: .conservative(flux: { u in -0.5 * eta * u * u }))
    }

    /// Viscous Burgers `u_t + u u_x = ν u_xx`: `L = −νk²`, `N = −∂x(u²/2)`.
    /// Spectral accuracy needs the solution resolved (roughly ν ≥ a few grid spacings × max |u|);
    /// 2/3 dealiasing is advisable for small ν.
    public static func burgers(viscosity nu: Double) -> SemilinearEquation {
        SemilinearEquation(
            linearSymbol: { k in Complex(-nu * k * k) },
            nonlinearity: .conservative(flux: { u in -0.5 * u * u }))
    }
}
