/// The shape of a mesh cell, always described by its corner vertices (straight-sided, linear
/// geometry). Higher-order degrees of freedom live in `FiniteElements`, not in the mesh.
public enum CellType: String, Sendable, CaseIterable, Equatable {
    case segment, triangle, quadrilateral, tetrahedron, hexahedron

    /// Topological dimension: 1 for segments, 2 for triangles and quadrilaterals, 3 for solids.
    public var dimension: Int {
        switch self {
        case .segment: return 1
        case .triangle, .quadrilateral: return 2
        case .tetrahedron, .hexahedron: return 3
        }
    }

    /// Number of corner vertices.
    public var vertexCount: Int {
        switch self {
        case .segment: return 2
        case .triangle: return 3
        case .quadrilateral: return 4
        case .tetrahedron: return 4
        case .hexahedron: return 8
        }
    }

    /// The type of the cell's facets (codimension-one faces); `nil` for segments, whose facets are
    /// points.
    public var facetType: CellType? {
        switch self {
        case .segment: return nil
        case .triangle, .quadrilateral: return .segment
        case .tetrahedron: return .triangle
        case .hexahedron: return .quadrilateral
        }
    }

    /// Local vertex numbers of each facet, ordered so that the facet's orientation is
    /// consistent (counter-clockwise seen from outside for 3D cells).
    ///
    /// Vertex numbering follows VTK/Gmsh: quadrilateral corners counter-clockwise; hexahedron
    /// corners 0–3 on the bottom face counter-clockwise, 4–7 above them.
    public var facetVertices: [[Int]] {
        switch self {
        case .segment: return [[0], [1]]
        case .triangle: return [[1, 2], [2, 0], [0, 1]]
        case .quadrilateral: return [[0, 1], [1, 2], [2, 3], [3, 0]]
        case .tetrahedron: return [[1, 2, 3], [0, 3, 2], [0, 1, 3], [0, 2, 1]]
        case .hexahedron:
            return [[0, 3, 2, 1], [4, 5, 6, 7], [0, 1, 5, 4], [1, 2, 6, 5], [2, 3, 7, 6], [3, 0, 4, 7]]
        }
    }

    /// Local vertex pairs of each edge.
    public var edges: [(Int, Int)] {
        switch self {
        case .segment: return [(0, 1)]
        case .triangle: return [(0, 1), (1, 2), (2, 0)]
        case .quadrilateral: return [(0, 1), (1, 2), (2, 3), (3, 0)]
        case .tetrahedron: return [(0, 1), (1, 2), (2, 0), (0, 3), (1, 3), (2, 3)]
        case .hexahedron:
            return [(0, 1), (1, 2), (2, 3), (3, 0), (4, 5), (5, 6), (6, 7), (7, 4), (0, 4), (1, 5), (2, 6), (3, 7)]
        }
    }
}
