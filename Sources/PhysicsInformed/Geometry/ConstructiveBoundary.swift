/// The boundary machinery shared by ``Union``, ``Difference`` and ``Intersection``.
///
/// The boundary of a CSG shape is made of pieces of its parts' boundaries. Candidates are drawn from
/// the parts' boundary maps in proportion to the maps' measures (so they are uniform on the union of
/// the parts' boundaries); a candidate is kept when it lies on the result's boundary and its normal —
/// the part's normal, reversed for a subtracted part — passes the probe test
/// (``Geometry/isOutwardNormal(_:at:step:tolerance:)``). The probe rejects, for instance, the shared
/// edge of two touching rectangles in a union, which the location test alone would call boundary.
/// Where two parts' boundaries coincide with the same outward normal, only the earlier part's
/// candidates are kept, so such pieces are not sampled twice as densely.
struct ConstructiveBoundary: Sendable {
    /// A part of a CSG shape and the sign its outward normals take on the result (−1 if subtracted).
    struct Part: Sendable {
        let geometry: any Geometry
        let orientation: Double
    }

    let parts: [Part]

    /// The map onto the boundary of `result`, built from its parts'.
    func boundaryMap(of result: some Geometry) -> UnitCubeMap {
        let parts = self.parts
        let maps = parts.map(\.geometry.boundaryMap)
        let measures = maps.map(\.measure)
        let total = measures.reduce(0, +)
        let tolerance = result.defaultTolerance
        let step = result.probeStep
        return UnitCubeMap(parameterCount: maps.map(\.parameterCount).max()!, measure: total) { u in
            // Choose a part with the first parameter and rescale it to that part's share.
            var s = u[0] * total
            var k = 0
            while k < parts.count - 1 && s >= measures[k] {
                s -= measures[k]
                k += 1
            }
            var v = Array(u.prefix(maps[k].parameterCount))
            v[0] = min(max(s / measures[k], 0), 1.0.nextDown)
            guard let image = maps[k](v) else { return nil }
            let p = image.point
            let normal = (image.normal ?? parts[k].geometry.boundaryNormal(at: p)).map { $0 * parts[k].orientation }
            guard result.location(of: p, tolerance: tolerance) == .boundary,
                  result.isOutwardNormal(normal, at: p, step: step, tolerance: tolerance) else { return nil }
            for j in 0..<k where parts[j].geometry.location(of: p, tolerance: tolerance) == .boundary {
                let earlier = parts[j].geometry.boundaryNormal(at: p).map { $0 * parts[j].orientation }
                if result.isOutwardNormal(earlier, at: p, step: step, tolerance: tolerance) { return nil }
            }
            return MappedPoint(point: p, normal: normal)
        }
    }

    /// The outward normal of `result` at `point`: the first part, in order, on whose boundary the point
    /// lies and whose (signed) normal passes the probe test; failing that, the first part on whose
    /// boundary it lies; failing that, the first part's.
    func boundaryNormal(of result: some Geometry, at point: [Double]) -> [Double] {
        let tolerance = result.defaultTolerance
        let step = result.probeStep
        var fallback: [Double]?
        for part in parts where part.geometry.location(of: point, tolerance: tolerance) == .boundary {
            let normal = part.geometry.boundaryNormal(at: point).map { $0 * part.orientation }
            if result.isOutwardNormal(normal, at: point, step: step, tolerance: tolerance) { return normal }
            if fallback == nil { fallback = normal }
        }
        return fallback ?? parts[0].geometry.boundaryNormal(at: point).map { $0 * parts[0].orientation }
    }

    /// The interior map of `result` drawn from `candidates`, rejecting points outside `result`.
    static func interiorMap(of result: some Geometry, from candidates: UnitCubeMap) -> UnitCubeMap {
        let tolerance = result.defaultTolerance
        return candidates.filter { result.location(of: $0.point, tolerance: tolerance) != .exterior }
    }

    /// Checks that two CSG operands have the same dimension.
    static func checkDimensions(_ a: any Geometry, _ b: any Geometry, operation: String) {
        precondition(a.dimension == b.dimension,
                     "\(operation) of geometries of different dimensions (\(a.dimension) and \(b.dimension))")
    }
}
