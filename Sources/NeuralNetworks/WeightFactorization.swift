import Foundation
import Autodiff

/// Random weight factorisation (Wang, Wang & Perdikaris 2022, "Random weight factorization improves
/// the training of continuous neural representations"): a weight matrix `W [in, out]` is trained as
/// `V diag(exp s)`, one log-scale per output column, so an optimiser can change a unit's gain
/// multiplicatively. Used by `Dense` and by any layer that keeps its own weight matrices.
public enum WeightFactorization {
    /// Draws `s ~ N(mean, standardDeviation²)` (`[out]`, from `key`) and returns `V = W / exp(s)`
    /// column by column: `combine(V, s)` gives back `W`.
    public static func split(_ weight: Tensor, mean: Double = 1, standardDeviation: Double = 0.1,
                             key: RandomKey) -> (direction: Tensor, logScale: Tensor) {
        precondition(weight.rank == 2, "weight factorisation needs a matrix [in, out], got \(weight.shape)")
        let columns = weight.shape[1]
        let s = key.normal([columns], mean: mean, standardDeviation: standardDeviation)
        let w = weight.scalars
        let direction = w.indices.map { w[$0] / Foundation.exp(s.scalars[$0 % columns]) }
        return (Tensor(shape: weight.shape, scalars: direction), s)
    }

    /// `V diag(exp s)`, differentiable in both.
    public static func combine(direction: Variable, logScale: Variable) -> Variable {
        direction * logScale.exp().broadcast(to: direction.shape)
    }
}
