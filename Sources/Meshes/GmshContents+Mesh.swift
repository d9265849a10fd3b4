/// Turns the contents of a Gmsh file into a `Mesh` by the rules of `Mesh.init(gmshFile:)`.
extension GmshContents {
    func makeMesh(scanner: LineScanner) throws -> Mesh {
        func fail(_ reason: String, line: Int) -> MeshError { scanner.error(reason, line: line) }
        let present = groups.values.filter { $0.count > 0 }.sorted { $0.firstLine < $1.firstLine }

        // Cells: the elements of the highest dimension, all of one type.
        guard let top = present.map(\.type.dimension).max(), top >= 1 else {
            throw fail("the file has no line, surface or volume elements", line: elementsLine)
        }
        let cellGroups = present.filter { $0.type.dimension == top }
        if cellGroups.count > 1 {
            let (a, b) = (cellGroups[0], cellGroups[1])
            throw fail(
                "mixed cell types: \(b.type.cellType!.rawValue) elements here, \(a.type.cellType!.rawValue) elements from line \(a.firstLine); a Mesh holds one cell type",
                line: b.firstLine)
        }
        let cellGroup = cellGroups[0]
        let cellType = cellGroup.type.cellType!
        let facetType: GmshElementType = switch cellType.facetType {
        case nil: .point
        case .segment: .line
        case .triangle: .triangle
        case .quadrilateral: .quadrangle
        case .tetrahedron, .hexahedron: fatalError("cells have no solid facets")
        }
        let facetGroups = present.filter { $0.type.dimension == top - 1 }
        if let bad = facetGroups.first(where: { $0.type != facetType }) {
            throw fail("\(bad.type) elements cannot be facets of \(cellType.rawValue) cells", line: bad.firstLine)
        }
        // Without any physical group, elementary tags stand in for physical ones.
        let usesPhysical = present.contains { $0.physicalTags.contains { $0 != 0 } }
        func tag(_ group: ElementGroup, _ e: Int) -> Int32 { usesPhysical ? group.physicalTags[e] : group.entityTags[e] }

        // Cells, each once (an element in several physical groups is listed once per group).
        let perCell = cellType.vertexCount
        var cells: [Int32] = []
        var cellTags: [Int32] = []
        cells.reserveCapacity(cellGroup.nodes.count)
        cellTags.reserveCapacity(cellGroup.count)
        var seen = Set<Int>(minimumCapacity: cellGroup.count)
        for e in 0..<cellGroup.count where seen.insert(cellGroup.elementTags[e]).inserted {
            cells.append(contentsOf: cellGroup.nodes[e * perCell ..< (e + 1) * perCell])
            cellTags.append(tag(cellGroup, e))
        }

        // Vertices: the nodes the cells use, numbered in file order.
        var number = [Int32](repeating: -1, count: nodeTags.count)
        for n in cells { number[Int(n)] = 0 }
        var vertexCount: Int32 = 0
        for n in number.indices where number[n] == 0 {
            number[n] = vertexCount
            vertexCount += 1
        }
        for i in cells.indices { cells[i] = number[Int(cells[i])] }

        // Boundary facets: tagged elements one dimension down, on the cells' vertices.
        var facets: [Int32] = []
        var facetTags: [Int32] = []
        for group in facetGroups {
            let perFacet = group.type.nodeCount
            for e in 0..<group.count {
                let t = tag(group, e)
                if usesPhysical && t == 0 { continue }
                for n in group.nodes[e * perFacet ..< (e + 1) * perFacet] {
                    guard number[Int(n)] >= 0 else {
                        throw fail(
                            "\(group.type) element \(group.elementTags[e]) (in the block from this line) uses node \(nodeTags[Int(n)]), which no cell uses",
                            line: group.firstLine)
                    }
                    facets.append(number[Int(n)])
                }
                facetTags.append(t)
            }
        }

        // Coordinates, dropping trailing coordinates that vanish everywhere.
        var used = [Int](repeating: 0, count: Int(vertexCount))
        for n in number.indices where number[n] >= 0 { used[Int(number[n])] = n }
        var dimension = 3
        while dimension > cellType.dimension && used.allSatisfy({ coordinates[3 * $0 + dimension - 1] == 0 }) {
            dimension -= 1
        }
        var points: [Double] = []
        points.reserveCapacity(dimension * used.count)
        for n in used { points.append(contentsOf: coordinates[3 * n ..< 3 * n + dimension]) }

        // Physical names of the cells' and facets' dimensions.
        var names: [String: Int32] = [:]
        for entry in physicalNames where entry.dimension == top || entry.dimension == top - 1 {
            if let other = names[entry.name], other != entry.tag {
                throw fail("physical name '\(entry.name)' is given to tags \(other) and \(entry.tag)", line: entry.line)
            }
            names[entry.name] = entry.tag
        }

        var mesh = try Mesh(
            dimension: dimension, cellType: cellType, points: points, cells: cells, cellTags: cellTags,
            boundaryFacets: facets, boundaryTags: facetTags, names: names)
        if dimension == cellType.dimension { mesh.orientPositively() }
        return mesh
    }
}

extension Mesh {
    /// Renumbers the corners of every cell with negative signed measure so that it is positive.
    mutating func orientPositively() {
        let n = cellType.vertexCount
        let reversed = CellGeometry.reversedOrder(cellType)
        for c in 0..<cellCount where CellGeometry.signedMeasure(cellType, corners(ofCell: c), dimension: dimension) < 0 {
            let old = Array(cell(c))
            for k in 0..<n { cells[c * n + k] = old[reversed[k]] }
        }
    }
}
