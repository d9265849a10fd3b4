/// The intersection A ∩ B of two geometries of equal dimension.
///
/// Interior samples: A's interior samples, rejecting those outside B — put the smaller shape first.
/// Boundary samples: the part of ∂A inside B and the part of ∂B inside A, with the parts' normals.
/// If the shapes do not overlap, sampling throws ``SamplingError/acceptanceRateTooLow(accepted:candidates:requested:)``.
public struct Intersection: Geometry {
    /// The first operand A, whose samples are filtered.
    public let first: any Geometry
    /// The second operand B.
    public let second: any Geometry

    /// Creates A ∩ B.
    ///
    /// - Precondition: both have the same dimension.
    public init(_ first: any Geometry, _ second: any Geometry) {
        ConstructiveBoundary.checkDimensions(first, second, operation: "Intersection")
        self.first = first
        self.second = second
    }

    private var boundary: ConstructiveBoundary {
        ConstructiveBoundary(parts: [.init(geometry: first, orientation: 1), .init(geometry: second, orientation: 1)])
    }

    /// The dimension of the operands.
    public var dimension: Int { first.dimension }

    /// The overlap of the operands' boxes (collapsed to a face where they do not overlap).
    public var boundingBox: (lower: [Double], upper: [Double]) {
        let a = first.boundingBox, b = second.boundingBox
        let lower = zip(a.lower, b.lower).map { max($0, $1) }
        let upper = zip(a.upper, b.upper).enumerated().map { max(min($1.0, $1.1), lower[$0]) }
        return (lower, upper)
    }

    /// Interior if interior to both, exterior if exterior to either, boundary otherwise.
    public func location(of point: [Double], tolerance: Double) -> PointLocation {
        .intersection(first.location(of: point, tolerance: tolerance), second.location(of: point, tolerance: tolerance))
    }

    /// The normal of A at points of ∂A inside B, else that of B.
    public func boundaryNormal(at point: [Double]) -> [Double] {
        boundary.boundaryNormal(of: self, at: point)
    }

    /// A's interior map, rejecting points outside B.
    public var interiorMap: UnitCubeMap { ConstructiveBoundary.interiorMap(of: self, from: first.interiorMap) }

    /// The parts' boundary maps, keeping the pieces that bound A ∩ B.
    public var boundaryMap: UnitCubeMap { boundary.boundaryMap(of: self) }
}
