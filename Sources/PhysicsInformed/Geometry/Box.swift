/// An axis-aligned box [x₀, x₁] × [y₀, y₁] × [z₀, z₁] in three dimensions.
///
/// Boundary samples are spread over the six faces in proportion to their areas; points on a face
/// have the fixed coordinate exactly equal to the bound. On an edge or corner,
/// ``boundaryNormal(at:)`` returns the normal of the face of lowest axis (x before y before z).
public struct Box: MeasurableGeometry {
    let region: AxisAlignedRegion

    /// Creates the box with corners `lower` = [x₀, y₀, z₀] and `upper` = [x₁, y₁, z₁].
    ///
    /// - Precondition: three coordinates each, every lower bound below its upper bound, all finite.
    public init(lower: [Double], upper: [Double]) {
        precondition(lower.count == 3 && upper.count == 3, "Box needs 3-D corners, got \(lower) and \(upper)")
        region = AxisAlignedRegion(lower: lower, upper: upper, shape: "Box")
    }

    /// The corner of smallest coordinates.
    public var lower: [Double] { region.lower }
    /// The corner of largest coordinates.
    public var upper: [Double] { region.upper }

    /// Always 3.
    public var dimension: Int { 3 }
    /// `(lower, upper)`.
    public var boundingBox: (lower: [Double], upper: [Double]) { (region.lower, region.upper) }
    /// The volume.
    public var measure: Double { region.volume }
    /// The surface area.
    public var boundaryMeasure: Double { region.boundaryMeasure }

    /// Classifies `point`.
    public func location(of point: [Double], tolerance: Double) -> PointLocation {
        region.location(of: point, tolerance: tolerance)
    }

    /// The outward normal of the nearest face; on edges and corners, the face of lowest axis.
    public func boundaryNormal(at point: [Double]) -> [Double] { region.boundaryNormal(at: point) }

    /// The affine map of the unit cube.
    public var interiorMap: UnitCubeMap { region.interiorMap }
    /// Two parameters: the first walks the faces in proportion to their areas and gives the first
    /// coordinate on the face, the second gives the other.
    public var boundaryMap: UnitCubeMap { region.boundaryMap }
}
