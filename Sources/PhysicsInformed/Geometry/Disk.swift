import Foundation

/// A closed disk in the plane.
public struct Disk: MeasurableGeometry {
    /// The centre [x, y].
    public let center: [Double]
    /// The radius.
    public let radius: Double

    /// Creates the disk of `radius` about `center`.
    ///
    /// - Precondition: `center` has two finite coordinates and `radius` is positive and finite.
    public init(center: [Double], radius: Double) {
        precondition(center.count == 2 && center.allSatisfy(\.isFinite), "Disk needs a finite 2-D center, got \(center)")
        precondition(radius > 0 && radius.isFinite, "Disk needs a positive finite radius, got \(radius)")
        self.center = center
        self.radius = radius
    }

    /// Always 2.
    public var dimension: Int { 2 }

    /// The square circumscribing the disk.
    public var boundingBox: (lower: [Double], upper: [Double]) {
        ([center[0] - radius, center[1] - radius], [center[0] + radius, center[1] + radius])
    }

    /// The area πR².
    public var measure: Double { .pi * radius * radius }
    /// The circumference 2πR.
    public var boundaryMeasure: Double { 2 * .pi * radius }

    /// Classifies `point` by its distance r from the centre: boundary when |r − R| ≤ tolerance.
    public func location(of point: [Double], tolerance: Double) -> PointLocation {
        precondition(point.count == 2, "A point in 2-D has 2 coordinates, got \(point.count)")
        let r = hypot(point[0] - center[0], point[1] - center[1])
        if r > radius + tolerance || r.isNaN { return .exterior }
        return r >= radius - tolerance ? .boundary : .interior
    }

    /// The radial unit vector (p − c)/|p − c|; at the centre itself, [1, 0].
    public func boundaryNormal(at point: [Double]) -> [Double] {
        precondition(point.count == 2, "A point in 2-D has 2 coordinates, got \(point.count)")
        let dx = point[0] - center[0], dy = point[1] - center[1]
        let r = hypot(dx, dy)
        return r > 0 ? [dx / r, dy / r] : [1, 0]
    }

    /// The area-preserving polar map r = R√u, θ = 2πv.
    public var interiorMap: UnitCubeMap {
        let center = self.center, radius = self.radius
        return UnitCubeMap(parameterCount: 2, measure: measure) { u in
            let r = radius * u[0].squareRoot()
            let theta = 2 * Double.pi * u[1]
            return MappedPoint(point: [center[0] + r * cos(theta), center[1] + r * sin(theta)])
        }
    }

    /// θ = 2πu, with the radial normal.
    public var boundaryMap: UnitCubeMap {
        let center = self.center, radius = self.radius
        return UnitCubeMap(parameterCount: 1, measure: boundaryMeasure) { u in
            let theta = 2 * Double.pi * u[0]
            let (c, s) = (cos(theta), sin(theta))
            return MappedPoint(point: [center[0] + radius * c, center[1] + radius * s], normal: [c, s])
        }
    }
}
