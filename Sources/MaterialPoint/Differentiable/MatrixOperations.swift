import Autodiff

/// Applies `body` to every particle's 3×3 matrix of an `[N, 9]` tensor and collects `[N, width]` rows.
@inlinable func mapRows(_ t: Tensor, width: Int, _ body: (Int, Matrix3, UnsafeMutableBufferPointer<Double>) -> Void) -> Tensor {
    let n = t.shape[0]
    return t.scalars.withUnsafeBufferPointer { src in
        Tensor(shape: [n, width]) { out in
            for p in 0..<n { body(p, src.matrix(at: p), UnsafeMutableBufferPointer(rebasing: out[(width * p)..<(width * p + width)])) }
        }
    }
}

/// The invariant inputs of the constitutive networks, zero at F = I and unchanged by F → Q F:
/// [σ_1 − 1, …, σ_d − 1, vec(FᵀF − I) (d² entries), det F − 1] (13 numbers in 3D, 7 in 2D).
public struct InvariantFeatures: DifferentiableOperation {
    /// 2 or 3.
    public let dimension: Int
    /// Creates the operation.
    public init(dimension: Int) { self.dimension = dimension }
    public var name: String { "nclaw-invariants" }
    /// Features per particle: d + d² + 1.
    public var width: Int { dimension + dimension * dimension + 1 }

    public func forward(_ inputs: [Tensor]) -> Tensor {
        let d = dimension
        return mapRows(inputs[0], width: width) { _, f, row in
            let svd = SingularValueDecomposition(f, dimension: d)
            for a in 0..<d { row[a] = svd.sigma[a] - 1 }
            let s = f.transposed * f
            for i in 0..<d { for j in 0..<d { row[d + i * d + j] = s[i, j] - (i == j ? 1 : 0) } }
            row[d + d * d] = f.determinant - 1
        }
    }

    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        let d = dimension, w = width
        let g = cotangent.value.scalars
        let result = mapRows(inputs[0].value, width: 9) { p, f, row in
            let o = w * p
            let svd = SingularValueDecomposition(f, dimension: d)
            var sigmaBar = SIMD3<Double>.zero
            for a in 0..<d { sigmaBar[a] = g[o + a] }
            var sBar = Matrix3.zero
            for i in 0..<d { for j in 0..<d { sBar[i, j] = g[o + d + i * d + j] } }
            // d(FᵀF) = dFᵀF + FᵀdF  ⇒  F̄ = F (S̄ + S̄ᵀ); d det F = cof(F) : dF.
            var fBar = svd.singularValuePullback(sigmaBar, dimension: d) + f * (sBar + sBar.transposed)
            fBar += f.cofactor * g[o + d + d * d]
            UnsafeMutableBufferPointer(rebasing: row[0..<9]).writeMatrix(fBar.restricted(to: d, diagonalFill: 0), at: 0)
        }
        return [Variable(result)]
    }
}

/// The symmetric d×d matrix of a network's d² outputs, embedded in a 3×3 matrix.
@inlinable func symmetricBlock(_ y: UnsafeBufferPointer<Double>, dimension d: Int) -> Matrix3 {
    var x = Matrix3.zero
    for i in 0..<d { for j in 0..<d { x[i, j] = 0.5 * (y[i * d + j] + y[j * d + i]) } }
    return x
}

/// NCLaw's elastic head: τ = R sym(Y) Fᵀ with R the polar rotation of F and Y the network's d²
/// outputs. Rotation equivariant, and τ(I) = 0 whenever Y(I) = 0.
public struct ElasticAssembly: DifferentiableOperation {
    /// 2 or 3.
    public let dimension: Int
    /// Creates the operation.
    public init(dimension: Int) { self.dimension = dimension }
    public var name: String { "nclaw-elastic-assembly" }

    public func forward(_ inputs: [Tensor]) -> Tensor {
        let d = dimension
        return mapHeadRows(inputs[0], inputs[1], dimension: d) { f, x in
            SingularValueDecomposition(f, dimension: d).rotation * x * f.transposed
        }
    }

    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        let d = dimension
        return headPullback(inputs, cotangent: cotangent, dimension: d) { f, x, g in
            let svd = SingularValueDecomposition(f, dimension: d)
            let r = svd.rotation
            // τ = P Fᵀ, P = R X.
            let pBar = g * f
            let fBar = g.transposed * (r * x) + svd.rotationPullback(pBar * x.transposed, dimension: d)
            return (fBar, (r.transposed * pBar).symmetricPart)
        }
    }
}

/// NCLaw's plastic head: F_new = F + α R sym(Y). Equivariant, and F_new(I) = I whenever Y(I) = 0.
public struct PlasticCorrection: DifferentiableOperation {
    /// 2 or 3.
    public let dimension: Int
    /// α.
    public let alpha: Double
    /// Creates the operation.
    public init(dimension: Int, alpha: Double) { self.dimension = dimension; self.alpha = alpha }
    public var name: String { "nclaw-plastic-correction" }

    public func forward(_ inputs: [Tensor]) -> Tensor {
        let d = dimension, a = alpha
        return mapHeadRows(inputs[0], inputs[1], dimension: d) { f, x in
            f.restricted(to: d, diagonalFill: 0) + SingularValueDecomposition(f, dimension: d).rotation * x * a
        }.addingIdentityOutsideBlock(dimension: d)
    }

    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        let d = dimension, a = alpha
        return headPullback(inputs, cotangent: cotangent, dimension: d) { f, x, g in
            let svd = SingularValueDecomposition(f, dimension: d)
            return (g + svd.rotationPullback(g * x.transposed * a, dimension: d), (svd.rotation.transposed * g * a).symmetricPart)
        }
    }
}

/// `body(F_p, sym(Y_p))` for every particle, restricted to the d×d block, as `[N, 9]` rows.
func mapHeadRows(_ f: Tensor, _ y: Tensor, dimension d: Int, _ body: (Matrix3, Matrix3) -> Matrix3) -> Tensor {
    let width = d * d
    return y.scalars.withUnsafeBufferPointer { y in
        mapRows(f, width: 9) { p, f, row in
            let x = symmetricBlock(UnsafeBufferPointer(rebasing: y[(width * p)..<(width * p + width)]), dimension: d)
            row.writeMatrix(body(f, x).restricted(to: d, diagonalFill: 0), at: 0)
        }
    }
}

/// The pullback of a head (F, Y) ↦ out: `body(F_p, sym(Y_p), ḡ_p)` returns (F̄_p, X̄_p) with X = sym(Y);
/// Ȳ = sym(X̄).
func headPullback(_ inputs: [Variable], cotangent: Variable, dimension d: Int,
                  _ body: (Matrix3, Matrix3, Matrix3) -> (Matrix3, Matrix3)) -> [Variable?] {
    let width = d * d, n = inputs[0].shape[0]
    let g = cotangent.value.scalars
    var yBar = [Double](repeating: 0, count: n * width)
    let fBar = inputs[1].value.scalars.withUnsafeBufferPointer { y in
        mapRows(inputs[0].value, width: 9) { p, f, row in
            let x = symmetricBlock(UnsafeBufferPointer(rebasing: y[(width * p)..<(width * p + width)]), dimension: d)
            let (fb, xBar) = body(f, x, g.matrix(at: p).restricted(to: d, diagonalFill: 0))
            let sym = xBar.symmetricPart
            for i in 0..<d { for j in 0..<d { yBar[width * p + i * d + j] = sym[i, j] } }
            row.writeMatrix(fb.restricted(to: d, diagonalFill: 0), at: 0)
        }
    }
    return [Variable(fBar), Variable(Tensor(shape: [n, width], scalars: yBar))]
}

extension Tensor {
    /// Adds 1 to the (3, 3) entry of every `[N, 9]` row in 2D (deformation gradients).
    func addingIdentityOutsideBlock(dimension d: Int) -> Tensor {
        guard d == 2 else { return self }
        var s = scalars
        for p in 0..<(s.count / 9) { s[9 * p + 8] += 1 }
        return Tensor(shape: shape, scalars: s)
    }
}

/// The d×d block of `[N, 9]` matrices as `[N, d²]` rows (identity map in 3D), and back.
public struct MatrixBlock: DifferentiableOperation {
    /// 2 or 3.
    public let dimension: Int
    /// true: `[N, 9] → [N, d²]`; false: `[N, d²] → [N, 9]` (zeros outside the block).
    public let extracting: Bool
    /// Creates the operation.
    public init(dimension: Int, extracting: Bool) { self.dimension = dimension; self.extracting = extracting }
    public var name: String { extracting ? "matrix-block" : "matrix-embed" }

    public func forward(_ inputs: [Tensor]) -> Tensor {
        let d = dimension, n = inputs[0].shape[0], s = inputs[0].scalars
        if extracting {
            return Tensor(shape: [n, d * d]) { out in
                for p in 0..<n { for i in 0..<d { for j in 0..<d { out[p * d * d + i * d + j] = s[9 * p + 3 * i + j] } } }
            }
        }
        return Tensor(shape: [n, 9]) { out in
            for e in 0..<(9 * n) { out[e] = 0 }
            for p in 0..<n { for i in 0..<d { for j in 0..<d { out[9 * p + 3 * i + j] = s[p * d * d + i * d + j] } } }
        }
    }

    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        [Variable.apply(MatrixBlock(dimension: dimension, extracting: !extracting), to: [cotangent])]
    }
}

/// Columns `columns` of an `[N, W]` tensor (and, backwards, the cotangent placed in zero columns
/// elsewhere), with plain row loops.
public struct ColumnSlice: DifferentiableOperation {
    /// The columns kept.
    public let columns: Range<Int>
    /// W of the input.
    public let width: Int
    /// Creates the slice.
    public init(columns: Range<Int>, width: Int) { self.columns = columns; self.width = width }
    public var name: String { "column-slice" }

    public func forward(_ inputs: [Tensor]) -> Tensor {
        let n = inputs[0].shape[0], w = columns.count, lo = columns.lowerBound, width = self.width
        return inputs[0].scalars.withUnsafeBufferPointer { src in
            Tensor(shape: [n, w]) { out in
                let from = src.baseAddress! + lo, to = out.baseAddress!
                for p in 0..<n { for c in 0..<w { to[p * w + c] = from[p * width + c] } }
            }
        }
    }

    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        [Variable.apply(ColumnPlacement(columns: columns, width: width), to: [cotangent])]
    }
}

/// The inverse placement of `ColumnSlice`: `[N, w]` into columns of a zero `[N, W]`.
public struct ColumnPlacement: DifferentiableOperation {
    /// Where the columns go.
    public let columns: Range<Int>
    /// W of the output.
    public let width: Int
    /// Creates the placement.
    public init(columns: Range<Int>, width: Int) { self.columns = columns; self.width = width }
    public var name: String { "column-placement" }

    public func forward(_ inputs: [Tensor]) -> Tensor {
        let n = inputs[0].shape[0], w = columns.count, lo = columns.lowerBound, width = self.width
        return inputs[0].scalars.withUnsafeBufferPointer { src in
            Tensor(shape: [n, width]) { out in
                out.initialize(repeating: 0)
                let from = src.baseAddress!, to = out.baseAddress! + lo
                for p in 0..<n { for c in 0..<w { to[p * width + c] = from[p * w + c] } }
            }
        }
    }

    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        [Variable.apply(ColumnSlice(columns: columns, width: width), to: [cotangent])]
    }
}
