import Autodiff

extension Geometry {
    /// `count` points in the region, shape `[count, dimension]`.
    ///
    /// Parameters drawn by `sampling` are mapped by ``interiorMap``. Shapes sampled by rejection
    /// (polygons, CSG) continue the sequence until `count` points are accepted, and throw
    /// ``SamplingError/acceptanceRateTooLow(accepted:candidates:requested:)`` when fewer than 0.1 % of
    /// the candidates are accepted. The same arguments give the same points bit for bit.
    public func interiorPoints(_ count: Int, sampling: Sampling, key: RandomKey) throws(SamplingError) -> Tensor {
        let images = try RejectionSampler.draw(count, from: interiorMap, sampling: sampling, key: key) { _ in true }
        return RejectionSampler.tensor(images.map(\.point), dimension: dimension)
    }

    /// `count` points on the boundary with their outward unit normals, uniform with respect to the
    /// boundary's length or area, keeping only points for which `predicate` is true.
    ///
    /// With a predicate, the points are uniform on the selected part: e.g.
    /// `rectangle.boundarySamples(100, sampling: .sobol, key: key) { $0[0] == 0 }` samples the edge
    /// x = 0 (edge points of axis-aligned boxes are generated with that coordinate set exactly).
    /// Throws like ``interiorPoints(_:sampling:key:)`` when too few candidates are accepted, e.g.
    /// when the predicate selects a set of measure zero.
    public func boundarySamples(_ count: Int, sampling: Sampling, key: RandomKey,
                                where predicate: ([Double]) -> Bool = { _ in true }) throws(SamplingError) -> BoundarySamples {
        let images = try RejectionSampler.draw(count, from: boundaryMap, sampling: sampling, key: key) { predicate($0.point) }
        let normals = images.map { $0.normal ?? boundaryNormal(at: $0.point) }
        return BoundarySamples(points: RejectionSampler.tensor(images.map(\.point), dimension: dimension),
                               normals: RejectionSampler.tensor(normals, dimension: dimension))
    }

    /// `count` points on the boundary, shape `[count, dimension]`, optionally only where `predicate`
    /// is true; the points of ``boundarySamples(_:sampling:key:where:)`` without the normals.
    public func boundaryPoints(_ count: Int, sampling: Sampling, key: RandomKey,
                               where predicate: ([Double]) -> Bool = { _ in true }) throws(SamplingError) -> Tensor {
        try boundarySamples(count, sampling: sampling, key: key, where: predicate).points
    }
}
