import Autodiff

/// Maps each input column to `(x − center) / scale`, a fixed affine change of variables that brings
/// inputs such as t ∈ [9.5, 10] to [−1, 1] before a tanh network (derivatives with respect to the
/// original inputs stay correct: the jet carries the factor 1/scale).
public struct InputScaling: Layer {
    /// The diagonal matrix of 1/scale, `[d, d]`.
    let weight: Tensor
    /// −center/scale, `[d]`.
    let bias: Tensor

    /// Creates the map `(x − center) / scale`, column by column.
    ///
    /// - Precondition: `center` and `scale` have the same length and every scale is non-zero.
    public init(center: [Double], scale: [Double]) {
        precondition(center.count == scale.count && !center.isEmpty, "InputScaling needs one center and one scale per input")
        precondition(scale.allSatisfy { $0 != 0 && $0.isFinite }, "InputScaling scales must be finite and non-zero")
        let d = center.count
        var w = [Double](repeating: 0, count: d * d)
        for i in 0..<d { w[i * d + i] = 1 / scale[i] }
        weight = Tensor(shape: [d, d], scalars: w)
        bias = Tensor(shape: [d], scalars: zip(center, scale).map { -$0 / $1 })
    }

    /// The map taking the box `lower…upper` to `[−1, 1]` in every column.
    public init(lower: [Double], upper: [Double]) {
        self.init(center: zip(lower, upper).map { ($0 + $1) / 2 }, scale: zip(lower, upper).map { ($1 - $0) / 2 })
    }

    public var parameters: [Variable] {
        get { [] }
        set { precondition(newValue.isEmpty, "InputScaling has no trainable parameters") }
    }

    public func callAsFunction(_ x: Jet) -> Jet { x.affine(weight: Variable(weight), bias: Variable(bias)) }
}
