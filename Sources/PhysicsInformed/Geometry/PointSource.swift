import Autodiff

/// Anything that hands out collocation points: a ``Geometry`` or a fixed ``PointSet``.
public protocol PointSource: Sendable {
    /// The number of coordinates of a point.
    var dimension: Int { get }

    /// `count` points of the source as a tensor of shape `[count, dimension]`.
    ///
    /// The same arguments always give the same points, bit for bit.
    func interiorPoints(_ count: Int, sampling: Sampling, key: RandomKey) throws(SamplingError) -> Tensor
}
