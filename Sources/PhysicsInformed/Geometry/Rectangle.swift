/// An axis-aligned rectangle [x₀, x₁] × [y₀, y₁].
///
/// Boundary samples are spread over the four edges in proportion to their lengths, and points on an
/// edge have the fixed coordinate exactly equal to the bound, so `{ $0[0] == x₀ }` selects the left
/// edge. At a corner, ``boundaryNormal(at:)`` returns the normal of the x-edge (−x or +x).
public struct Rectangle: MeasurableGeometry {
    let region: AxisAlignedRegion

    /// Creates the rectangle with corners `lower` = [x₀, y₀] and `upper` = [x₁, y₁].
    ///
    /// - Precondition: two coordinates each, x₀ < x₁ and y₀ < y₁, all finite.
    public init(lower: [Double], upper: [Double]) {
        precondition(lower.count == 2 && upper.count == 2,
                     "Rectangle needs 2-D corners, got \(lower) and \(upper)")
        region = AxisAlignedRegion(lower: lower, upper: upper, shape: "Rectangle")
    }

    /// The lower-left corner [x₀, y₀].
    public var lower: [Double] { region.lower }
    /// The upper-right corner [x₁, y₁].
    public var upper: [Double] { region.upper }

    /// Always 2.
    public var dimension: Int { 2 }
    /// `(lower, upper)`.
    public var boundingBox: (lower: [Double], upper: [Double]) { (region.lower, region.upper) }
    /// The area.
    public var measure: Double { region.volume }
    /// The perimeter.
    public var boundaryMeasure: Double { region.boundaryMeasure }

    /// Classifies `point`.
    public func location(of point: [Double], tolerance: Double) -> PointLocation {
        region.location(of: point, tolerance: tolerance)
    }

    /// The outward normal of the nearest edge; at a corner, the normal of the x-edge (±e₀).
    public func boundaryNormal(at point: [Double]) -> [Double] { region.boundaryNormal(at: point) }

    /// The affine map of the unit square.
    public var interiorMap: UnitCubeMap { region.interiorMap }
    /// Arc length along the edges x = x₀, x = x₁, y = y₀, y = y₁ (one parameter).
    public var boundaryMap: UnitCubeMap { region.boundaryMap }
}
