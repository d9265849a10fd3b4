/// An unstructured mesh of one cell type: vertex coordinates, cell connectivity, region tags per
/// cell and tagged boundary facets.
///
/// Storage is flat and row-major, ready for kernels: vertex `v` has coordinates
/// `points[v * dimension ..< (v + 1) * dimension]`, cell `c` has corners
/// `cells[c * cellType.vertexCount ..< (c + 1) * cellType.vertexCount]` (VTK/Gmsh vertex order).
/// Boundary facets are stored the same way with `facetType.vertexCount` vertices each (one vertex
/// for a 1D mesh), each with a tag; generators tag the sides of their domain, the Gmsh reader
/// turns physical groups into tags, and `names` maps physical names to tags.
public struct Mesh: Sendable, Equatable {
    /// Spatial dimension of the vertex coordinates (≥ the cell dimension).
    public let dimension: Int
    /// The shape of every cell.
    public let cellType: CellType
    /// Vertex coordinates, `vertexCount × dimension`, row-major.
    public var points: [Double]
    /// Cell corners, `cellCount × cellType.vertexCount`, row-major.
    public var cells: [Int32]
    /// Region tag of each cell (0 where none was given).
    public var cellTags: [Int32]
    /// Tagged boundary facets, `boundaryFacetCount × verticesPerFacet`, row-major.
    public var boundaryFacets: [Int32]
    /// Tag of each boundary facet.
    public var boundaryTags: [Int32]
    /// Physical names of tags (e.g. `"left": 1`), where known.
    public var names: [String: Int32]

    /// Creates a mesh, checking array lengths and vertex indices.
    /// - Parameters:
    ///   - cellTags: one per cell; `nil` tags every cell 0.
    ///   - boundaryFacets, boundaryTags: tagged facets; pass empty arrays when there are none
    ///     (`withBoundaryFacets(tag:)` can extract them).
    /// - Throws: `MeshError.malformed` naming the inconsistency.
    public init(
        dimension: Int, cellType: CellType, points: [Double], cells: [Int32], cellTags: [Int32]? = nil,
        boundaryFacets: [Int32] = [], boundaryTags: [Int32] = [], names: [String: Int32] = [:]
    ) throws {
        guard dimension >= cellType.dimension, dimension <= 3 else {
            throw MeshError.malformed("a \(cellType.rawValue) mesh needs spatial dimension \(cellType.dimension)...3, got \(dimension)")
        }
        guard points.count % dimension == 0 else {
            throw MeshError.malformed("\(points.count) coordinates are not a multiple of the dimension \(dimension)")
        }
        let perCell = cellType.vertexCount
        guard cells.count % perCell == 0 else {
            throw MeshError.malformed("\(cells.count) cell indices are not a multiple of \(perCell) vertices per \(cellType.rawValue)")
        }
        let vertexCount = points.count / dimension
        if let bad = cells.first(where: { $0 < 0 || Int($0) >= vertexCount }) {
            throw MeshError.malformed("cell vertex index \(bad) outside 0..<\(vertexCount)")
        }
        let cellCount = cells.count / perCell
        let tags = cellTags ?? [Int32](repeating: 0, count: cellCount)
        guard tags.count == cellCount else {
            throw MeshError.malformed("\(tags.count) cell tags for \(cellCount) cells")
        }
        let perFacet = cellType.facetType?.vertexCount ?? 1
        guard boundaryFacets.count % perFacet == 0, boundaryFacets.count / perFacet == boundaryTags.count else {
            throw MeshError.malformed("\(boundaryFacets.count) facet indices and \(boundaryTags.count) facet tags do not match \(perFacet) vertices per facet")
        }
        if let bad = boundaryFacets.first(where: { $0 < 0 || Int($0) >= vertexCount }) {
            throw MeshError.malformed("facet vertex index \(bad) outside 0..<\(vertexCount)")
        }
        self.dimension = dimension
        self.cellType = cellType
        self.points = points
        self.cells = cells
        self.cellTags = tags
        self.boundaryFacets = boundaryFacets
        self.boundaryTags = boundaryTags
        self.names = names
    }

    /// Creates a mesh from arrays already known to be consistent (generators).
    init(
        unchecked dimension: Int, cellType: CellType, points: [Double], cells: [Int32],
        boundaryFacets: [Int32], boundaryTags: [Int32], names: [String: Int32]
    ) {
        self.dimension = dimension
        self.cellType = cellType
        self.points = points
        self.cells = cells
        self.cellTags = [Int32](repeating: 0, count: cells.count / cellType.vertexCount)
        self.boundaryFacets = boundaryFacets
        self.boundaryTags = boundaryTags
        self.names = names
    }

    /// Number of vertices.
    public var vertexCount: Int { points.count / dimension }
    /// Number of cells.
    public var cellCount: Int { cells.count / cellType.vertexCount }
    /// Vertices per boundary facet (1 for a 1D mesh).
    public var verticesPerFacet: Int { cellType.facetType?.vertexCount ?? 1 }
    /// Number of tagged boundary facets.
    public var boundaryFacetCount: Int { boundaryTags.count }

    /// Coordinates of vertex `v`.
    public func point(_ v: Int) -> ArraySlice<Double> { points[v * dimension ..< (v + 1) * dimension] }
    /// Corner vertices of cell `c`.
    public func cell(_ c: Int) -> ArraySlice<Int32> {
        let n = cellType.vertexCount
        return cells[c * n ..< (c + 1) * n]
    }
    /// Vertices of boundary facet `f`.
    public func boundaryFacet(_ f: Int) -> ArraySlice<Int32> {
        let n = verticesPerFacet
        return boundaryFacets[f * n ..< (f + 1) * n]
    }

    /// The tag for a physical name.
    /// - Throws: `MeshError.invalidArgument` listing the known names when `name` is unknown.
    public func tag(named name: String) throws -> Int32 {
        guard let tag = names[name] else {
            let known = names.keys.sorted().joined(separator: ", ")
            throw MeshError.invalidArgument("no boundary or region named '\(name)' (known: \(known.isEmpty ? "none" : known))")
        }
        return tag
    }

    /// The sorted, distinct vertices of the boundary facets carrying any of `tags` (all tagged
    /// facets when `tags` is `nil`): the nodes where a Dirichlet condition applies.
    public func boundaryVertices(tags: Set<Int32>? = nil) -> [Int32] {
        var seen = [Bool](repeating: false, count: vertexCount)
        let n = verticesPerFacet
        for f in 0..<boundaryFacetCount where tags?.contains(boundaryTags[f]) ?? true {
            for k in 0..<n { seen[Int(boundaryFacets[f * n + k])] = true }
        }
        return (0..<vertexCount).compactMap { seen[$0] ? Int32($0) : nil }
    }
}
