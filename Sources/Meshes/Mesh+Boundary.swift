/// Boundary-facet extraction: a facet is on the boundary when exactly one cell owns it.
extension Mesh {
    /// Facets (as oriented vertex lists, outward orientation from their cell) that belong to exactly
    /// one cell, in the order cells are stored, each with the cell that owns it.
    ///
    /// Cost: one hash insertion per cell facet, O(cells × facets per cell).
    public func extractBoundaryFacets() -> (facets: [Int32], owners: [Int32]) {
        let local = cellType.facetVertices
        let perCell = cellType.vertexCount
        var count: [FacetKey: Int] = [:]
        count.reserveCapacity(cellCount * local.count / 2 + 16)
        for c in 0..<cellCount {
            for lf in local {
                let key = FacetKey(lf.map { cells[c * perCell + $0] })
                count[key, default: 0] += 1
            }
        }
        var facets: [Int32] = []
        var owners: [Int32] = []
        for c in 0..<cellCount {
            for lf in local {
                let vertices = lf.map { cells[c * perCell + $0] }
                if count[FacetKey(vertices)] == 1 {
                    facets.append(contentsOf: vertices)
                    owners.append(Int32(c))
                }
            }
        }
        return (facets, owners)
    }

    /// A copy whose boundary facets are all facets owned by one cell, each tagged by `tag` from
    /// the coordinates of its centroid (e.g. `{ x in x[0] == 0 ? 1 : 2 }`). Replaces any tags the
    /// mesh had.
    public func withBoundaryFacets(tag: (_ centroid: [Double]) -> Int32) -> Mesh {
        let (facets, _) = extractBoundaryFacets()
        let n = verticesPerFacet
        var tags: [Int32] = []
        tags.reserveCapacity(facets.count / n)
        var centroid = [Double](repeating: 0, count: dimension)
        for f in 0..<(facets.count / n) {
            for d in 0..<dimension { centroid[d] = 0 }
            for k in 0..<n {
                let v = Int(facets[f * n + k])
                for d in 0..<dimension { centroid[d] += points[v * dimension + d] / Double(n) }
            }
            tags.append(tag(centroid))
        }
        var copy = self
        copy.boundaryFacets = facets
        copy.boundaryTags = tags
        return copy
    }
}

/// A facet identified by its sorted vertices, so both cells sharing it produce the same key.
struct FacetKey: Hashable {
    let a: Int32, b: Int32, c: Int32, d: Int32

    init(_ vertices: [Int32]) {
        let s = vertices.sorted()
        a = s[0]
        b = s.count > 1 ? s[1] : -1
        c = s.count > 2 ? s[2] : -1
        d = s.count > 3 ? s[3] : -1
    }
}
