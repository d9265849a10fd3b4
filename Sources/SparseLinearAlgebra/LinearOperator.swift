/// A linear map `y = A x` on `Double` vectors: the operator a Krylov solver needs.
///
/// The map may be matrix-free (`FunctionOperator`): solvers only call `apply(_:into:)`.
/// `CSRMatrix` conforms, applying itself on `SparseParallelism.defaultThreadCount` threads.
public protocol LinearOperator {
    /// Length of the output `y`.
    var rowCount: Int { get }
    /// Length of the input `x`.
    var columnCount: Int { get }

    /// Writes `A x` into `y`.
    ///
    /// Callers pass `x` with `columnCount` entries (another length is a programming error and traps);
    /// `y` is resized to `rowCount` entries if needed and its previous contents are overwritten.
    func apply(_ x: [Double], into y: inout [Double])

    /// Writes `A x` into `y` and returns the dot product `x · y` (square operators).
    ///
    /// Conjugate gradients needs `p · A p` after every product; an operator that can form it while it
    /// computes the product (as `CSRMatrix` does) saves a pass over two vectors. The default calls
    /// `apply` and then takes the dot product.
    func applyAndDot(_ x: [Double], into y: inout [Double]) -> Double
}

extension LinearOperator {
    public func applyAndDot(_ x: [Double], into y: inout [Double]) -> Double {
        apply(x, into: &y)
        return VectorKernels.dot(x, y, threadCount: SparseParallelism.defaultThreadCount)
    }

    /// `A x` as a new vector.
    /// - Precondition: `x.count == columnCount`.
    public func applied(to x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: rowCount)
        apply(x, into: &y)
        return y
    }
}

extension CSRMatrix: LinearOperator {
    /// `y = A x` on `SparseParallelism.defaultThreadCount` threads (see `apply(_:into:threadCount:)`).
    public func apply(_ x: [Double], into y: inout [Double]) {
        apply(x, into: &y, threadCount: SparseParallelism.defaultThreadCount)
    }

    /// `y = A x` and `x · y` in one pass over the matrix.
    public func applyAndDot(_ x: [Double], into y: inout [Double]) -> Double {
        applyAndDot(x, into: &y, threadCount: SparseParallelism.defaultThreadCount)
    }
}
