/// A matrix-free linear operator given by a closure.
///
/// ```swift
/// // The 1-D Laplacian tridiag(−1, 2, −1) without storing a matrix.
/// let a = FunctionOperator(size: n) { x, y in
///     for i in 0..<n { y[i] = 2 * x[i] - (i > 0 ? x[i - 1] : 0) - (i < n - 1 ? x[i + 1] : 0) }
/// }
/// ```
/// The closure receives `x` (`columnCount` entries) and `y` (`rowCount` entries, contents
/// unspecified) and must overwrite every entry of `y` with `(A x)ᵢ`.
public struct FunctionOperator: LinearOperator {
    public let rowCount: Int
    public let columnCount: Int
    private let body: ([Double], inout [Double]) -> Void

    /// A `rowCount × columnCount` operator computing `y = A x` with `body(x, &y)`.
    public init(rowCount: Int, columnCount: Int, _ body: @escaping ([Double], inout [Double]) -> Void) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.body = body
    }

    /// A square `size × size` operator.
    public init(size: Int, _ body: @escaping ([Double], inout [Double]) -> Void) {
        self.init(rowCount: size, columnCount: size, body)
    }

    public func apply(_ x: [Double], into y: inout [Double]) {
        if y.count != rowCount { y = [Double](repeating: 0, count: rowCount) }
        body(x, &y)
        precondition(y.count == rowCount, "FunctionOperator: the closure left y with \(y.count) entries, expected \(rowCount)")
    }
}
