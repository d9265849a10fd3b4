import Meshes

/// Boundary nodes and degrees of freedom, selected by the mesh's facet tags.
extension FunctionSpace {
    /// Nodes of the boundary facet `f`, in the order of the facet's own element (vertices, then
    /// edge nodes in `CellType.edges` order of the facet type).
    public func facetNodes(_ f: Int) -> [Int32] {
        let vertices = Array(mesh.boundaryFacet(f))
        guard element.nodesPerEdge > 0, let facetType = mesh.cellType.facetType else { return vertices }
        var nodes = vertices
        for (a, b) in facetType.edges {
            if let n = edgeNode(vertices[a], vertices[b]) { nodes.append(n) }
        }
        return nodes
    }

    /// Sorted, distinct nodes on the boundary facets carrying any of `tags` (every tagged facet
    /// when `tags` is `nil`).
    public func boundaryNodes(tags: Set<Int32>? = nil) -> [Int32] {
        var seen = [Bool](repeating: false, count: nodeCount)
        for f in 0..<mesh.boundaryFacetCount where tags?.contains(mesh.boundaryTags[f]) ?? true {
            for n in facetNodes(f) { seen[Int(n)] = true }
        }
        return (0..<nodeCount).compactMap { seen[$0] ? Int32($0) : nil }
    }

    /// Degrees of freedom on the facets carrying `tags`: component `component` only, or all
    /// components when it is `nil`.
    public func boundaryDofs(tags: Set<Int32>? = nil, component: Int? = nil) -> [Int32] {
        let nodes = boundaryNodes(tags: tags)
        let selected = component.map { [$0] } ?? Array(0..<components)
        return nodes.flatMap { n in selected.map { Int32(Int(n) * components + $0) } }
    }
}
