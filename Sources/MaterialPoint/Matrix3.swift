/// A 3×3 matrix of `Double`s stored by rows, the per-particle tensor of the material point method.
///
/// Two-dimensional simulations use the upper-left 2×2 block; the third row and column stay those of
/// the identity for deformation gradients and zero for stresses and velocity gradients.
public struct Matrix3: Equatable, Sendable {
    /// The rows.
    public var r0, r1, r2: SIMD3<Double>

    /// Creates a matrix from its rows.
    @inlinable public init(rows r0: SIMD3<Double>, _ r1: SIMD3<Double>, _ r2: SIMD3<Double>) {
        self.r0 = r0; self.r1 = r1; self.r2 = r2
    }

    /// Creates a matrix from nine row-major entries.
    @inlinable public init(_ e: [Double]) {
        precondition(e.count == 9, "Matrix3 needs 9 entries, got \(e.count)")
        self.init(rows: SIMD3(e[0], e[1], e[2]), SIMD3(e[3], e[4], e[5]), SIMD3(e[6], e[7], e[8]))
    }

    /// The zero matrix.
    public static let zero = Matrix3(rows: .zero, .zero, .zero)
    /// The identity.
    public static let identity = Matrix3(rows: SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1))

    /// A diagonal matrix.
    @inlinable public static func diagonal(_ d: SIMD3<Double>) -> Matrix3 {
        Matrix3(rows: SIMD3(d.x, 0, 0), SIMD3(0, d.y, 0), SIMD3(0, 0, d.z))
    }

    /// The outer product a bᵀ.
    @inlinable @inline(__always) public static func outer(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Matrix3 {
        Matrix3(rows: a.x * b, a.y * b, a.z * b)
    }

    /// Entry (i, j).
    @inlinable public subscript(i: Int, j: Int) -> Double {
        get { i == 0 ? r0[j] : (i == 1 ? r1[j] : r2[j]) }
        set {
            switch i {
            case 0: r0[j] = newValue
            case 1: r1[j] = newValue
            default: r2[j] = newValue
            }
        }
    }

    /// The nine entries, row-major.
    @inlinable public var entries: [Double] { [r0.x, r0.y, r0.z, r1.x, r1.y, r1.z, r2.x, r2.y, r2.z] }

    /// The transpose.
    @inlinable @inline(__always) public var transposed: Matrix3 {
        Matrix3(rows: SIMD3(r0.x, r1.x, r2.x), SIMD3(r0.y, r1.y, r2.y), SIMD3(r0.z, r1.z, r2.z))
    }

    /// The trace.
    @inlinable public var trace: Double { r0.x + r1.y + r2.z }

    /// The diagonal.
    @inlinable public var diagonalEntries: SIMD3<Double> { SIMD3(r0.x, r1.y, r2.z) }

    /// The determinant.
    @inlinable public var determinant: Double {
        r0.x * (r1.y * r2.z - r1.z * r2.y) - r0.y * (r1.x * r2.z - r1.z * r2.x) + r0.z * (r1.x * r2.y - r1.y * r2.x)
    }

    /// The cofactor matrix, J F⁻ᵀ: the derivative of the determinant.
    @inlinable public var cofactor: Matrix3 {
        Matrix3(rows: SIMD3(r1.y * r2.z - r1.z * r2.y, r1.z * r2.x - r1.x * r2.z, r1.x * r2.y - r1.y * r2.x),
                SIMD3(r0.z * r2.y - r0.y * r2.z, r0.x * r2.z - r0.z * r2.x, r0.y * r2.x - r0.x * r2.y),
                SIMD3(r0.y * r1.z - r0.z * r1.y, r0.z * r1.x - r0.x * r1.z, r0.x * r1.y - r0.y * r1.x))
    }

    /// The inverse (the caller ensures the matrix is invertible).
    @inlinable public var inverse: Matrix3 { cofactor.transposed * (1 / determinant) }

    /// The Frobenius inner product with `other`.
    @inlinable public func contracted(with other: Matrix3) -> Double {
        (r0 * other.r0 + r1 * other.r1 + r2 * other.r2).sum()
    }

    /// The squared Frobenius norm.
    @inlinable public var squaredNorm: Double { contracted(with: self) }

    /// The symmetric part (A + Aᵀ)/2.
    @inlinable public var symmetricPart: Matrix3 { (self + transposed) * 0.5 }

    /// The largest absolute entry.
    @inlinable public var maxAbs: Double { entries.map { Swift.abs($0) }.max()! }

    @inlinable @inline(__always) public static func + (a: Matrix3, b: Matrix3) -> Matrix3 { Matrix3(rows: a.r0 + b.r0, a.r1 + b.r1, a.r2 + b.r2) }
    @inlinable @inline(__always) public static func - (a: Matrix3, b: Matrix3) -> Matrix3 { Matrix3(rows: a.r0 - b.r0, a.r1 - b.r1, a.r2 - b.r2) }
    @inlinable @inline(__always) public static func * (a: Matrix3, s: Double) -> Matrix3 { Matrix3(rows: a.r0 * s, a.r1 * s, a.r2 * s) }
    @inlinable @inline(__always) public static func * (s: Double, a: Matrix3) -> Matrix3 { a * s }
    @inlinable @inline(__always) public static func += (a: inout Matrix3, b: Matrix3) { a = a + b }
    @inlinable @inline(__always) public static func -= (a: inout Matrix3, b: Matrix3) { a = a - b }

    /// The matrix-vector product.
    @inlinable @inline(__always) public static func * (a: Matrix3, v: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3((a.r0 * v).sum(), (a.r1 * v).sum(), (a.r2 * v).sum())
    }

    /// The matrix product.
    @inlinable @inline(__always) public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(rows: a.r0.x * b.r0 + a.r0.y * b.r1 + a.r0.z * b.r2,
                a.r1.x * b.r0 + a.r1.y * b.r1 + a.r1.z * b.r2,
                a.r2.x * b.r0 + a.r2.y * b.r1 + a.r2.z * b.r2)
    }

    /// Keeps the upper-left `dimension`×`dimension` block and fills the rest with `fill` on the
    /// diagonal (1 for deformation gradients, 0 for stresses).
    @inlinable public func restricted(to dimension: Int, diagonalFill fill: Double) -> Matrix3 {
        guard dimension == 2 else { return self }
        return Matrix3(rows: SIMD3(r0.x, r0.y, 0), SIMD3(r1.x, r1.y, 0), SIMD3(0, 0, fill))
    }
}
