extension Geometry {
    /// The tolerance the location tests use when none is given: 10⁻¹⁰ times the largest magnitude
    /// of the bounding box's coordinates and extents, so it scales with the problem's units.
    public var defaultTolerance: Double {
        1e-10 * max(coordinateScale, Double.leastNormalMagnitude)
    }

    /// Classifies `point` with ``defaultTolerance``.
    public func location(of point: [Double]) -> PointLocation {
        location(of: point, tolerance: defaultTolerance)
    }

    /// Whether the closed region contains `point`, boundary points within ``defaultTolerance``
    /// included.
    public func contains(_ point: [Double]) -> Bool {
        location(of: point, tolerance: defaultTolerance) != .exterior
    }

    /// Whether the closed region contains `point`, boundary points within `tolerance` included.
    public func contains(_ point: [Double], tolerance: Double) -> Bool {
        location(of: point, tolerance: tolerance) != .exterior
    }

    /// Whether `point` lies within ``defaultTolerance`` of the boundary.
    public func onBoundary(_ point: [Double]) -> Bool {
        location(of: point, tolerance: defaultTolerance) == .boundary
    }

    /// Whether `point` lies within `tolerance` of the boundary.
    public func onBoundary(_ point: [Double], tolerance: Double) -> Bool {
        location(of: point, tolerance: tolerance) == .boundary
    }

    /// The largest magnitude among the bounding box's coordinates and extents.
    var coordinateScale: Double {
        let box = boundingBox
        var scale = 0.0
        for (l, u) in zip(box.lower, box.upper) { scale = max(scale, abs(l), abs(u), u - l) }
        return scale
    }

    /// The step of the probes that check a normal: 10⁻⁶ of the largest extent of the bounding box,
    /// and at least 100 tolerances.
    var probeStep: Double {
        let box = boundingBox
        let extent = zip(box.lower, box.upper).map { $1 - $0 }.max() ?? 0
        return max(1e-6 * extent, 100 * defaultTolerance)
    }

    /// Whether `normal` points out of the region at the boundary point `point`: a small step along it
    /// leaves the region and a small step against it enters the interior.
    ///
    /// This is what decides which parts of the children's boundaries form the boundary of a CSG
    /// shape; it misjudges only points within `step` of a corner or of a crossing of boundaries.
    func isOutwardNormal(_ normal: [Double], at point: [Double], step: Double, tolerance: Double) -> Bool {
        var outside = point, inside = point
        for i in point.indices {
            outside[i] += step * normal[i]
            inside[i] -= step * normal[i]
        }
        return location(of: outside, tolerance: tolerance) == .exterior
            && location(of: inside, tolerance: tolerance) == .interior
    }
}
