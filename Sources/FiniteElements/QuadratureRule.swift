import Meshes

/// A quadrature rule on a reference cell: points in reference coordinates and weights that sum to
/// the reference cell's measure.
///
/// Reference cells: segment `[0, 1]`, triangle `{x, y ≥ 0, x + y ≤ 1}` (area 1/2), tetrahedron
/// `{x, y, z ≥ 0, x + y + z ≤ 1}` (volume 1/6), quadrilateral `[0, 1]²`, hexahedron `[0, 1]³`.
public struct QuadratureRule: Sendable, Equatable {
    /// The reference cell.
    public let cellType: CellType
    /// Polynomials of total degree ≤ `degree` (per-coordinate degree for quadrilaterals and
    /// hexahedra) are integrated exactly, up to rounding.
    public let degree: Int
    /// Points, `count × cellType.dimension`, row-major.
    public let points: [Double]
    /// One weight per point, all positive.
    public let weights: [Double]

    /// Number of points.
    public var count: Int { weights.count }

    /// Coordinates of point `q`.
    public func point(_ q: Int) -> ArraySlice<Double> {
        let d = cellType.dimension
        return points[q * d ..< (q + 1) * d]
    }

    /// A Gauss-type rule exact to `degree` (0...30) on `cellType`.
    ///
    /// Segments, quadrilaterals and hexahedra use (tensor products of) Gauss–Legendre rules.
    /// Triangles and tetrahedra use the classical symmetric rules for degrees 1 and 2 (1/3 and 1/4
    /// points), triangles Radon's 7-point rule for degrees 4 and 5, and otherwise a collapsed (Duffy) product of Gauss–Legendre rules, whose points lie
    /// strictly inside and whose weights are positive.
    /// - Throws: `FiniteElementError.invalidArgument` for a degree outside 0...30.
    public static func gauss(_ cellType: CellType, degree: Int) throws -> QuadratureRule {
        guard (0...30).contains(degree) else {
            throw FiniteElementError.invalidArgument("quadrature degree must be in 0...30, got \(degree)")
        }
        let d = max(degree, 1)
        switch cellType {
        case .segment:
            let g = GaussLegendre(count: (d + 2) / 2)
            return QuadratureRule(cellType: cellType, degree: degree, points: g.nodes, weights: g.weights)
        case .quadrilateral, .hexahedron:
            let g = GaussLegendre(count: (d + 2) / 2)
            let dimension = cellType.dimension
            var points: [Double] = []
            var weights: [Double] = []
            let n = g.nodes.count
            let total = dimension == 2 ? n * n : n * n * n
            for index in 0..<total {
                var rest = index
                var w = 1.0
                for _ in 0..<dimension {
                    let i = rest % n
                    rest /= n
                    points.append(g.nodes[i])
                    w *= g.weights[i]
                }
                weights.append(w)
            }
            return QuadratureRule(cellType: cellType, degree: degree, points: points, weights: weights)
        case .triangle:
            if d == 1 { return QuadratureRule(cellType: .triangle, degree: degree, points: [1.0 / 3, 1.0 / 3], weights: [0.5]) }
            if d == 2 {
                let a = 1.0 / 6, b = 2.0 / 3
                return QuadratureRule(cellType: .triangle, degree: degree, points: [a, a, b, a, a, b], weights: [1.0 / 6, 1.0 / 6, 1.0 / 6])
            }
            if d <= 5 && d >= 4 { return radonTriangle(degree: degree) }
            return collapsedTriangle(degree: degree)
        case .tetrahedron:
            if d == 1 { return QuadratureRule(cellType: .tetrahedron, degree: degree, points: [0.25, 0.25, 0.25], weights: [1.0 / 6]) }
            if d == 2 {
                let a = 0.1381966011250105, b = 0.5854101966249685  // (5 ∓ √5)/20 and (5 + 3√5)/20
                let points = [a, a, a, b, a, a, a, b, a, a, a, b]
                return QuadratureRule(cellType: .tetrahedron, degree: degree, points: points, weights: [Double](repeating: 1.0 / 24, count: 4))
            }
            return collapsedTetrahedron(degree: degree)
        }
    }

    /// Radon's symmetric 7-point rule, exact to degree 5: the centroid and two orbits of three
    /// points (a, a), (1 − 2a, a), (a, 1 − 2a) with a = (6 ∓ √15)/21.
    private static func radonTriangle(degree: Int) -> QuadratureRule {
        let r = 15.0.squareRoot()
        var points = [1.0 / 3, 1.0 / 3]
        var weights = [9.0 / 80]
        for (a, w) in [((6 - r) / 21, (155 - r) / 2400), ((6 + r) / 21, (155 + r) / 2400)] {
            points += [a, a, 1 - 2 * a, a, a, 1 - 2 * a]
            weights += [w, w, w]
        }
        return QuadratureRule(cellType: .triangle, degree: degree, points: points, weights: weights)
    }

    /// Duffy map (s, t) ∈ [0,1]² → (s(1 − t), t), Jacobian (1 − t): degree d in s, d + 1 in t.
    private static func collapsedTriangle(degree: Int) -> QuadratureRule {
        let gs = GaussLegendre(count: (degree + 2) / 2)
        let gt = GaussLegendre(count: (degree + 3) / 2)
        var points: [Double] = []
        var weights: [Double] = []
        for (t, wt) in zip(gt.nodes, gt.weights) {
            for (s, ws) in zip(gs.nodes, gs.weights) {
                points += [s * (1 - t), t]
                weights.append(ws * wt * (1 - t))
            }
        }
        return QuadratureRule(cellType: .triangle, degree: degree, points: points, weights: weights)
    }

    /// (s, t, u) ∈ [0,1]³ → (s(1 − t)(1 − u), t(1 − u), u), Jacobian (1 − t)(1 − u)².
    private static func collapsedTetrahedron(degree: Int) -> QuadratureRule {
        let gs = GaussLegendre(count: (degree + 2) / 2)
        let gt = GaussLegendre(count: (degree + 3) / 2)
        let gu = GaussLegendre(count: (degree + 4) / 2)
        var points: [Double] = []
        var weights: [Double] = []
        for (u, wu) in zip(gu.nodes, gu.weights) {
            for (t, wt) in zip(gt.nodes, gt.weights) {
                for (s, ws) in zip(gs.nodes, gs.weights) {
                    points += [s * (1 - t) * (1 - u), t * (1 - u), u]
                    weights.append(ws * wt * wu * (1 - t) * (1 - u) * (1 - u))
                }
            }
        }
        return QuadratureRule(cellType: .tetrahedron, degree: degree, points: points, weights: weights)
    }
}
