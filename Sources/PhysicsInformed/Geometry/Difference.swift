/// The difference A \ B of two geometries of equal dimension: the closure of the points of A not in B.
///
/// Interior samples: A's interior samples, rejecting those inside B. Boundary samples: the part of
/// ∂A outside B with A's normals, and the part of ∂B inside A with B's normals reversed, so that they
/// point into B (out of A \ B). For the L-shape `Rectangle([0, 0], [2, 2])` minus
/// `Rectangle([1, 1], [2, 2])`, the re-entrant edges have normals +x and +y.
public struct Difference: Geometry {
    /// The region cut from, A.
    public let minuend: any Geometry
    /// The region removed, B.
    public let subtrahend: any Geometry

    /// Creates A \ B.
    ///
    /// - Precondition: both have the same dimension.
    public init(_ minuend: any Geometry, _ subtrahend: any Geometry) {
        ConstructiveBoundary.checkDimensions(minuend, subtrahend, operation: "Difference")
        self.minuend = minuend
        self.subtrahend = subtrahend
    }

    private var boundary: ConstructiveBoundary {
        ConstructiveBoundary(parts: [.init(geometry: minuend, orientation: 1), .init(geometry: subtrahend, orientation: -1)])
    }

    /// The dimension of the operands.
    public var dimension: Int { minuend.dimension }

    /// A's bounding box.
    public var boundingBox: (lower: [Double], upper: [Double]) { minuend.boundingBox }

    /// The location in A ∩ closure(complement of B).
    public func location(of point: [Double], tolerance: Double) -> PointLocation {
        .intersection(minuend.location(of: point, tolerance: tolerance),
                      subtrahend.location(of: point, tolerance: tolerance).complement)
    }

    /// A's normal on ∂A, the reversed normal of B on ∂B (checked by probing at shared points).
    public func boundaryNormal(at point: [Double]) -> [Double] {
        boundary.boundaryNormal(of: self, at: point)
    }

    /// A's interior map, rejecting points inside B.
    public var interiorMap: UnitCubeMap { ConstructiveBoundary.interiorMap(of: self, from: minuend.interiorMap) }

    /// The parts' boundary maps, keeping the pieces that bound A \ B.
    public var boundaryMap: UnitCubeMap { boundary.boundaryMap(of: self) }
}
