/// A preconditioner given by a closure `z = M⁻¹ r` (for instance a multigrid cycle or a learned map).
///
/// The closure receives `r` and `z` (contents unspecified) and must overwrite every entry of `z`.
/// Set-up is whatever the closure captured; for CG and MINRES the map must be symmetric positive
/// definite.
public struct ClosurePreconditioner: Preconditioner {
    public let dimension: Int?
    private let body: ([Double], inout [Double]) -> Void

    /// Wraps `body`; `dimension` (if given) is checked against the operator by the solvers.
    public init(dimension: Int? = nil, _ body: @escaping ([Double], inout [Double]) -> Void) {
        self.dimension = dimension
        self.body = body
    }

    public func apply(_ r: [Double], into z: inout [Double]) {
        if z.count != r.count { z = [Double](repeating: 0, count: r.count) }
        body(r, &z)
        precondition(z.count == r.count, "ClosurePreconditioner: the closure left z with \(z.count) entries, expected \(r.count)")
    }
}
