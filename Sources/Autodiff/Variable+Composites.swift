import Foundation

/// Operations defined from primitives; they need no derivative rules of their own.
extension Variable {
    public static func / (a: Variable, b: Variable) -> Variable { a * b.reciprocal() }
    public static func / (a: Variable, c: Double) -> Variable { a * (1 / c) }
    public static func / (c: Double, a: Variable) -> Variable { a.reciprocal() * c }

    /// The mean of all elements, as a scalar.
    public func mean() -> Variable { sum() * (1 / Double(max(value.count, 1))) }

    /// The mean over `axes`, keeping them with extent 1.
    public func mean(alongAxes axes: [Int]) -> Variable {
        let n = axes.reduce(1) { $0 * shape[$1 < 0 ? $1 + shape.count : $1] }
        return sum(alongAxes: axes) * (1 / Double(max(n, 1)))
    }

    /// The logistic sigmoid `1 / (1 + e⁻ˣ)`, written as `(1 + tanh(x/2)) / 2` for stability.
    public func sigmoid() -> Variable { ((self * 0.5).tanh() + 1) * 0.5 }

    /// `max(x, 0)`.
    public func relu() -> Variable { Variable.maximum(self, Variable(0)) }

    /// `log(1 + eˣ)`, computed stably as `max(x, 0) + log(1 + e^(−|x|))`.
    public func softplus() -> Variable {
        let negAbs = -Variable.maximum(self, -self)
        return relu() + negAbs.exp().log1p()
    }

    /// `x · sigmoid(x)`.
    public func silu() -> Variable { self * sigmoid() }

    /// The Gaussian error linear unit with the tanh approximation (one fused primitive).
    public func gelu() -> Variable { Variable.apply(Gelu(), to: [self]) }

    /// `|x|` (its derivative at 0 is taken as 1).
    public func abs() -> Variable { Variable.maximum(self, -self) }

    /// The mean of the squares of all elements.
    public func meanSquare() -> Variable { squared().mean() }
}
