/// A first-order system of ordinary differential equations `y' = f(t, y)` in `dimension` unknowns.
public struct ODESystem: Sendable {
    /// The number of unknowns.
    public let dimension: Int
    /// `f(t, y)`: must return `dimension` values.
    public let rightHandSide: @Sendable (_ t: Double, _ y: [Double]) -> [Double]

    /// The system `y' = rightHandSide(t, y)` with `dimension` unknowns.
    public init(dimension: Int, rightHandSide: @escaping @Sendable (_ t: Double, _ y: [Double]) -> [Double]) {
        self.dimension = dimension
        self.rightHandSide = rightHandSide
    }

    /// The Lorenz system `x' = σ(y − x)`, `y' = x(ρ − z) − y`, `z' = xy − βz`; the defaults are
    /// Lorenz's chaotic parameters σ = 10, ρ = 28, β = 8/3.
    public static func lorenz(sigma: Double = 10, rho: Double = 28, beta: Double = 8.0 / 3) -> ODESystem {
        ODESystem(dimension: 3) { _, y in
            [sigma * (y[1] - y[0]), y[0] * (rho - y[2]) - y[1], y[0] * y[1] - beta * y[2]]
        }
    }
}
