import Autodiff

/// Points sampled on a boundary together with their outward unit normals.
public struct BoundarySamples: Sendable, Equatable {
    /// The points, shape `[count, dimension]`.
    public let points: Tensor
    /// The outward unit normals at ``points``, shape `[count, dimension]`.
    public let normals: Tensor

    /// Creates boundary samples from points and normals of equal shape.
    public init(points: Tensor, normals: Tensor) {
        precondition(points.shape == normals.shape,
                     "Boundary points \(points.shape) and normals \(normals.shape) differ in shape")
        self.points = points
        self.normals = normals
    }
}
