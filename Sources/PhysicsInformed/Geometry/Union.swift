/// The union A ∪ B of two geometries of equal dimension.
///
/// Interior samples: the union's bounding box, rejecting points in neither part. Boundary samples:
/// the parts of ∂A outside B and of ∂B outside A, with the parts' normals (see
/// ``ConstructiveBoundary``). Where A and B touch face to face, the shared face is interior to the
/// union and is not sampled, although ``location(of:tolerance:)`` reports it as boundary.
public struct Union: Geometry {
    /// The first operand A.
    public let first: any Geometry
    /// The second operand B.
    public let second: any Geometry

    /// Creates A ∪ B.
    ///
    /// - Precondition: both have the same dimension.
    public init(_ first: any Geometry, _ second: any Geometry) {
        ConstructiveBoundary.checkDimensions(first, second, operation: "Union")
        self.first = first
        self.second = second
    }

    private var boundary: ConstructiveBoundary {
        ConstructiveBoundary(parts: [.init(geometry: first, orientation: 1), .init(geometry: second, orientation: 1)])
    }

    /// The dimension of the operands.
    public var dimension: Int { first.dimension }

    /// The box containing both operands' boxes.
    public var boundingBox: (lower: [Double], upper: [Double]) {
        let a = first.boundingBox, b = second.boundingBox
        return (zip(a.lower, b.lower).map { min($0, $1) }, zip(a.upper, b.upper).map { max($0, $1) })
    }

    /// Interior if interior to either part, exterior if exterior to both, boundary otherwise.
    public func location(of point: [Double], tolerance: Double) -> PointLocation {
        .union(first.location(of: point, tolerance: tolerance), second.location(of: point, tolerance: tolerance))
    }

    /// The normal of A at points of ∂A that bound the union, else that of B.
    public func boundaryNormal(at point: [Double]) -> [Double] {
        boundary.boundaryNormal(of: self, at: point)
    }

    /// The bounding box's affine map, rejecting points outside the union.
    public var interiorMap: UnitCubeMap {
        let box = boundingBox
        return ConstructiveBoundary.interiorMap(of: self, from: .affine(lower: box.lower, upper: box.upper))
    }

    /// The parts' boundary maps, keeping the pieces that bound the union.
    public var boundaryMap: UnitCubeMap { boundary.boundaryMap(of: self) }
}
