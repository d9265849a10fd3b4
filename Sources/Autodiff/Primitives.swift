import Foundation

// The primitive set of the autodiff core and every derivative rule, in one place.
//
// Each rule is written with `Variable` operations so that recorded backward passes can be
// differentiated again. Composites (division, mean, softplus, …) live in `Variable+Composites.swift`
// and need no rules of their own. Broadcasting is undone in one place: `unbroadcast(_:to:)`.

/// Sums `gradient` down to `shape`, undoing NumPy broadcasting.
func unbroadcast(_ gradient: Variable, to shape: [Int]) -> Variable {
    if gradient.shape == shape { return gradient }
    let extra = gradient.shape.count - shape.count
    var axes = Array(0..<extra)
    for (i, d) in shape.enumerated() where d == 1 && gradient.shape[i + extra] != 1 { axes.append(i + extra) }
    return gradient.sum(alongAxes: axes).reshaped(to: shape)
}

struct Add: DifferentiableOperation {
    var name: String { "add" }
    func forward(_ x: [Tensor]) -> Tensor { x[0] + x[1] }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        [unbroadcast(g, to: x[0].shape), unbroadcast(g, to: x[1].shape)]
    }
}

struct Subtract: DifferentiableOperation {
    var name: String { "subtract" }
    func forward(_ x: [Tensor]) -> Tensor { x[0] - x[1] }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        [unbroadcast(g, to: x[0].shape), unbroadcast(-g, to: x[1].shape)]
    }
}

struct Multiply: DifferentiableOperation {
    var name: String { "multiply" }
    func forward(_ x: [Tensor]) -> Tensor { x[0] * x[1] }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        [unbroadcast(g * x[1], to: x[0].shape), unbroadcast(g * x[0], to: x[1].shape)]
    }
}

struct Negate: DifferentiableOperation {
    var name: String { "negate" }
    func forward(_ x: [Tensor]) -> Tensor { -x[0] }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] { [-g] }
}

/// `c · x` for a constant scalar `c`.
struct Scale: DifferentiableOperation {
    let factor: Double
    var name: String { "scale" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].map(AffineKernel(scale: factor, offset: 0)) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] { [g * factor] }
}

/// `x + c` for a constant scalar `c`.
struct Shift: DifferentiableOperation {
    let offset: Double
    var name: String { "shift" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].map(AffineKernel(scale: 1, offset: offset)) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] { [g] }
}

struct Square: DifferentiableOperation {
    var name: String { "square" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].map(SquareKernel()) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] { [g * x[0] * 2] }
}

struct Reciprocal: DifferentiableOperation {
    var name: String { "reciprocal" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].map(ReciprocalKernel()) }
    func pullback(_ g: Variable, inputs x: [Variable], output y: Variable) -> [Variable?] { [-(g * y.squared())] }
}

struct Exp: DifferentiableOperation {
    var name: String { "exp" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].map(ExpKernel()) }
    func pullback(_ g: Variable, inputs x: [Variable], output y: Variable) -> [Variable?] { [g * y] }
}

struct Log: DifferentiableOperation {
    var name: String { "log" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].map { Foundation.log($0) } }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] { [g * x[0].reciprocal()] }
}

/// `log(1 + x)`, accurate for small `x`.
struct Log1p: DifferentiableOperation {
    var name: String { "log1p" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].map { Foundation.log1p($0) } }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] { [g * (x[0] + 1).reciprocal()] }
}

struct Sin: DifferentiableOperation {
    var name: String { "sin" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].map(SinKernel()) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] { [g * x[0].cos()] }
}

struct Cos: DifferentiableOperation {
    var name: String { "cos" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].map(CosKernel()) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] { [-(g * x[0].sin())] }
}

struct Tanh: DifferentiableOperation {
    var name: String { "tanh" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].map(TanhKernel()) }
    func pullback(_ g: Variable, inputs x: [Variable], output y: Variable) -> [Variable?] {
        [Variable.apply(TanhBackward(), to: [g, y])]
    }
}

/// `g · (1 − y²)`, the tanh pullback fused into one pass; differentiable again.
struct TanhBackward: DifferentiableOperation {
    var name: String { "tanh_backward" }
    func forward(_ x: [Tensor]) -> Tensor { Tensor.zip(x[0], x[1], TanhBackwardKernel()) }
    func pullback(_ h: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        let (g, y) = (x[0], x[1])
        return [unbroadcast(Variable.apply(TanhBackward(), to: [h, y]), to: g.shape),
                unbroadcast(h * g * y * -2, to: y.shape)]
    }
}

/// `x^p` for a constant exponent `p`.
struct Power: DifferentiableOperation {
    let exponent: Double
    var name: String { "pow" }
    func forward(_ x: [Tensor]) -> Tensor { let p = exponent; return x[0].map { Foundation.pow($0, p) } }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        [g * x[0].pow(exponent - 1) * exponent]
    }
}

struct SquareRoot: DifferentiableOperation {
    var name: String { "sqrt" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].map { $0.squareRoot() } }
    func pullback(_ g: Variable, inputs x: [Variable], output y: Variable) -> [Variable?] {
        [g * y.reciprocal() * 0.5]
    }
}

/// Element-wise maximum; ties send the gradient to the first operand.
struct Maximum: DifferentiableOperation {
    var name: String { "maximum" }
    func forward(_ x: [Tensor]) -> Tensor { Tensor.zip(x[0], x[1], MaximumKernel()) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        let firstWins = Tensor.zip(x[0].value, x[1].value, FirstWinsKernel())
        let shape = Broadcasting.shape(x[0].shape, x[1].shape)!
        let mask = Variable(firstWins.broadcast(to: shape))
        return [unbroadcast(g * mask, to: x[0].shape), unbroadcast(g * (1 - mask), to: x[1].shape)]
    }
}

/// `condition ? a : b` element-wise, with a constant condition.
struct Select: DifferentiableOperation {
    let condition: Tensor
    var name: String { "select" }
    func forward(_ x: [Tensor]) -> Tensor { Tensor.select(condition, x[0], x[1]) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        let zero = Variable(Tensor(0))
        return [unbroadcast(g.selecting(where: condition, otherwise: zero), to: x[0].shape),
                unbroadcast(zero.selecting(where: condition, otherwise: g), to: x[1].shape)]
    }
}

struct Sum: DifferentiableOperation {
    let axes: [Int]
    var name: String { "sum" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].sum(alongAxes: axes) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        [g.broadcast(to: x[0].shape)]
    }
}

struct BroadcastTo: DifferentiableOperation {
    let shape: [Int]
    var name: String { "broadcast" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].broadcast(to: shape) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        [unbroadcast(g, to: x[0].shape)]
    }
}

struct Reshape: DifferentiableOperation {
    let shape: [Int]
    var name: String { "reshape" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].reshaped(to: shape) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        [g.reshaped(to: x[0].shape)]
    }
}

struct Transpose: DifferentiableOperation {
    let permutation: [Int]
    var name: String { "transpose" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].transposed(permutation) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        var inverse = permutation
        for (i, p) in permutation.enumerated() { inverse[p] = i }
        return [g.transposed(inverse)]
    }
}

struct Slice: DifferentiableOperation {
    let range: Range<Int>
    let axis: Int
    var name: String { "slice" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].slice(range, alongAxis: axis) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        [Variable.apply(Pad(range: range, axis: axis, extent: x[0].shape[axis]), to: [g])]
    }
}

/// Places its input at `range` along `axis` of a zero tensor of extent `extent` (the adjoint of `Slice`).
struct Pad: DifferentiableOperation {
    let range: Range<Int>
    let axis: Int
    let extent: Int
    var name: String { "pad" }
    func forward(_ x: [Tensor]) -> Tensor {
        var parts: [Tensor] = []
        var zerosShape = x[0].shape
        if range.lowerBound > 0 { zerosShape[axis] = range.lowerBound; parts.append(.zeros(zerosShape)) }
        parts.append(x[0])
        if range.upperBound < extent { zerosShape[axis] = extent - range.upperBound; parts.append(.zeros(zerosShape)) }
        return Tensor.concatenate(parts, alongAxis: axis)
    }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        [g.slice(range, alongAxis: axis)]
    }
}

struct Concatenate: DifferentiableOperation {
    let axis: Int
    var name: String { "concatenate" }
    func forward(_ x: [Tensor]) -> Tensor { Tensor.concatenate(x, alongAxis: axis) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        var start = 0
        return x.map { part in
            let extent = part.shape[axis]
            defer { start += extent }
            return g.slice(start..<(start + extent), alongAxis: axis)
        }
    }
}

struct Gather: DifferentiableOperation {
    let indices: [Int]
    var name: String { "gather" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].gather(rows: indices) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        [Variable.apply(ScatterAdd(indices: indices, rowCount: x[0].shape[0]), to: [g])]
    }
}

struct ScatterAdd: DifferentiableOperation {
    let indices: [Int]
    let rowCount: Int
    var name: String { "scatter_add" }
    func forward(_ x: [Tensor]) -> Tensor { x[0].scatterAdd(rows: indices, rowCount: rowCount) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        [Variable.apply(Gather(indices: indices), to: [g])]
    }
}

/// `op(a) · op(b)` where `op` optionally transposes.
struct MatMul: DifferentiableOperation {
    let transposeA: Bool
    let transposeB: Bool
    var name: String { "matmul" }
    func forward(_ x: [Tensor]) -> Tensor {
        Tensor.matmul(x[0], x[1], transposeA: transposeA, transposeB: transposeB)
    }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        let (a, b) = (x[0], x[1])
        let ga: Variable, gb: Variable
        switch (transposeA, transposeB) {
        case (false, false):  // C = A B
            ga = matmul(g, b, transposeB: true)
            gb = matmul(a, g, transposeA: true)
        case (true, false):   // C = Aᵀ B
            ga = matmul(b, g, transposeB: true)
            gb = matmul(a, g)
        case (false, true):   // C = A Bᵀ
            ga = matmul(g, b)
            gb = matmul(g, a, transposeA: true)
        case (true, true):    // C = Aᵀ Bᵀ
            ga = matmul(b, g, transposeA: true, transposeB: true)
            gb = matmul(g, a, transposeA: true, transposeB: true)
        }
        return [ga, gb]
    }
}

/// `y = f(z)` on a stacked jet `[K, n, w]` for `f` = tanh, sin or cos, as one fused kernel.
///
/// The pullback is a fused kernel too when the backward pass is not recorded; when it is
/// (`createGraph: true`), the same pullback is built from the primitives above, so derivatives of any
/// order remain available.
struct ActivationJet: DifferentiableOperation {
    let function: JetScalarFunction
    let orders: [Int]
    var name: String { "jet_\(function)" }
    func forward(_ x: [Tensor]) -> Tensor { JetKernels.forward(function, orders: orders, z: x[0]) }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        let z = x[0]
        if !g.requiresGradient && !z.requiresGradient {
            return [Variable(JetKernels.backward(function, orders: orders, z: z.value, y: output.value, g: g.value))]
        }
        return [function.compositePullback(orders: orders, z: z, g: g)]
    }
}

/// Adds a constant `c` (broadcast to `[n, w]`) to block 0 of a stacked jet `[K, n, w]`: the value
/// shifts, derivatives do not.
struct AddToLeadingBlock: DifferentiableOperation {
    var name: String { "add_to_value" }
    func forward(_ x: [Tensor]) -> Tensor {
        let (stacked, c) = (x[0], x[1])
        let blockShape = Array(stacked.shape.dropFirst())
        let block = stacked.slice(0..<1, alongAxis: 0).reshaped(to: blockShape) + c
        precondition(block.shape == blockShape, "Cannot add shape \(c.shape) to jet components \(blockShape)")
        var out = stacked.scalars
        out.withUnsafeMutableBufferPointer { o in
            block.scalars.withUnsafeBufferPointer { b in o.baseAddress!.update(from: b.baseAddress!, count: b.count) }
        }
        return Tensor(shape: stacked.shape, scalars: out)
    }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        let blockShape = Array(x[0].shape.dropFirst())
        let leading = g.slice(0..<1, alongAxis: 0).reshaped(to: blockShape)
        return [g, unbroadcast(leading, to: x[1].shape)]
    }
}

/// The affine map of a stacked jet `[K, n, in]`: every component times `W` (`[in, out]`), plus `b`
/// (`[out]`) on the value block only. One matrix product for all components; the bias is added in
/// place to the fresh product, so nothing is copied.
struct JetAffine: DifferentiableOperation {
    var name: String { "jet_affine" }
    func forward(_ x: [Tensor]) -> Tensor {
        let (stacked, w, b) = (x[0], x[1], x[2])
        let (k, n, width) = (stacked.shape[0], stacked.shape[1], stacked.shape[2])
        precondition(w.rank == 2 && w.shape[0] == width && b.shape == [w.shape[1]],
                     "Affine map of a jet with \(width) columns needs W [\(width), out] and b [out], got \(w.shape) and \(b.shape)")
        var y = Tensor.matmul(stacked.reshaped(to: [k * n, width]), w)
        let out = w.shape[1]
        y.scalars.withUnsafeMutableBufferPointer { yp in
            b.scalars.withUnsafeBufferPointer { bp in
                for row in 0..<n {
                    let r = yp.baseAddress! + row * out
                    for j in 0..<out { r[j] += bp[j] }
                }
            }
        }
        return y.reshaped(to: [k, n, out])
    }
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        let (stacked, w) = (x[0], x[1])
        let (k, n, width) = (stacked.shape[0], stacked.shape[1], stacked.shape[2])
        let out = w.shape[1]
        let flatG = g.reshaped(to: [k * n, out])
        let gx = matmul(flatG, w, transposeB: true).reshaped(to: stacked.shape)
        let gw = matmul(stacked.reshaped(to: [k * n, width]), flatG, transposeA: true)
        let gb = g.slice(0..<1, alongAxis: 0).reshaped(to: [n, out]).sum(alongAxes: [0]).reshaped(to: [out])
        return [gx, gw, gb]
    }
}
