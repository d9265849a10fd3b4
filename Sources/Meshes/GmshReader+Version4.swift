/// The `$Entities`, `$Nodes` and `$Elements` sections of format 4.1, where nodes and elements come
/// in blocks, one per geometric entity, and physical tags belong to entities:
///
///     $Entities
///     pointCount curveCount surfaceCount volumeCount
///     tag x y z physicalCount physical…                                      (points)
///     tag minX minY minZ maxX maxY maxZ physicalCount physical… boundingCount bounding…   (others)
///     $EndEntities
///     $Nodes
///     blockCount nodeCount minTag maxTag
///     entityDim entityTag parametric count;  count tag lines;  count "x y z [u v w]" lines   (× blocks)
///     $EndNodes
///     $Elements
///     blockCount elementCount minTag maxTag
///     entityDim entityTag type count;  count "tag nodes…" lines                              (× blocks)
///     $EndElements
extension GmshReader {
    mutating func readEntities4() throws {
        try scanner.nextLine(expecting: "the numbers of points, curves, surfaces and volumes")
        let countLine = scanner.lineNumber
        var counts: [Int] = []
        for what in ["points", "curves", "surfaces", "volumes"] {
            counts.append(try scanner.int("the number of \(what)", in: 0...Int(Int32.max)))
        }
        try scanner.finishLine(after: "the numbers of entities")
        for (dimension, count) in counts.enumerated() {
            let what = ["points", "curves", "surfaces", "volumes"][dimension]
            for k in 0..<count {
                try nextRecord(k, of: count, what, countLine: countLine)
                let tag = try scanner.int("an entity tag")
                for _ in 0..<(dimension == 0 ? 3 : 6) { _ = try scanner.double("a bounding-box coordinate") }
                let physicalCount = try scanner.int("the number of physical tags", in: 0...1 << 20)
                var physical: [Int32] = []
                for _ in 0..<physicalCount {
                    // Gmsh writes a physical tag negated when the entity is used with reversed orientation.
                    physical.append(Int32(abs(try scanner.int("a physical tag", in: -Int(Int32.max)...Int(Int32.max)))))
                }
                if dimension > 0 {
                    let boundingCount = try scanner.int("the number of bounding entities", in: 0...1 << 30)
                    for _ in 0..<boundingCount { _ = try scanner.int("a bounding entity tag") }
                }
                try scanner.finishLine(after: "the entity's tags")
                if !physical.isEmpty { entityPhysicalTags[EntityKey(dimension: dimension, tag: tag)] = physical }
            }
        }
        try expectEnd("Entities")
    }

    mutating func readNodes4() throws {
        contents.nodesLine = scanner.lineNumber
        try scanner.nextLine(expecting: "the numbers of node blocks and nodes")
        let countLine = scanner.lineNumber
        let blockCount = try scanner.int("the number of node blocks", in: 0...Int(Int32.max))
        let count = try scanner.int("the number of nodes", in: 0...Int(Int32.max))
        _ = try scanner.int("the smallest node tag")
        _ = try scanner.int("the largest node tag")
        try scanner.finishLine(after: "the node section's counts")
        contents.nodeIndex = GmshNodeIndex(expectedCount: count)
        contents.nodeTags.reserveCapacity(count)
        contents.coordinates.reserveCapacity(3 * count)
        var tags: [(tag: Int, line: Int)] = []
        for b in 0..<blockCount {
            try nextRecord(b, of: blockCount, "node blocks", countLine: countLine)
            let blockLine = scanner.lineNumber
            let entityDimension = try scanner.int("the entity dimension of a node block", in: 0...3)
            _ = try scanner.int("the entity tag of a node block")
            let parametric = try scanner.int("the parametric flag (0 or 1)", in: 0...1)
            let blockSize = try scanner.int("the number of nodes in the block", in: 0...count)
            try scanner.finishLine(after: "the node block header")
            guard contents.nodeTags.count + blockSize <= count else {
                throw scanner.error("node blocks hold more than the \(count) nodes announced on line \(countLine)", line: blockLine)
            }
            tags.removeAll(keepingCapacity: true)
            for k in 0..<blockSize {
                try nextRecord(k, of: blockSize, "node tags of the block", countLine: blockLine)
                tags.append((try scanner.int("a node tag"), scanner.lineNumber))
                try scanner.finishLine(after: "the node tag")
            }
            // Parametric nodes carry their parametric coordinates (one per entity dimension) too.
            let extra = parametric == 1 ? entityDimension : 0
            for k in 0..<blockSize {
                try nextRecord(k, of: blockSize, "node coordinate lines of the block", countLine: blockLine)
                let x = try scanner.double("x"), y = try scanner.double("y"), z = try scanner.double("z")
                for _ in 0..<extra { _ = try scanner.double("a parametric coordinate") }
                try scanner.finishLine(after: "the node's coordinates")
                try appendNode(tag: tags[k].tag, line: tags[k].line, x: x, y: y, z: z)
            }
        }
        guard contents.nodeTags.count == count else {
            throw scanner.error("the node blocks hold \(contents.nodeTags.count) nodes, this line announces \(count)", line: countLine)
        }
        try expectEnd("Nodes")
    }

    mutating func readElements4() throws {
        try scanner.nextLine(expecting: "the numbers of element blocks and elements")
        let countLine = scanner.lineNumber
        let blockCount = try scanner.int("the number of element blocks", in: 0...Int(Int32.max))
        let count = try scanner.int("the number of elements", in: 0...Int(Int32.max))
        _ = try scanner.int("the smallest element tag")
        _ = try scanner.int("the largest element tag")
        try scanner.finishLine(after: "the element section's counts")
        var total = 0
        var nodes: [Int32] = []
        for b in 0..<blockCount {
            try nextRecord(b, of: blockCount, "element blocks", countLine: countLine)
            let blockLine = scanner.lineNumber
            let entityDimension = try scanner.int("the entity dimension of an element block", in: 0...3)
            let entityTag = try scanner.int("the entity tag of an element block", in: Int(Int32.min)...Int(Int32.max))
            let number = try scanner.int("an element type")
            guard let type = GmshElementType(rawValue: number) else {
                throw scanner.error(GmshElementType.unsupportedReason(number))
            }
            guard type.dimension == entityDimension else {
                throw scanner.error("element type \(number) has dimension \(type.dimension), the block's entity has dimension \(entityDimension)")
            }
            let blockSize = try scanner.int("the number of elements in the block", in: 0...count)
            try scanner.finishLine(after: "the element block header")
            total += blockSize
            guard total <= count else {
                throw scanner.error("element blocks hold more than the \(count) elements announced on line \(countLine)", line: blockLine)
            }
            // One record per physical group of the entity (as format 2.2 stores it); 0 when none.
            let physical = entityPhysicalTags[EntityKey(dimension: entityDimension, tag: entityTag)] ?? [0]
            for k in 0..<blockSize {
                try nextRecord(k, of: blockSize, "elements of the block", countLine: blockLine)
                let elementTag = try scanner.int("an element tag")
                try elementNodes(type.nodeCount, into: &nodes)
                try scanner.finishLine(after: "the \(type.nodeCount) nodes of a type-\(number) element")
                for p in physical {
                    contents.append(
                        type, line: scanner.lineNumber, elementTag: elementTag, nodes: nodes,
                        physicalTag: p, entityTag: Int32(entityTag))
                }
            }
        }
        guard total == count else {
            throw scanner.error("the element blocks hold \(total) elements, this line announces \(count)", line: countLine)
        }
        try expectEnd("Elements")
    }
}
