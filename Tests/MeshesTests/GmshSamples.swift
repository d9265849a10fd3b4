import Meshes

/// Small hand-written Gmsh files describing the same mesh in both formats: the unit square cut
/// into four triangles around its centre (the last written clockwise), with node tags out of
/// order, an element in two physical groups, a facet in none and a physical point.
enum GmshSamples {
    static let physicalNames = """
        $PhysicalNames
        7
        0 20 "corner"
        1 1 "bottom"
        1 2 "top"
        1 3 "sides"
        1 4 "dirichlet"
        2 10 "domain"
        2 11 "material"
        $EndPhysicalNames
        """

    static let version41 = """
        $MeshFormat
        4.1 0 8
        $EndMeshFormat
        \(physicalNames)
        $Entities
        1 5 1 0
        1 0 0 0 1 20
        1 0 0 0 1 0 0 2 1 4 2 1 -2
        2 1 0 0 1 1 0 1 3 2 2 -3
        3 0 1 0 1 1 0 1 2 2 3 -4
        4 0 0 0 0 1 0 1 3 2 4 -1
        5 0 0 0 1 1 0 0 0
        1 0 0 0 1 1 0 2 10 11 4 1 2 3 4
        $EndEntities
        $Nodes
        1 5 3 40
        2 1 0 5
        7
        3
        12
        40
        5
        0 0 0
        1 0 0
        1 1 0
        0 1 0
        0.5 0.5 0
        $EndNodes
        $Elements
        7 10 1 10
        0 1 15 1
        1 7
        1 1 1 1
        2 7 3
        1 2 1 1
        3 3 12
        1 3 1 1
        4 12 40
        1 4 1 1
        5 40 7
        1 5 1 1
        6 7 12
        2 1 2 4
        7 7 3 5
        8 3 12 5
        9 12 40 5
        10 40 5 7
        $EndElements

        """

    static let version22 = """
        $MeshFormat
        2.2 0 8
        $EndMeshFormat
        \(physicalNames)
        $Nodes
        5
        7 0 0 0
        3 1 0 0
        12 1 1 0
        40 0 1 0
        5 0.5 0.5 0
        $EndNodes
        $Elements
        15
        1 15 2 20 1 7
        2 1 2 1 1 7 3
        2 1 2 4 1 7 3
        3 1 2 3 2 3 12
        4 1 2 2 3 12 40
        5 1 2 3 4 40 7
        6 1 2 0 5 7 12
        7 2 2 10 1 7 3 5
        7 2 2 11 1 7 3 5
        8 2 2 10 1 3 12 5
        8 2 2 11 1 3 12 5
        9 2 2 10 1 12 40 5
        9 2 2 11 1 12 40 5
        10 2 2 10 1 40 5 7
        10 2 2 11 1 40 5 7
        $EndElements

        """

    /// The mesh both files describe: nodes numbered in file order, the clockwise triangle
    /// renumbered, cells tagged by their first physical group, the bottom facet once per group.
    static func expectedMesh() throws -> Mesh {
        try Mesh(
            dimension: 2, cellType: .triangle, points: [0, 0, 1, 0, 1, 1, 0, 1, 0.5, 0.5],
            cells: [0, 1, 4, 1, 2, 4, 2, 3, 4, 3, 0, 4], cellTags: [10, 10, 10, 10],
            boundaryFacets: [0, 1, 0, 1, 1, 2, 2, 3, 3, 0], boundaryTags: [1, 4, 3, 2, 3],
            names: ["bottom": 1, "top": 2, "sides": 3, "dirichlet": 4, "domain": 10, "material": 11])
    }

    /// 1-based number of the first line of `text` equal to `line`.
    static func lineNumber(of line: String, in text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == line }! + 1
    }
}
