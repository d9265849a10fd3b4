import Autodiff
import SparseLinearAlgebra

/// The custom primitive `Y = X Aᵀ` for a symmetric operator `A`: `A` applied to every row of `X`
/// (`[batch, n]`). Its pullback is the same product applied to the cotangent (`A = Aᵀ`), so it can be
/// differentiated to any order. Cost: one operator application per row.
struct SymmetricOperatorProduct<A: LinearOperator & Sendable>: DifferentiableOperation {
    let matrix: A

    var name: String { "symmetric-operator-product" }

    func forward(_ t: [Tensor]) -> Tensor {
        let x = t[0]
        precondition(x.rank == 2 && x.shape[1] == matrix.columnCount,
                     "operator product needs rows of \(matrix.columnCount) values, got shape \(x.shape)")
        let n = matrix.columnCount
        var out: [Double] = []
        out.reserveCapacity(x.count)
        var y = [Double](repeating: 0, count: n)
        for row in 0..<x.shape[0] {
            matrix.apply(Array(x.scalars[(row * n)..<((row + 1) * n)]), into: &y)
            out.append(contentsOf: y)
        }
        return Tensor(shape: x.shape, scalars: out)
    }

    func pullback(_ g: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        [Variable.apply(self, to: [g])]
    }
}

extension Variable {
    /// `A` applied to every row of this `[batch, n]` variable, as a recorded operation; `A` must be
    /// symmetric (the pullback applies `A` again).
    public func applyingSymmetric<A: LinearOperator & Sendable>(_ a: A) -> Variable {
        Variable.apply(SymmetricOperatorProduct(matrix: a), to: [self])
    }
}
