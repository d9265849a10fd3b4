/// A closed interval [a, b] of the real line.
///
/// Its boundary is the two end points, with outward normals −1 at a and +1 at b; boundary sampling
/// picks each with probability ½ (``boundaryMeasure`` counts them: 2).
public struct Interval: MeasurableGeometry {
    let region: AxisAlignedRegion

    /// Creates [a, b].
    ///
    /// - Precondition: `a < b`, both finite.
    public init(_ a: Double, _ b: Double) {
        region = AxisAlignedRegion(lower: [a], upper: [b], shape: "Interval")
    }

    /// The left end point a.
    public var lowerBound: Double { region.lower[0] }
    /// The right end point b.
    public var upperBound: Double { region.upper[0] }

    /// Always 1.
    public var dimension: Int { 1 }
    /// `([a], [b])`.
    public var boundingBox: (lower: [Double], upper: [Double]) { (region.lower, region.upper) }
    /// The length b − a.
    public var measure: Double { region.volume }
    /// 2: the number of end points.
    public var boundaryMeasure: Double { region.boundaryMeasure }

    /// Classifies `point` (one coordinate).
    public func location(of point: [Double], tolerance: Double) -> PointLocation {
        region.location(of: point, tolerance: tolerance)
    }

    /// [−1] at the end point nearer to `point` if that is a, else [+1]; at the midpoint, [−1].
    public func boundaryNormal(at point: [Double]) -> [Double] { region.boundaryNormal(at: point) }

    /// x = a + (b − a) u.
    public var interiorMap: UnitCubeMap { region.interiorMap }
    /// a for u < ½, b otherwise.
    public var boundaryMap: UnitCubeMap { region.boundaryMap }
}
