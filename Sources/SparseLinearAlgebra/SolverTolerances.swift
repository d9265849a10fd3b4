/// When an iterative solver stops: the one place tolerances are set.
///
/// A solve converges when the monitored residual norm satisfies
/// `‖r‖ ≤ max(relative · ‖b‖, absolute)` (the test SciPy's Krylov solvers use), and fails with
/// `ConvergenceReason.maximumIterations` after `maxIterations` iterations without it. Which norm is
/// monitored is stated by each solver (the 2-norm for CG and GMRES).
public struct SolverTolerances: Sendable, Equatable {
    /// Relative tolerance on `‖r‖ / ‖b‖`.
    public var relative: Double
    /// Absolute tolerance on `‖r‖`.
    public var absolute: Double
    /// Maximum number of iterations (matrix–vector products, for GMRES counted over all restarts).
    public var maxIterations: Int

    /// Tolerances with the defaults `relative: 1e-8`, `absolute: 0`, `maxIterations: 10_000`.
    public init(relative: Double = 1e-8, absolute: Double = 0, maxIterations: Int = 10_000) {
        self.relative = relative
        self.absolute = absolute
        self.maxIterations = maxIterations
    }

    /// The stopping threshold `max(relative · bNorm, absolute)`.
    public func threshold(rightHandSideNorm bNorm: Double) -> Double {
        max(relative * bNorm, absolute)
    }

    /// Checks that the tolerances are usable.
    func validate() throws {
        guard relative >= 0, absolute >= 0, relative.isFinite, absolute.isFinite else {
            throw SolverSetupError.invalidTolerances("tolerances must be finite and ≥ 0 (relative \(relative), absolute \(absolute))")
        }
        guard maxIterations >= 0 else {
            throw SolverSetupError.invalidTolerances("maxIterations must be ≥ 0, got \(maxIterations)")
        }
    }
}
