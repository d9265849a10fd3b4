/// No preconditioning: `M = I`, `z = r`. Fits any size. Solvers recognise it and skip the copy.
public struct IdentityPreconditioner: Preconditioner, Sendable {
    public init() {}

    public var dimension: Int? { nil }

    public func apply(_ r: [Double], into z: inout [Double]) { z = r }
}
