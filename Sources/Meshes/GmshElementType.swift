/// The Gmsh element types the reader understands: the linear cells and the point.
///
/// Numbers are Gmsh's (`MSH_LIN_2` = 1, …, `MSH_PNT` = 15); the corner order of each is the one
/// `Mesh` uses, so connectivity is copied as it stands.
enum GmshElementType: Int {
    case line = 1, triangle = 2, quadrangle = 3, tetrahedron = 4, hexahedron = 5, point = 15

    /// Nodes per element.
    var nodeCount: Int {
        switch self {
        case .point: return 1
        case .line: return 2
        case .triangle: return 3
        case .quadrangle, .tetrahedron: return 4
        case .hexahedron: return 8
        }
    }

    /// Topological dimension.
    var dimension: Int {
        switch self {
        case .point: return 0
        case .line: return 1
        case .triangle, .quadrangle: return 2
        case .tetrahedron, .hexahedron: return 3
        }
    }

    /// The mesh cell type of the same shape (`nil` for a point).
    var cellType: CellType? {
        switch self {
        case .point: return nil
        case .line: return .segment
        case .triangle: return .triangle
        case .quadrangle: return .quadrilateral
        case .tetrahedron: return .tetrahedron
        case .hexahedron: return .hexahedron
        }
    }

    /// Why the Gmsh element type `number` cannot be read (it is not one of the cases).
    static func unsupportedReason(_ number: Int) -> String {
        let known: [Int: String] = [
            6: "6-node prism", 7: "5-node pyramid", 8: "3-node second-order line",
            9: "6-node second-order triangle", 10: "9-node second-order quadrangle",
            11: "10-node second-order tetrahedron", 12: "27-node second-order hexahedron",
            13: "18-node second-order prism", 14: "14-node second-order pyramid",
            16: "8-node second-order quadrangle", 17: "20-node second-order hexahedron",
        ]
        let what = known[number].map { "element type \(number) (\($0))" } ?? "element type \(number)"
        return "\(what) is not supported; only linear points, lines, triangles, quadrangles, tetrahedra and hexahedra (types 15, 1-5) are"
    }
}
