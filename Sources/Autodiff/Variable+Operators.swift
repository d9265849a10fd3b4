/// Operators and named operations on `Variable`, each a single primitive.
extension Variable {
    public static func + (a: Variable, b: Variable) -> Variable { apply(Add(), to: [a, b]) }
    public static func - (a: Variable, b: Variable) -> Variable { apply(Subtract(), to: [a, b]) }
    public static func * (a: Variable, b: Variable) -> Variable { apply(Multiply(), to: [a, b]) }
    public static prefix func - (a: Variable) -> Variable { apply(Negate(), to: [a]) }

    public static func * (a: Variable, c: Double) -> Variable { apply(Scale(factor: c), to: [a]) }
    public static func * (c: Double, a: Variable) -> Variable { apply(Scale(factor: c), to: [a]) }
    public static func + (a: Variable, c: Double) -> Variable { apply(Shift(offset: c), to: [a]) }
    public static func + (c: Double, a: Variable) -> Variable { apply(Shift(offset: c), to: [a]) }
    public static func - (a: Variable, c: Double) -> Variable { apply(Shift(offset: -c), to: [a]) }
    public static func - (c: Double, a: Variable) -> Variable { apply(Shift(offset: c), to: [-a]) }

    /// `self²` element-wise.
    public func squared() -> Variable { Variable.apply(Square(), to: [self]) }
    /// `1 / self` element-wise.
    public func reciprocal() -> Variable { Variable.apply(Reciprocal(), to: [self]) }
    /// `eˣ` element-wise.
    public func exp() -> Variable { Variable.apply(Exp(), to: [self]) }
    /// Natural logarithm element-wise.
    public func log() -> Variable { Variable.apply(Log(), to: [self]) }
    /// `log(1 + x)` element-wise, accurate for small `x`.
    public func log1p() -> Variable { Variable.apply(Log1p(), to: [self]) }
    /// Sine element-wise.
    public func sin() -> Variable { Variable.apply(Sin(), to: [self]) }
    /// Cosine element-wise.
    public func cos() -> Variable { Variable.apply(Cos(), to: [self]) }
    /// Hyperbolic tangent element-wise.
    public func tanh() -> Variable { Variable.apply(Tanh(), to: [self]) }
    /// `self^p` element-wise for a constant exponent.
    public func pow(_ p: Double) -> Variable { Variable.apply(Power(exponent: p), to: [self]) }
    /// Square root element-wise.
    public func sqrt() -> Variable { Variable.apply(SquareRoot(), to: [self]) }

    /// Element-wise maximum with broadcasting.
    public static func maximum(_ a: Variable, _ b: Variable) -> Variable { apply(Maximum(), to: [a, b]) }

    /// `self` where `condition` is nonzero, `other` elsewhere; `condition` is a constant.
    public func selecting(where condition: Tensor, otherwise other: Variable) -> Variable {
        Variable.apply(Select(condition: condition), to: [self, other])
    }

    /// Sums over `axes`, keeping them with extent 1.
    public func sum(alongAxes axes: [Int]) -> Variable { Variable.apply(Sum(axes: axes), to: [self]) }

    /// The sum of all elements, as a scalar of shape `[]`.
    public func sum() -> Variable {
        sum(alongAxes: Array(0..<shape.count)).reshaped(to: [])
    }

    /// Repeats along dimensions of extent 1 to reach `shape`.
    public func broadcast(to shape: [Int]) -> Variable {
        self.shape == shape ? self : Variable.apply(BroadcastTo(shape: shape), to: [self])
    }

    /// The same elements with a new shape.
    public func reshaped(to shape: [Int]) -> Variable {
        self.shape == shape ? self : Variable.apply(Reshape(shape: shape), to: [self])
    }

    /// Permutes dimensions (result dimension `i` is input dimension `permutation[i]`).
    public func transposed(_ permutation: [Int]) -> Variable { Variable.apply(Transpose(permutation: permutation), to: [self]) }

    /// The transpose of a matrix.
    public var transposed: Variable { transposed([1, 0]) }

    /// Elements `range` along `axis`.
    public func slice(_ range: Range<Int>, alongAxis axis: Int) -> Variable {
        let axis = axis < 0 ? axis + shape.count : axis
        if range == 0..<shape[axis] { return self }
        return Variable.apply(Slice(range: range, axis: axis), to: [self])
    }

    /// Column `j` of a matrix, as an `[n, 1]` matrix.
    public func column(_ j: Int) -> Variable { slice(j..<(j + 1), alongAxis: 1) }

    /// Joins variables along `axis`.
    public static func concatenate(_ parts: [Variable], alongAxis axis: Int) -> Variable {
        if parts.count == 1 { return parts[0] }
        let axis = axis < 0 ? axis + parts[0].shape.count : axis
        return apply(Concatenate(axis: axis), to: parts)
    }

    /// Rows `indices` of the leading axis.
    public func gather(rows indices: [Int]) -> Variable { Variable.apply(Gather(indices: indices), to: [self]) }

    /// Adds each row into row `indices[i]` of a zero tensor with `rowCount` rows.
    public func scatterAdd(rows indices: [Int], rowCount: Int) -> Variable {
        Variable.apply(ScatterAdd(indices: indices, rowCount: rowCount), to: [self])
    }
}

/// The matrix product `op(a) · op(b)` on OpenBLAS, `op` optionally transposing.
public func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
    Variable.apply(MatMul(transposeA: transposeA, transposeB: transposeB), to: [a, b])
}
