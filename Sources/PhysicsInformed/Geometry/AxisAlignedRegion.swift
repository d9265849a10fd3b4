/// The shared implementation of axis-aligned boxes [l₀, u₀] × … × [l_{d−1}, u_{d−1}] in any
/// dimension, behind ``Interval``, ``Rectangle`` and ``Box``.
///
/// Faces are numbered axis by axis, the lower face before the upper one. The boundary map sends the
/// first parameter through the faces in that order, each taking a share equal to its area, and reuses
/// the position within the face's share as the first coordinate on the face; the other parameters
/// give the remaining coordinates. On a face the fixed coordinate is set exactly to the bound.
struct AxisAlignedRegion: Sendable {
    let lower: [Double]
    let upper: [Double]

    init(lower: [Double], upper: [Double], shape: String) {
        precondition(lower.count == upper.count && !lower.isEmpty,
                     "\(shape): lower \(lower) and upper \(upper) must have the same nonzero length")
        precondition(zip(lower, upper).allSatisfy { $0.isFinite && $1.isFinite && $0 < $1 },
                     "\(shape): every lower bound must be finite and below its upper bound, got \(lower) and \(upper)")
        self.lower = lower
        self.upper = upper
    }

    var dimension: Int { lower.count }

    var extent: [Double] { zip(lower, upper).map { $1 - $0 } }

    /// Length, area or volume.
    var volume: Double { extent.reduce(1, *) }

    /// The area of each face, in face order (for an interval, 1 per end point).
    var faceMeasures: [Double] {
        let extent = self.extent
        return (0..<2 * dimension).map { face in
            var area = 1.0
            for i in 0..<dimension where i != face / 2 { area *= extent[i] }
            return area
        }
    }

    /// Number of end points of an interval, perimeter of a rectangle, surface area of a box.
    var boundaryMeasure: Double { faceMeasures.reduce(0, +) }

    func location(of point: [Double], tolerance: Double) -> PointLocation {
        precondition(point.count == dimension, "A point in \(dimension)-D has \(dimension) coordinates, got \(point.count)")
        var onFace = false
        for i in 0..<dimension {
            let x = point[i]
            if x < lower[i] - tolerance || x > upper[i] + tolerance || x.isNaN { return .exterior }
            if abs(x - lower[i]) <= tolerance || abs(x - upper[i]) <= tolerance { onFace = true }
        }
        return onFace ? .boundary : .interior
    }

    /// The outward normal of the face nearest to `point`; among equally near faces (corners, edges)
    /// the first in face order: lowest axis, lower face before upper.
    func boundaryNormal(at point: [Double]) -> [Double] {
        precondition(point.count == dimension, "A point in \(dimension)-D has \(dimension) coordinates, got \(point.count)")
        var best = 0
        var bestDistance = Double.infinity
        for face in 0..<2 * dimension {
            let axis = face / 2
            let distance = abs(point[axis] - (face % 2 == 0 ? lower[axis] : upper[axis]))
            if distance < bestDistance { best = face; bestDistance = distance }
        }
        return AxisAlignedRegion.normal(face: best, dimension: dimension)
    }

    static func normal(face: Int, dimension: Int) -> [Double] {
        var n = [Double](repeating: 0, count: dimension)
        n[face / 2] = face % 2 == 0 ? -1 : 1
        return n
    }

    var interiorMap: UnitCubeMap { .affine(lower: lower, upper: upper) }

    var boundaryMap: UnitCubeMap {
        let lower = self.lower, upper = self.upper, extent = self.extent
        let d = dimension
        let faceMeasures = self.faceMeasures
        let total = faceMeasures.reduce(0, +)
        return UnitCubeMap(parameterCount: max(d - 1, 1), measure: total) { u in
            // Walk the faces with the first parameter; t is the position within the chosen face.
            var s = u[0] * total
            var face = 0
            while face < 2 * d - 1 && s >= faceMeasures[face] {
                s -= faceMeasures[face]
                face += 1
            }
            let t = min(max(s / faceMeasures[face], 0), 1.0.nextDown)
            let axis = face / 2
            var x = [Double](repeating: 0, count: d)
            var local = 0
            for i in 0..<d {
                if i == axis {
                    x[i] = face % 2 == 0 ? lower[i] : upper[i]
                } else {
                    let v = local == 0 ? t : u[local]
                    x[i] = lower[i] + extent[i] * v
                    local += 1
                }
            }
            return MappedPoint(point: x, normal: AxisAlignedRegion.normal(face: face, dimension: d))
        }
    }
}
