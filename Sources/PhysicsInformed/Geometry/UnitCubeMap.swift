/// A point produced by a ``UnitCubeMap``: its coordinates and, on a boundary, its outward normal.
public struct MappedPoint: Sendable, Equatable {
    /// The coordinates of the point.
    public var point: [Double]
    /// The outward unit normal for boundary points; `nil` for interior points.
    public var normal: [Double]?

    /// Creates a mapped point.
    public init(point: [Double], normal: [Double]? = nil) {
        self.point = point
        self.normal = normal
    }
}

/// A map from the unit cube [0, 1)ᵐ onto a region, possibly partial (rejection).
///
/// Every sampling method of ``Geometry`` draws parameters `u` in the unit cube — random, Latin
/// hypercube, Sobol or Hammersley — and maps them with one of these. The contract that makes the
/// samples uniform on the region: the cube's volume measure, pushed forward by the map, is the
/// region's own measure (length, area, volume) divided by ``measure``, restricted to the images that
/// are not rejected. So an affine map onto a rectangle has `measure` equal to its area, and a map
/// that samples a polygon's bounding box and rejects outside points has `measure` equal to the
/// box's area. Composite shapes weight their parts by these measures.
///
/// Maps should be measure-preserving up to that constant and smooth where they can be (the disk uses
/// r = R√u, θ = 2πv), so that low-discrepancy parameters stay well spread on the region.
public struct UnitCubeMap: Sendable {
    /// The number of parameters m, the dimension of the cube.
    public let parameterCount: Int
    /// The measure of the set the whole cube maps onto, rejected images included.
    public let measure: Double
    private let body: @Sendable ([Double]) -> MappedPoint?

    /// Creates a map from `parameterCount` parameters in [0, 1) to a point, or `nil` to reject.
    ///
    /// - Precondition: `parameterCount ≥ 1` and `measure > 0`.
    public init(parameterCount: Int, measure: Double, _ body: @escaping @Sendable ([Double]) -> MappedPoint?) {
        precondition(parameterCount >= 1, "A unit-cube map needs at least one parameter, got \(parameterCount)")
        precondition(measure > 0 && measure.isFinite, "A unit-cube map needs a positive finite measure, got \(measure)")
        self.parameterCount = parameterCount
        self.measure = measure
        self.body = body
    }

    /// The image of `parameters` (of length ``parameterCount``), or `nil` if it is rejected.
    public func callAsFunction(_ parameters: [Double]) -> MappedPoint? { body(parameters) }

    /// The same map, rejecting in addition every image for which `isIncluded` is false.
    public func filter(_ isIncluded: @escaping @Sendable (MappedPoint) -> Bool) -> UnitCubeMap {
        let body = self.body
        return UnitCubeMap(parameterCount: parameterCount, measure: measure) { u in
            guard let image = body(u), isIncluded(image) else { return nil }
            return image
        }
    }

    /// The affine map of the unit cube onto the box `[lower, upper]` (no rejection).
    static func affine(lower: [Double], upper: [Double]) -> UnitCubeMap {
        let extent = zip(lower, upper).map { $1 - $0 }
        let volume = extent.reduce(1, *)
        return UnitCubeMap(parameterCount: lower.count, measure: volume) { u in
            var x = lower
            for i in x.indices { x[i] += extent[i] * u[i] }
            return MappedPoint(point: x)
        }
    }
}
