import Autodiff
import SparseLinearAlgebra

/// The unsupervised DCDM training loss: the residual left after an exact line search along the
/// network's direction,
/// `L = mean_i ‖bᵢ − A (yᵢ (yᵢᵀ bᵢ) / (yᵢᵀ A yᵢ))‖²`.
///
/// Invariant to scaling each `yᵢ` by any nonzero factor (the line search absorbs it), so the network
/// is trained for the direction only. For unit `bᵢ` the loss is the fraction of `‖b‖²` a single DCDM
/// step leaves in the 2-norm; the line search minimises the A⁻¹-norm of the residual, not its 2-norm,
/// so a poor direction can score above 1 (a fresh network typically does). Built from recorded
/// operations (the operator product is a custom primitive), so its gradient — and higher derivatives —
/// come from the autodiff core.
public enum DCDMLoss {
    /// The loss for directions `y` and right-hand sides `b`, both `[batch, n]` (`y` may be
    /// `[batch, 1, …]` grids, flattened row-wise); `A` symmetric positive definite on the support of `b`.
    public static func value<A: LinearOperator & Sendable>(directions y: Variable, rightHandSides b: Tensor, operator a: A) -> Variable {
        precondition(b.rank == 2, "rightHandSides must be [batch, n], got \(b.shape)")
        let y = y.reshaped(to: b.shape)
        let ay = y.applyingSymmetric(a)
        let bv = Variable(b)
        let alpha = (y * bv).sum(alongAxes: [1]) / (y * ay).sum(alongAxes: [1])
        let residual = bv - alpha * ay
        return (residual * residual).sum(alongAxes: [1]).mean()
    }
}
