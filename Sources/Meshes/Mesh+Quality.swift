/// Cell measures, shape quality and mesh size.
extension Mesh {
    /// A summary of a mesh's cell sizes and shapes.
    public struct QualitySummary: Sendable, Equatable {
        /// Smallest and largest `cellQualities()` entry.
        public var minimumQuality, maximumQuality: Double
        /// Smallest and largest `cellMeasures()` entry.
        public var minimumMeasure, maximumMeasure: Double
        /// Sum of the cell measures: the length, area or volume of the domain.
        public var totalMeasure: Double
        /// Shortest and longest cell edge; the longest is the mesh size h.
        public var minimumEdgeLength, maximumEdgeLength: Double
    }

    /// The length, area or volume of each cell; signed when the cell dimension equals `dimension`
    /// (positive for counter-clockwise triangles and quadrilaterals, right-handed tetrahedra and
    /// hexahedra, increasing segments), otherwise ≥ 0.
    ///
    /// Exact for straight-sided simplices, planar quadrilaterals and trilinear hexahedra.
    public func cellMeasures() -> [Double] {
        (0..<cellCount).map { CellGeometry.signedMeasure(cellType, corners(ofCell: $0), dimension: dimension) }
    }

    /// A shape quality per cell in [−1, 1]: 1 for the ideal shape, near 0 for a degenerate cell,
    /// negative for an inverted one (only when the cell dimension equals `dimension`).
    ///
    /// - Triangles and tetrahedra: the normalised radius ratio d·r/R (inradius over circumradius,
    ///   d the dimension): 1 exactly for the equilateral triangle and the regular tetrahedron,
    ///   independent of size; the right isosceles triangle has 2(√2 − 1) ≈ 0.83.
    /// - Quadrilaterals and hexahedra: the minimum scaled Jacobian over the corners, i.e. the
    ///   smallest corner value of det(edges) / Π |edges| with the two (three) edges leaving the
    ///   corner: 1 for rectangles and bricks of any aspect ratio, sin θ for a parallelogram of angle θ.
    /// - Segments: 1 (−1 for a reversed segment on a line).
    public func cellQualities() -> [Double] {
        (0..<cellCount).map { CellQuality.quality(cellType, corners(ofCell: $0), dimension: dimension) }
    }

    /// The longest cell edge: the mesh size h.
    public func maximumEdgeLength() -> Double { edgeLengthRange().upperBound }

    /// Minima, maxima and totals of the cell measures and qualities, and the edge-length range.
    public func qualitySummary() -> QualitySummary {
        let measures = cellMeasures()
        let qualities = cellQualities()
        let edges = edgeLengthRange()
        return QualitySummary(
            minimumQuality: qualities.min() ?? 0, maximumQuality: qualities.max() ?? 0,
            minimumMeasure: measures.min() ?? 0, maximumMeasure: measures.max() ?? 0,
            totalMeasure: measures.reduce(0, +),
            minimumEdgeLength: edges.lowerBound, maximumEdgeLength: edges.upperBound)
    }

    /// Shortest and longest edge over all cells (0...0 for a mesh without cells).
    private func edgeLengthRange() -> ClosedRange<Double> {
        var shortest = Double.infinity, longest = 0.0
        let n = cellType.vertexCount
        for c in 0..<cellCount {
            for (a, b) in cellType.edges {
                let length = (vector(cells[c * n + a]) - vector(cells[c * n + b])).length
                shortest = min(shortest, length)
                longest = max(longest, length)
            }
        }
        return cellCount == 0 ? 0...0 : shortest...longest
    }
}

/// The shape measures of `Mesh.cellQualities()`.
enum CellQuality {
    static func quality(_ type: CellType, _ p: [Vector3], dimension: Int) -> Double {
        let signed = dimension == type.dimension
        switch type {
        case .segment:
            let length = CellGeometry.signedMeasure(type, p, dimension: dimension)
            return length > 0 ? 1 : (length < 0 ? -1 : 0)
        case .triangle:
            // 2r/R with r = A/s and R = abc/(4A): 8 A|A| / (s·a·b·c).
            let area = CellGeometry.signedMeasure(type, p, dimension: dimension)
            let a = (p[1] - p[2]).length, b = (p[2] - p[0]).length, c = (p[0] - p[1]).length
            let denominator = 0.5 * (a + b + c) * a * b * c
            return denominator > 0 ? 8 * area * abs(area) / denominator : 0
        case .tetrahedron:
            // 3r/R with r = 3V/S and 24·V·R = √((P+Q+R)(P+Q−R)(P−Q+R)(−P+Q+R)), where P, Q, R are
            // the products of the lengths of opposite edges.
            let volume = CellGeometry.signedMeasure(type, p, dimension: dimension)
            func l(_ i: Int, _ j: Int) -> Double { (p[i] - p[j]).length }
            let (pp, qq, rr) = (l(0, 1) * l(2, 3), l(0, 2) * l(1, 3), l(0, 3) * l(1, 2))
            let radicand = (pp + qq + rr) * (pp + qq - rr) * (pp - qq + rr) * (-pp + qq + rr)
            var surface = 0.0
            for face in CellType.tetrahedron.facetVertices {
                surface += 0.5 * (p[face[1]] - p[face[0]]).cross(p[face[2]] - p[face[0]]).length
            }
            let denominator = surface * max(radicand, 0).squareRoot()
            return denominator > 0 ? 216 * volume * abs(volume) / denominator : 0
        case .quadrilateral:
            // Corner normals are measured against the plane's normal (the diagonals' cross product).
            let diagonalNormal = (p[2] - p[0]).cross(p[3] - p[1])
            let normal = signed ? Vector3(x: 0, y: 0, z: 1) : (1 / max(diagonalNormal.length, .leastNormalMagnitude)) * diagonalNormal
            var worst = 1.0
            for i in 0..<4 {
                let e1 = p[(i + 1) % 4] - p[i], e2 = p[(i + 3) % 4] - p[i]
                let scale = e1.length * e2.length
                worst = min(worst, scale > 0 ? e1.cross(e2).dot(normal) / scale : 0)
            }
            return worst
        case .hexahedron:
            var worst = 1.0
            for (i, (a, b, c)) in hexahedronCornerEdges.enumerated() {
                let e1 = p[a] - p[i], e2 = p[b] - p[i], e3 = p[c] - p[i]
                let scale = e1.length * e2.length * e3.length
                worst = min(worst, scale > 0 ? e1.cross(e2).dot(e3) / scale : 0)
            }
            return worst
        }
    }

    /// For each hexahedron corner, its three neighbours in right-handed order.
    private static let hexahedronCornerEdges = [
        (1, 3, 4), (2, 0, 5), (3, 1, 6), (0, 2, 7), (7, 5, 0), (4, 6, 1), (5, 7, 2), (6, 4, 3),
    ]
}
