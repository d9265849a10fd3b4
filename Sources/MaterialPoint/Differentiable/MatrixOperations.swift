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
        let d = dimension, width = d * d
        return inputs[1].scalars.withUnsafeBufferPointer { y in
            mapRows(inputs[0], width: 9) { p, f, row in
                let x = symmetricBlock(UnsafeBufferPointer(rebasing: y[(width * p)..<(width * p + width)]), dimension: d)
                let r = SingularValueDecomposition(f, dimension: d).rotation
                row.writeMatrix((r * x * f.transposed).restricted(to: d, diagonalFill: 0), at: 0)
            }
        }
    }

    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        let d = dimension, width = d * d, n = inputs[0].shape[0]
        let g = cotangent.value.scalars
        var yBar = [Double](repeating: 0, count: n * width)
        let fBar = inputs[1].value.scalars.withUnsafeBufferPointer { y in
            mapRows(inputs[0].value, width: 9) { p, f, row in
                let x = symmetricBlock(UnsafeBufferPointer(rebasing: y[(width * p)..<(width * p + width)]), dimension: d)
                let svd = SingularValueDecomposition(f, dimension: d)
                let r = svd.rotation
                let gp = g.matrix(at: p).restricted(to: d, diagonalFill: 0)
                // τ = P Fᵀ, P = R X.
                let pBar = gp * f
                var fb = gp.transposed * (r * x)
                fb += svd.rotationPullback(pBar * x.transposed, dimension: d)
                let xBar = (r.transposed * pBar).symmetricPart
                for i in 0..<d { for j in 0..<d { yBar[width * p + i * d + j] = xBar[i, j] } }
                row.writeMatrix(fb.restricted(to: d, diagonalFill: 0), at: 0)
            }
        }
        return [Variable(fBar), Variable(Tensor(shape: [n, width], scalars: yBar))]
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
        let d = dimension, width = d * d, a = alpha
        return inputs[1].scalars.withUnsafeBufferPointer { y in
            mapRows(inputs[0], width: 9) { p, f, row in
                let x = symmetricBlock(UnsafeBufferPointer(rebasing: y[(width * p)..<(width * p + width)]), dimension: d)
                let r = SingularValueDecomposition(f, dimension: d).rotation
                row.writeMatrix(f + (r * x * a).restricted(to: d, diagonalFill: 0), at: 0)
            }
        }
    }

    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        let d = dimension, width = d * d, n = inputs[0].shape[0], a = alpha
        let g = cotangent.value.scalars
        var yBar = [Double](repeating: 0, count: n * width)
        let fBar = inputs[1].value.scalars.withUnsafeBufferPointer { y in
            mapRows(inputs[0].value, width: 9) { p, f, row in
                let x = symmetricBlock(UnsafeBufferPointer(rebasing: y[(width * p)..<(width * p + width)]), dimension: d)
                let svd = SingularValueDecomposition(f, dimension: d)
                let gp = g.matrix(at: p).restricted(to: d, diagonalFill: 0)
                let fb = gp + svd.rotationPullback(gp * x.transposed * a, dimension: d)
                let xBar = (svd.rotation.transposed * gp * a).symmetricPart
                for i in 0..<d { for j in 0..<d { yBar[width * p + i * d + j] = xBar[i, j] } }
                row.writeMatrix(fb.restricted(to: d, diagonalFill: 0), at: 0)
            }
        }
        return [Variable(fBar), Variable(Tensor(shape: [n, width], scalars: yBar))]
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
                for p in 0..<n { for c in 0..<w { out[p * w + c] = src[p * width + lo + c] } }
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
                for e in 0..<(n * width) { out[e] = 0 }
                for p in 0..<n { for c in 0..<w { out[p * width + lo + c] = src[p * w + c] } }
            }
        }
    }

    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        [Variable.apply(ColumnSlice(columns: columns, width: width), to: [cotangent])]
    }
}
