/// What a Gmsh file holds, independent of its format version: nodes, elements grouped by type,
/// physical names. `GmshContents+Mesh.swift` turns it into a `Mesh`.
struct GmshContents {
    /// A physical group's name as declared in `$PhysicalNames`.
    struct PhysicalName {
        let dimension: Int
        let tag: Int32
        let name: String
        let line: Int
    }

    /// All elements of one type, in file order. An element in several physical groups appears
    /// once per group (as format 2.2 writes it), with the same element tag.
    struct ElementGroup {
        let type: GmshElementType
        /// Line of the first element of this type (for errors about the whole group).
        let firstLine: Int
        /// Node numbers (indices into `nodeTags`), `type.nodeCount` per element.
        var nodes: [Int32] = []
        /// Gmsh element tag of each element.
        var elementTags: [Int] = []
        /// Physical tag of each element (0: in no physical group).
        var physicalTags: [Int32] = []
        /// Elementary (geometric entity) tag of each element.
        var entityTags: [Int32] = []

        init(type: GmshElementType, firstLine: Int) {
            self.type = type
            self.firstLine = firstLine
        }

        var count: Int { elementTags.count }
    }

    var physicalNames: [PhysicalName] = []
    /// Gmsh tag of each node, in file order.
    var nodeTags: [Int] = []
    /// x, y, z of each node, in file order.
    var coordinates: [Double] = []
    /// Node tag → node number; filled while `$Nodes` is read.
    var nodeIndex = GmshNodeIndex(expectedCount: 0)
    /// Element groups by Gmsh type number.
    var groups: [GmshElementType: ElementGroup] = [:]
    /// Line of the `$Nodes` and `$Elements` headers (0 while not seen).
    var nodesLine = 0
    var elementsLine = 0

    /// Appends one element (its nodes already converted to node numbers).
    mutating func append(
        _ type: GmshElementType, line: Int, elementTag: Int, nodes: [Int32], physicalTag: Int32, entityTag: Int32
    ) {
        groups[type, default: ElementGroup(type: type, firstLine: line)].append(
            elementTag: elementTag, nodes: nodes, physicalTag: physicalTag, entityTag: entityTag)
    }
}

extension GmshContents.ElementGroup {
    mutating func append(elementTag: Int, nodes: [Int32], physicalTag: Int32, entityTag: Int32) {
        self.nodes.append(contentsOf: nodes)
        elementTags.append(elementTag)
        physicalTags.append(physicalTag)
        entityTags.append(entityTag)
    }
}
