/// Uniform ("red") refinement: every cell split into 2^d children.
extension Mesh {
    /// The mesh with every cell split uniformly: segments into 2, triangles and quadrilaterals into
    /// 4, tetrahedra and hexahedra into 8.
    ///
    /// New vertices sit at edge midpoints, and for quadrilaterals and hexahedra also at face and
    /// cell centres (the average of the corners); each is created once and shared by all cells
    /// around it, so the refined mesh is conforming when the mesh is. A tetrahedron is cut into
    /// its four corner tetrahedra and an inner octahedron, which is split into four along its
    /// shortest diagonal (which keeps repeatedly refined shapes from degenerating; of diagonals of
    /// equal computed length, the first of m01–m23, m02–m13, m03–m12 is taken). Children keep their
    /// parent's orientation.
    ///
    /// Numbering: the mesh's vertices keep their numbers and new ones follow; the children of cell
    /// `c` are cells `c·k ..< (c + 1)·k` (k = 2, 4 or 8) and inherit its tag; boundary facets are
    /// refined the same way (2 or 4 children each, in order, keeping their tag and orientation);
    /// `names` is unchanged. Cost: linear in the number of cells (one hash look-up per new
    /// vertex).
    public func refined() -> Mesh {
        var builder = RefinementBuilder(self)
        let n = cellType.vertexCount
        let template = RefinementTemplate.of(cellType)
        var cells: [Int32] = []
        cells.reserveCapacity(self.cells.count * template.children.count)
        var cellTags: [Int32] = []
        cellTags.reserveCapacity(cellCount * template.children.count)
        var corners = [Int32](repeating: 0, count: n)
        for c in 0..<cellCount {
            for k in 0..<n { corners[k] = self.cells[c * n + k] }
            let t = cellType == .tetrahedron ? RefinementTemplate.tetrahedron[shortestOctahedronDiagonal(corners)] : template
            builder.refine(corners, by: t, into: &cells)
            for _ in t.children { cellTags.append(self.cellTags[c]) }
        }
        var facets: [Int32] = []
        var facetTags: [Int32] = []
        let m = verticesPerFacet
        let facetTemplate = cellType.facetType.map(RefinementTemplate.of) ?? RefinementTemplate(nodes: [[0]], children: [[0]])
        var facetCorners = [Int32](repeating: 0, count: m)
        for f in 0..<boundaryFacetCount {
            for k in 0..<m { facetCorners[k] = boundaryFacets[f * m + k] }
            builder.refine(facetCorners, by: facetTemplate, into: &facets)
            for _ in facetTemplate.children { facetTags.append(boundaryTags[f]) }
        }
        var mesh = Mesh(
            unchecked: dimension, cellType: cellType, points: builder.points, cells: cells,
            boundaryFacets: facets, boundaryTags: facetTags, names: names)
        mesh.cellTags = cellTags
        return mesh
    }

    /// Which of the octahedron's three diagonals (m01–m23, m02–m13, m03–m12) is shortest.
    private func shortestOctahedronDiagonal(_ v: [Int32]) -> Int {
        let p = v.map(vector)
        // Twice each diagonal: (p_a + p_b) − (p_c + p_d).
        let lengths = [
            ((p[0] + p[1]) - (p[2] + p[3])).length,
            ((p[0] + p[2]) - (p[1] + p[3])).length,
            ((p[0] + p[3]) - (p[1] + p[2])).length,
        ]
        var best = 0
        for k in 1..<3 where lengths[k] < lengths[best] { best = k }
        return best
    }
}

/// Creates the refined mesh's vertices: the old ones, then one per edge, face or cell centre.
private struct RefinementBuilder {
    private(set) var points: [Double]
    private let dimension: Int
    /// Shared new vertices (edge midpoints, face centres), keyed by the corners they average.
    private var shared: [FacetKey: Int32] = [:]

    init(_ mesh: Mesh) {
        points = mesh.points
        dimension = mesh.dimension
        shared.reserveCapacity(mesh.cellCount * mesh.cellType.edges.count / 2 + 16)
    }

    /// Appends the children of the cell (or facet) with vertices `corners`, split by `template`.
    mutating func refine(_ corners: [Int32], by template: RefinementTemplate, into cells: inout [Int32]) {
        let vertices = template.nodes.map { vertex(averaging: $0, of: corners) }
        for child in template.children {
            for node in child { cells.append(vertices[node]) }
        }
    }

    /// The vertex at the average of the corners `local` (local numbers into `corners`): an old
    /// vertex for one corner, a shared one for 2–4 corners (edges and faces), a new one for more
    /// (a hexahedron's centre, which belongs to one cell).
    private mutating func vertex(averaging local: [Int], of corners: [Int32]) -> Int32 {
        if local.count == 1 { return corners[local[0]] }
        let global = local.map { corners[$0] }
        let key = local.count <= 4 ? FacetKey(global) : nil
        if let key, let v = shared[key] { return v }
        let v = Int32(points.count / dimension)
        for d in 0..<dimension {
            var sum = 0.0
            for g in global { sum += points[Int(g) * dimension + d] }
            points.append(sum / Double(global.count))
        }
        if let key { shared[key] = v }
        return v
    }
}

/// How one cell type splits: the child vertices ("nodes", each the average of some parent
/// corners, given by local number) and the children as lists of node numbers.
struct RefinementTemplate {
    let nodes: [[Int]]
    let children: [[Int]]

    /// The split of a segment, triangle, quadrilateral or hexahedron (for a tetrahedron, the
    /// first of `tetrahedron`).
    static func of(_ type: CellType) -> RefinementTemplate {
        switch type {
        case .segment: return tensor(corners: [[0], [1]])
        case .quadrilateral: return tensor(corners: [[0, 0], [1, 0], [1, 1], [0, 1]])
        case .hexahedron: return tensor(corners: CellGeometry.hexahedronCorners.map { [Int($0.0), Int($0.1), Int($0.2)] })
        case .triangle:
            // Corners 0–2, then the midpoints m01, m12, m20.
            return RefinementTemplate(
                nodes: [[0], [1], [2], [0, 1], [1, 2], [2, 0]],
                children: [[0, 3, 5], [3, 1, 4], [5, 4, 2], [3, 4, 5]])
        case .tetrahedron: return tetrahedron[0]
        }
    }

    /// The split of a tetrahedron for each choice of the octahedron's diagonal (m01–m23, m02–m13,
    /// m03–m12): four corner tetrahedra, then four around the diagonal, all oriented like the parent.
    static let tetrahedron: [RefinementTemplate] = {
        // Corners 0–3, then the midpoints 4 = m01, 5 = m12, 6 = m02, 7 = m03, 8 = m13, 9 = m23.
        let nodes = [[0], [1], [2], [3], [0, 1], [1, 2], [0, 2], [0, 3], [1, 3], [2, 3]]
        let cornerChildren = [[0, 4, 6, 7], [4, 1, 5, 8], [6, 5, 2, 9], [7, 8, 9, 3]]
        // Each diagonal with the cycle of the other four midpoints around it.
        let diagonals: [(Int, Int, [Int])] = [(4, 9, [6, 7, 8, 5]), (6, 8, [4, 7, 9, 5]), (7, 5, [4, 6, 9, 8])]
        // Orientation is decided once on the reference tetrahedron (the map to a cell is affine).
        let reference = [Vector3(x: 0, y: 0, z: 0), Vector3(x: 1, y: 0, z: 0), Vector3(x: 0, y: 1, z: 0), Vector3(x: 0, y: 0, z: 1)]
        let positions = nodes.map { node in (1 / Double(node.count)) * node.reduce(Vector3.zero) { $0 + reference[$1] } }
        return diagonals.map { p, q, ring in
            var children = cornerChildren
            for i in 0..<4 {
                var child = [p, q, ring[i], ring[(i + 1) % 4]]
                if CellGeometry.signedMeasure(.tetrahedron, child.map { positions[$0] }, dimension: 3) < 0 { child.swapAt(2, 3) }
                children.append(child)
            }
            return RefinementTemplate(nodes: nodes, children: children)
        }
    }()

    /// The split of a tensor-product cell with corners at `corners` ∈ {0, 1}^d: the cell doubled
    /// is the grid {0, 1, 2}^d, child a ∈ {0, 1}^d has its corners at a + corners, and grid node g
    /// averages the parent corners that match g on every axis where g is 0 or 2.
    private static func tensor(corners: [[Int]]) -> RefinementTemplate {
        let d = corners[0].count
        var grid: [[Int]] = [[]]
        for _ in 0..<d { grid = grid.flatMap { g in (0...2).map { g + [$0] } } }
        let nodes = grid.map { g in
            corners.indices.filter { i in (0..<d).allSatisfy { g[$0] == 1 || g[$0] == 2 * corners[i][$0] } }
        }
        let children = corners.map { a in
            corners.map { offset in grid.firstIndex(of: zip(a, offset).map { $0 + $1 })! }
        }
        return RefinementTemplate(nodes: nodes, children: children)
    }
}
