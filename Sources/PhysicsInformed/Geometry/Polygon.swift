/// A simple polygon (no self-intersections) given by its vertices, in either orientation.
///
/// Containment uses the winding number; a point within the tolerance of an edge is on the boundary.
/// Boundary samples are spread over the edges in proportion to their lengths, each with its edge's
/// outward normal. Interior samples come from the bounding box by rejection (acceptance rate = area /
/// box area). Construction checks simplicity in O(n²) for n vertices; a location test costs O(n).
public struct Polygon: MeasurableGeometry {
    /// The vertices [x, y] in order; the closing edge from the last to the first is implied.
    public let vertices: [[Double]]
    /// The enclosed area (positive for either orientation).
    public let area: Double
    /// The sum of the edge lengths.
    public let perimeter: Double
    /// Whether the vertices run counter-clockwise.
    public let isCounterClockwise: Bool
    /// The outward unit normal of edge i, from vertex i to vertex i + 1 (mod n).
    public let edgeNormals: [[Double]]
    /// Length of edges 0..<i, for i in 0...n.
    private let cumulativeLengths: [Double]
    private let box: (lower: [Double], upper: [Double])

    /// Creates the polygon with `vertices` (do not repeat the first vertex at the end).
    ///
    /// - Precondition: at least three finite 2-D vertices, consecutive vertices distinct, non-zero
    ///   area, and no two edges crossing or touching except neighbours at their shared vertex.
    public init(vertices: [[Double]]) {
        let n = vertices.count
        precondition(n >= 3, "Polygon needs at least 3 vertices, got \(n)")
        precondition(vertices.allSatisfy { $0.count == 2 && $0[0].isFinite && $0[1].isFinite },
                     "Polygon vertices must be finite 2-D points")
        var twiceArea = 0.0
        var cumulative = [0.0]
        var normals: [[Double]] = []
        for i in 0..<n {
            let a = vertices[i], b = vertices[(i + 1) % n]
            twiceArea += a[0] * b[1] - b[0] * a[1]
            let length = ((b[0] - a[0]) * (b[0] - a[0]) + (b[1] - a[1]) * (b[1] - a[1])).squareRoot()
            precondition(length > 0, "Polygon vertices \(i) and \((i + 1) % n) coincide")
            cumulative.append(cumulative[i] + length)
            normals.append([(b[1] - a[1]) / length, -(b[0] - a[0]) / length])
        }
        precondition(twiceArea != 0, "Polygon has zero area")
        precondition(Polygon.isSimple(vertices), "Polygon is not simple: two of its edges cross or touch")
        let ccw = twiceArea > 0
        self.vertices = vertices
        self.area = abs(twiceArea) / 2
        self.perimeter = cumulative[n]
        self.isCounterClockwise = ccw
        // (dy, −dx)/ℓ points right of the edge: outward for counter-clockwise order.
        self.edgeNormals = ccw ? normals : normals.map { [-$0[0], -$0[1]] }
        self.cumulativeLengths = cumulative
        let xs = vertices.map { $0[0] }, ys = vertices.map { $0[1] }
        self.box = ([xs.min()!, ys.min()!], [xs.max()!, ys.max()!])
    }

    /// Always 2.
    public var dimension: Int { 2 }
    /// The box spanned by the vertices.
    public var boundingBox: (lower: [Double], upper: [Double]) { box }
    /// The area.
    public var measure: Double { area }
    /// The perimeter.
    public var boundaryMeasure: Double { perimeter }

    /// Boundary within `tolerance` of an edge; otherwise interior when the winding number is non-zero.
    public func location(of point: [Double], tolerance: Double) -> PointLocation {
        precondition(point.count == 2, "A point in 2-D has 2 coordinates, got \(point.count)")
        if point[0].isNaN || point[1].isNaN { return .exterior }
        if nearestEdge(to: point).distance <= tolerance { return .boundary }
        return windingNumber(of: point) != 0 ? .interior : .exterior
    }

    /// The outward normal of the nearest edge; at a vertex, the lower-numbered of its two edges
    /// (edge i − 1 for vertex i ≥ 1, edge 0 for vertex 0).
    public func boundaryNormal(at point: [Double]) -> [Double] {
        precondition(point.count == 2, "A point in 2-D has 2 coordinates, got \(point.count)")
        return edgeNormals[nearestEdge(to: point).edge]
    }

    /// The bounding box's affine map, rejecting points outside the polygon.
    public var interiorMap: UnitCubeMap {
        let polygon = self
        let tolerance = defaultTolerance
        return UnitCubeMap.affine(lower: box.lower, upper: box.upper).filter {
            polygon.location(of: $0.point, tolerance: tolerance) != .exterior
        }
    }

    /// Arc length along the edges in vertex order, one parameter.
    public var boundaryMap: UnitCubeMap {
        let vertices = self.vertices, normals = edgeNormals, cumulative = cumulativeLengths
        let n = vertices.count
        return UnitCubeMap(parameterCount: 1, measure: perimeter) { u in
            let s = u[0] * cumulative[n]
            // The last edge i with cumulative[i] ≤ s.
            var low = 0, high = n - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if cumulative[mid] <= s { low = mid } else { high = mid - 1 }
            }
            let i = low
            let t = min(max((s - cumulative[i]) / (cumulative[i + 1] - cumulative[i]), 0), 1)
            let a = vertices[i], b = vertices[(i + 1) % n]
            return MappedPoint(point: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])], normal: normals[i])
        }
    }

    /// The nearest edge (lowest index among ties) and the distance to it.
    private func nearestEdge(to p: [Double]) -> (edge: Int, distance: Double) {
        var best = (edge: 0, distance: Double.infinity)
        let n = vertices.count
        for i in 0..<n {
            let d = Polygon.distance(from: p, toSegment: vertices[i], vertices[(i + 1) % n])
            if d < best.distance { best = (i, d) }
        }
        return best
    }

    /// The winding number of the boundary around `p` (Sunday's crossing rule).
    private func windingNumber(of p: [Double]) -> Int {
        var winding = 0
        let n = vertices.count
        for i in 0..<n {
            let a = vertices[i], b = vertices[(i + 1) % n]
            let side = (b[0] - a[0]) * (p[1] - a[1]) - (p[0] - a[0]) * (b[1] - a[1])
            if a[1] <= p[1] {
                if b[1] > p[1] && side > 0 { winding += 1 }
            } else if b[1] <= p[1] && side < 0 {
                winding -= 1
            }
        }
        return winding
    }

    static func distance(from p: [Double], toSegment a: [Double], _ b: [Double]) -> Double {
        let ex = b[0] - a[0], ey = b[1] - a[1]
        let t = min(max(((p[0] - a[0]) * ex + (p[1] - a[1]) * ey) / (ex * ex + ey * ey), 0), 1)
        let dx = p[0] - (a[0] + t * ex), dy = p[1] - (a[1] + t * ey)
        return (dx * dx + dy * dy).squareRoot()
    }

    /// Whether no two edges intersect, except neighbouring edges at their shared vertex (and those
    /// must not fold back onto each other).
    static func isSimple(_ v: [[Double]]) -> Bool {
        let n = v.count
        func cross(_ o: [Double], _ a: [Double], _ b: [Double]) -> Double {
            (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
        }
        func onSegment(_ p: [Double], _ a: [Double], _ b: [Double]) -> Bool {
            min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) && min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
        }
        func intersect(_ p1: [Double], _ p2: [Double], _ q1: [Double], _ q2: [Double]) -> Bool {
            let d1 = cross(q1, q2, p1), d2 = cross(q1, q2, p2), d3 = cross(p1, p2, q1), d4 = cross(p1, p2, q2)
            if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return true }
            return (d1 == 0 && onSegment(p1, q1, q2)) || (d2 == 0 && onSegment(p2, q1, q2))
                || (d3 == 0 && onSegment(q1, p1, p2)) || (d4 == 0 && onSegment(q2, p1, p2))
        }
        for i in 0..<n {
            let a = v[i], b = v[(i + 1) % n], c = v[(i + 2) % n]
            // Neighbours fold back when collinear with the next edge pointing backwards.
            if cross(a, b, c) == 0 && (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]) < 0 { return false }
            for j in stride(from: i + 2, to: n, by: 1) where !(i == 0 && j == n - 1) {
                if intersect(a, b, v[j], v[(j + 1) % n]) { return false }
            }
        }
        return true
    }
}
