import Autodiff

/// A closed region of ℝᵈ that can be sampled: the domain of a physics-informed problem.
///
/// A geometry answers three kinds of question:
/// - *where is a point* — ``location(of:tolerance:)``, and from it `contains` and `onBoundary`;
/// - *which way is out* — ``boundaryNormal(at:)``;
/// - *how to sample it* — ``interiorMap`` and ``boundaryMap``, maps from the unit cube onto the
///   region and onto its boundary. The sampling methods (`interiorPoints`, `boundaryPoints`,
///   `boundarySamples`) are written once, in `Geometry+Sampling.swift`, on top of these maps.
///
/// To add a shape, conform a `Sendable` struct and give these members; everything else follows.
/// Coordinates of a point are `[Double]` of length ``dimension``; batches of points are `Tensor`s of
/// shape `[count, dimension]`.
public protocol Geometry: PointSource {
    /// The number of coordinates of a point.
    var dimension: Int { get }

    /// The smallest axis-aligned box known to contain the region (for CSG shapes it may be larger).
    var boundingBox: (lower: [Double], upper: [Double]) { get }

    /// Classifies `point` as interior, on the boundary (within `tolerance`) or exterior.
    ///
    /// The region is closed: a point on the boundary belongs to it. `tolerance` is an absolute
    /// distance; ``defaultTolerance`` is what the overloads without it use.
    func location(of point: [Double], tolerance: Double) -> PointLocation

    /// The outward unit normal at a boundary point.
    ///
    /// At a corner or an edge, where the normal is not defined, each shape documents which adjacent
    /// face it picks. For a point off the boundary the result is the normal of a nearby face, as the
    /// shape documents.
    func boundaryNormal(at point: [Double]) -> [Double]

    /// A map from the unit cube onto the region, uniform with respect to its volume (length, area).
    var interiorMap: UnitCubeMap { get }

    /// A map from the unit cube onto the boundary, uniform with respect to its surface measure, whose
    /// images carry outward unit normals.
    var boundaryMap: UnitCubeMap { get }
}

/// A geometry whose volume and boundary measure are known in closed form.
///
/// Use the measures to weight loss terms, e.g. a boundary mean times ``boundaryMeasure`` estimates a
/// boundary integral.
public protocol MeasurableGeometry: Geometry {
    /// The region's d-dimensional measure: length of an interval, area of a planar shape, volume of a
    /// solid.
    var measure: Double { get }

    /// The measure of the boundary: the number of end points (2) of an interval, the perimeter of a
    /// planar shape, the surface area of a solid.
    var boundaryMeasure: Double { get }
}
