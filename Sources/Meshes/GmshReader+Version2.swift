/// The `$Nodes` and `$Elements` sections of format 2.2:
///
///     $Nodes                         $Elements
///     count                          count
///     tag x y z          (× count)   tag type tagCount physical elementary [partitions…] nodes…
///     $EndNodes                      $EndElements
extension GmshReader {
    mutating func readNodes2() throws {
        contents.nodesLine = scanner.lineNumber
        try scanner.nextLine(expecting: "the number of nodes")
        let countLine = scanner.lineNumber
        let count = try scanner.int("the number of nodes", in: 0...Int(Int32.max))
        try scanner.finishLine(after: "the number of nodes")
        contents.nodeIndex = GmshNodeIndex(expectedCount: count)
        contents.nodeTags.reserveCapacity(count)
        contents.coordinates.reserveCapacity(3 * count)
        for k in 0..<count {
            try nextRecord(k, of: count, "nodes", countLine: countLine)
            let tag = try scanner.int("a node tag")
            let x = try scanner.double("x"), y = try scanner.double("y"), z = try scanner.double("z")
            try scanner.finishLine(after: "the node's coordinates")
            try appendNode(tag: tag, line: scanner.lineNumber, x: x, y: y, z: z)
        }
        try expectEnd("Nodes")
    }

    mutating func readElements2() throws {
        try scanner.nextLine(expecting: "the number of elements")
        let countLine = scanner.lineNumber
        let count = try scanner.int("the number of elements", in: 0...Int(Int32.max))
        try scanner.finishLine(after: "the number of elements")
        var nodes: [Int32] = []
        for k in 0..<count {
            try nextRecord(k, of: count, "elements", countLine: countLine)
            let elementTag = try scanner.int("an element tag")
            let number = try scanner.int("an element type")
            guard let type = GmshElementType(rawValue: number) else {
                throw scanner.error(GmshElementType.unsupportedReason(number))
            }
            let tagCount = try scanner.int("the number of tags", in: 0...64)
            var physical = 0, entity = 0
            for t in 0..<tagCount {
                let value = try scanner.int("an element tag (physical, elementary, …)")
                if t == 0 { physical = value } else if t == 1 { entity = value }
            }
            guard (0...Int(Int32.max)).contains(physical), (Int(Int32.min)...Int(Int32.max)).contains(entity) else {
                throw scanner.error("element tags \(physical) \(entity) are outside the 32-bit range")
            }
            try elementNodes(type.nodeCount, into: &nodes)
            try scanner.finishLine(after: "the \(type.nodeCount) nodes of a type-\(number) element")
            contents.append(
                type, line: scanner.lineNumber, elementTag: elementTag, nodes: nodes,
                physicalTag: Int32(physical), entityTag: Int32(entity))
        }
        try expectEnd("Elements")
    }
}
