import Autodiff

/// A space-time cylinder Ω × [t₀, t₁] for time-dependent problems; time is the last coordinate.
///
/// Its *boundary* is the lateral boundary ∂Ω × [t₀, t₁], where boundary conditions apply: boundary
/// samples are spatial boundary samples paired with times, with normals (n_Ω, 0). The initial slice
/// Ω × {t₀} is sampled separately by ``initialPoints(_:sampling:key:)``. Accordingly
/// ``location(of:tolerance:)`` reports a point of the caps t = t₀ or t = t₁ with an interior spatial
/// part as interior, not boundary.
///
/// Interior and boundary maps append one parameter for time to the spatial map's parameters, so
/// low-discrepancy sequences stay well spread in space and time jointly.
public struct TimeExtrusion: Geometry {
    /// The spatial domain Ω.
    public let space: any Geometry
    /// The initial time t₀.
    public let initialTime: Double
    /// The final time t₁.
    public let finalTime: Double

    /// Creates Ω × [`initialTime`, `finalTime`].
    ///
    /// - Precondition: `initialTime < finalTime`, both finite.
    public init(_ space: any Geometry, from initialTime: Double, to finalTime: Double) {
        precondition(initialTime.isFinite && finalTime.isFinite && initialTime < finalTime,
                     "TimeExtrusion needs finite times t0 < t1, got \(initialTime) and \(finalTime)")
        self.space = space
        self.initialTime = initialTime
        self.finalTime = finalTime
    }

    /// The spatial dimension plus one.
    public var dimension: Int { space.dimension + 1 }

    /// The spatial bounding box times [t₀, t₁].
    public var boundingBox: (lower: [Double], upper: [Double]) {
        let box = space.boundingBox
        return (box.lower + [initialTime], box.upper + [finalTime])
    }

    /// Exterior when t is outside [t₀, t₁] by more than `tolerance`; otherwise the spatial location.
    public func location(of point: [Double], tolerance: Double) -> PointLocation {
        precondition(point.count == dimension, "A point in \(dimension)-D has \(dimension) coordinates, got \(point.count)")
        let t = point[point.count - 1]
        if !(t >= initialTime - tolerance && t <= finalTime + tolerance) { return .exterior }
        return space.location(of: Array(point.dropLast()), tolerance: tolerance)
    }

    /// Whether `point` lies on the initial slice t = t₀ (within `tolerance`) and in Ω.
    public func isInitial(_ point: [Double], tolerance: Double) -> Bool {
        precondition(point.count == dimension, "A point in \(dimension)-D has \(dimension) coordinates, got \(point.count)")
        return abs(point[point.count - 1] - initialTime) <= tolerance
            && space.location(of: Array(point.dropLast()), tolerance: tolerance) != .exterior
    }

    /// The spatial normal with a zero time component.
    public func boundaryNormal(at point: [Double]) -> [Double] {
        precondition(point.count == dimension, "A point in \(dimension)-D has \(dimension) coordinates, got \(point.count)")
        return space.boundaryNormal(at: Array(point.dropLast())) + [0]
    }

    /// The spatial interior map and t = t₀ + (t₁ − t₀) u for the last parameter.
    public var interiorMap: UnitCubeMap { extruded(space.interiorMap) }

    /// The spatial boundary map and t = t₀ + (t₁ − t₀) u for the last parameter.
    public var boundaryMap: UnitCubeMap { extruded(space.boundaryMap) }

    /// `count` points of the initial slice Ω × {t₀}: the spatial interior points of
    /// `space.interiorPoints(count, sampling:, key:)` with t = t₀ appended, shape `[count, dimension]`.
    public func initialPoints(_ count: Int, sampling: Sampling, key: RandomKey) throws(SamplingError) -> Tensor {
        let spatial = try space.interiorPoints(count, sampling: sampling, key: key)
        let d = space.dimension
        return Tensor(shape: [count, d + 1]) { out in
            for i in 0..<count {
                for j in 0..<d { out[i * (d + 1) + j] = spatial.scalars[i * d + j] }
                out[i * (d + 1) + d] = initialTime
            }
        }
    }

    private func extruded(_ spatial: UnitCubeMap) -> UnitCubeMap {
        let t0 = initialTime, duration = finalTime - initialTime
        let m = spatial.parameterCount
        return UnitCubeMap(parameterCount: m + 1, measure: spatial.measure * duration) { u in
            guard let image = spatial(Array(u.prefix(m))) else { return nil }
            return MappedPoint(point: image.point + [t0 + duration * u[m]], normal: image.normal.map { $0 + [0] })
        }
    }
}
