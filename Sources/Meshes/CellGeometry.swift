/// A point or vector in 3-space; meshes of lower dimension are padded with zeros.
struct Vector3 {
    var x, y, z: Double

    static let zero = Vector3(x: 0, y: 0, z: 0)

    static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(x: a.x + b.x, y: a.y + b.y, z: a.z + b.z) }
    static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(x: a.x - b.x, y: a.y - b.y, z: a.z - b.z) }
    static func * (s: Double, a: Vector3) -> Vector3 { Vector3(x: s * a.x, y: s * a.y, z: s * a.z) }

    func dot(_ b: Vector3) -> Double { x * b.x + y * b.y + z * b.z }
    func cross(_ b: Vector3) -> Vector3 { Vector3(x: y * b.z - z * b.y, y: z * b.x - x * b.z, z: x * b.y - y * b.x) }
    var length: Double { dot(self).squareRoot() }
}

/// Geometry of single cells from their corner coordinates, shared by the quality measures, the
/// Gmsh reader (orientation) and refinement.
enum CellGeometry {
    /// Corners of a hexahedron as (ξ, η, ζ) ∈ {0, 1}³, in `Mesh` vertex order.
    static let hexahedronCorners: [(Double, Double, Double)] = [
        (0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0), (0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1),
    ]

    /// The measure (length, area, volume) of a cell with corners `p`; signed when the cell
    /// dimension equals the spatial `dimension` (positive for counter-clockwise triangles and
    /// quadrilaterals, right-handed tetrahedra and hexahedra, increasing segments), otherwise ≥ 0.
    ///
    /// Exact for straight-sided simplices, planar quadrilaterals and trilinear hexahedra (the
    /// hexahedron's det J is integrated with the 2 × 2 × 2 Gauss rule, exact for its degree).
    static func signedMeasure(_ type: CellType, _ p: [Vector3], dimension: Int) -> Double {
        let signed = dimension == type.dimension
        switch type {
        case .segment:
            return signed ? p[1].x - p[0].x : (p[1] - p[0]).length
        case .triangle:
            let n = (p[1] - p[0]).cross(p[2] - p[0])
            return 0.5 * (signed ? n.z : n.length)
        case .quadrilateral:
            // Half the cross product of the diagonals: the area of a planar quadrilateral.
            let n = (p[2] - p[0]).cross(p[3] - p[1])
            return 0.5 * (signed ? n.z : n.length)
        case .tetrahedron:
            return (p[1] - p[0]).cross(p[2] - p[0]).dot(p[3] - p[0]) / 6
        case .hexahedron:
            let g = [0.5 - 0.5 / 3.0.squareRoot(), 0.5 + 0.5 / 3.0.squareRoot()]
            var volume = 0.0
            for a in g { for b in g { for c in g { volume += hexahedronJacobian(p, a, b, c) / 8 } } }
            return volume
        }
    }

    /// det J of the trilinear map of the reference cube onto the hexahedron `p` at (ξ, η, ζ).
    static func hexahedronJacobian(_ p: [Vector3], _ xi: Double, _ eta: Double, _ zeta: Double) -> Double {
        var dx = Vector3.zero, dy = Vector3.zero, dz = Vector3.zero
        for (i, (a, b, c)) in hexahedronCorners.enumerated() {
            // Shape function Π (a ? ξ : 1 − ξ) and its partial derivatives.
            let fx = a == 1 ? xi : 1 - xi, fy = b == 1 ? eta : 1 - eta, fz = c == 1 ? zeta : 1 - zeta
            let sx = a == 1 ? 1.0 : -1.0, sy = b == 1 ? 1.0 : -1.0, sz = c == 1 ? 1.0 : -1.0
            dx = dx + (sx * fy * fz) * p[i]
            dy = dy + (fx * sy * fz) * p[i]
            dz = dz + (fx * fy * sz) * p[i]
        }
        return dx.cross(dy).dot(dz)
    }

    /// The vertex order that reverses a cell's orientation (a reflection of its reference cell).
    static func reversedOrder(_ type: CellType) -> [Int] {
        switch type {
        case .segment: return [1, 0]
        case .triangle: return [0, 2, 1]
        case .quadrilateral: return [0, 3, 2, 1]
        case .tetrahedron: return [0, 2, 1, 3]
        case .hexahedron: return [0, 3, 2, 1, 4, 7, 6, 5]
        }
    }
}

extension Mesh {
    /// Coordinates of vertex `v`, padded with zeros to three components.
    func vector(_ v: Int32) -> Vector3 {
        let base = Int(v) * dimension
        return Vector3(
            x: points[base], y: dimension > 1 ? points[base + 1] : 0, z: dimension > 2 ? points[base + 2] : 0)
    }

    /// Coordinates of the corners of cell `c`.
    func corners(ofCell c: Int) -> [Vector3] { cell(c).map(vector) }
}
