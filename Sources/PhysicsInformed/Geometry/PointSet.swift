import Autodiff

/// User-supplied points — measurement sites, mesh nodes, points read from a file — as a source of
/// collocation points.
///
/// ``interiorPoints(_:sampling:key:)`` hands out all the points or a subset of them.
public struct PointSet: PointSource {
    /// The points, shape `[count, dimension]`.
    public let points: Tensor

    /// Creates the set from a tensor of shape `[count, dimension]`.
    ///
    /// - Precondition: `points` has rank 2 and at least one column.
    public init(points: Tensor) {
        precondition(points.rank == 2 && points.shape[1] >= 1,
                     "PointSet needs points of shape [count, dimension], got \(points.shape)")
        self.points = points
    }

    /// The number of coordinates of a point.
    public var dimension: Int { points.shape[1] }

    /// The number of points held.
    public var count: Int { points.shape[0] }

    /// `count` of the points, in their stored order.
    ///
    /// All points when `count` equals the set's size. Otherwise a subset: for the randomized methods
    /// (``Sampling/uniform``, ``Sampling/latinHypercube``, ``Sampling/shiftedSobol``) a uniformly
    /// random subset without repetition drawn from `key`; for the deterministic ones
    /// (``Sampling/sobol``, ``Sampling/hammersley``) the rows at evenly spaced indices ⌊i·n/count⌋.
    /// Throws ``SamplingError/notEnoughPoints(requested:available:)`` when `count` exceeds the size.
    public func interiorPoints(_ count: Int, sampling: Sampling, key: RandomKey) throws(SamplingError) -> Tensor {
        precondition(count >= 0, "Cannot take a negative number (\(count)) of points")
        let n = self.count
        guard count <= n else { throw .notEnoughPoints(requested: count, available: n) }
        if count == n { return points }
        let rows = sampling.isRandomized
            ? Array(key.permutation(n).prefix(count)).sorted()
            : (0..<count).map { $0 * n / count }
        return points.gather(rows: rows)
    }
}
