import Foundation

/// Reading Gmsh `.msh` files (ASCII formats 4.1 and 2.2).
extension Mesh {
    /// Reads a mesh from a Gmsh `.msh` file in ASCII format 4.1 or 2.2.
    ///
    /// Rules (the same for both formats):
    /// - The elements of the highest dimension D present become the cells; they must all have one
    ///   type (linear segment, triangle, quadrangle, tetrahedron or hexahedron). Elements of
    ///   dimension D − 1 (points when D = 1) become tagged boundary facets; lower ones are ignored.
    /// - Tags are physical tags: a cell's physical tag is its `cellTags` entry (0 when it is in no
    ///   physical group; the first group when it is in several), a facet in a physical group is kept
    ///   with that tag (once per group), a facet in none is dropped. A file with no physical groups
    ///   at all (Gmsh then saves every element) uses the elementary (geometric entity) tags instead,
    ///   for cells and facets alike.
    /// - `$PhysicalNames` of dimensions D and D − 1 fill `names`. (Give the domain a physical group
    ///   too: with groups on the boundary only, Gmsh saves only the boundary elements.)
    /// - Nodes get numbers 0, 1, … in file order, whatever their tags; nodes that no cell uses are
    ///   dropped. Gmsh writes three coordinates even for planar meshes: trailing coordinates that are
    ///   exactly 0 at every vertex are dropped (z = 0 everywhere gives `dimension` 2), never below the
    ///   cell dimension.
    /// - When `dimension` equals the cell dimension, cells with negative orientation (signed measure
    ///   < 0, e.g. triangles of a clockwise-bounded surface) are renumbered to positive orientation.
    ///   Boundary facets keep the file's vertex order.
    ///
    /// Reading takes time linear in the file size.
    /// - Throws: `MeshError.io` when the file cannot be read; `MeshError.parse` naming the line for
    ///   a malformed file (missing sections, counts that do not match, non-numbers, unknown node
    ///   tags, unsupported element types, mixed cell types), a binary file or a version other than
    ///   2.2 and 4.1.
    public init(gmshFile path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw MeshError.io(file: path, reason: "cannot read the file: \(error.localizedDescription)")
        }
        try self.init(gmshData: data, fileName: path)
    }

    /// Reads a mesh from the contents of a Gmsh `.msh` file held in memory; `fileName` is named in
    /// errors. See `init(gmshFile:)` for the rules.
    public init(gmshData data: Data, fileName: String = "<gmsh data>") throws {
        var reader = GmshReader(scanner: LineScanner(data: data, file: fileName))
        let contents = try reader.read()
        self = try contents.makeMesh(scanner: reader.scanner)
    }
}

/// Parses a Gmsh file into `GmshContents`: the format header, then the sections in any order.
/// `$Nodes` and `$Elements` are required (nodes first); `$PhysicalNames` and (4.1) `$Entities` are
/// read when present; other sections are skipped.
struct GmshReader {
    enum Version: String { case v2 = "2.2", v4 = "4.1" }

    var scanner: LineScanner
    var contents = GmshContents()
    var version = Version.v4
    /// Physical tags of each geometric entity, from `$Entities` (4.1 only).
    var entityPhysicalTags: [EntityKey: [Int32]] = [:]

    /// A geometric entity: its dimension and tag.
    struct EntityKey: Hashable {
        let dimension: Int
        let tag: Int
    }

    init(scanner: LineScanner) {
        self.scanner = scanner
    }

    mutating func read() throws -> GmshContents {
        try readFormat()
        while scanner.advance() {
            let header = scanner.restOfLine
            guard scanner.isSectionMarker, !header.hasPrefix("$End") else {
                throw scanner.error("expected a section such as $Nodes, found '\(header.prefix(40))'")
            }
            let name = String(header.dropFirst())
            if (name == "Nodes" && contents.nodesLine > 0) || (name == "Elements" && contents.elementsLine > 0) {
                throw scanner.error("a second $\(name) section")
            }
            switch (name, version) {
            case ("PhysicalNames", _): try readPhysicalNames()
            case ("Entities", .v4): try readEntities4()
            case ("Nodes", .v2): try readNodes2()
            case ("Nodes", .v4): try readNodes4()
            case ("Elements", _):
                guard contents.nodesLine > 0 else { throw scanner.error("$Elements comes before $Nodes") }
                contents.elementsLine = scanner.lineNumber
                try version == .v2 ? readElements2() : readElements4()
            default: try skipSection(name)
            }
        }
        guard contents.nodesLine > 0 else { throw scanner.error("missing $Nodes section") }
        guard contents.elementsLine > 0 else { throw scanner.error("missing $Elements section") }
        return contents
    }

    /// `$MeshFormat`: version, file type (0 = ASCII) and data size.
    private mutating func readFormat() throws {
        guard scanner.advance(), scanner.restOfLine == "$MeshFormat" else {
            throw scanner.error("not a Gmsh mesh file: expected $MeshFormat on the first line")
        }
        try scanner.nextLine(expecting: "the format version")
        let text = try scanner.word("the format version")
        guard let v = Version(rawValue: text) else {
            throw scanner.error("unsupported Gmsh format version \(text) (supported: 2.2, 4.1)")
        }
        version = v
        let fileType = try scanner.int("the file type (0 = ASCII)")
        guard fileType == 0 else {
            throw scanner.error("binary .msh files are not supported; save as ASCII (gmsh -format msh41 without -bin)")
        }
        _ = try scanner.int("the data size")
        try scanner.finishLine(after: "the format line")
        try expectEnd("MeshFormat")
    }

    /// `$PhysicalNames`: a count, then `dimension tag "name"` lines.
    private mutating func readPhysicalNames() throws {
        try scanner.nextLine(expecting: "the number of physical names")
        let headerLine = scanner.lineNumber
        let count = try scanner.int("the number of physical names", in: 0...Int(Int32.max))
        try scanner.finishLine(after: "the number of physical names")
        for k in 0..<count {
            try nextRecord(k, of: count, "physical names", countLine: headerLine)
            let dimension = try scanner.int("the dimension of a physical group", in: 0...3)
            let tag = try scanner.int("a physical tag", in: 1...Int(Int32.max))
            let quoted = scanner.consumeRestOfLine()
            guard quoted.count >= 2, quoted.hasPrefix("\""), quoted.hasSuffix("\"") else {
                throw scanner.error("expected a quoted physical name, found '\(quoted.prefix(40))'")
            }
            contents.physicalNames.append(.init(
                dimension: dimension, tag: Int32(tag), name: String(quoted.dropFirst().dropLast()), line: scanner.lineNumber))
        }
        try expectEnd("PhysicalNames")
    }

    /// Skips an unknown section up to its `$End` line.
    private mutating func skipSection(_ name: String) throws {
        let start = scanner.lineNumber
        while scanner.advance() {
            if scanner.restOfLine == "$End\(name)" { return }
        }
        throw scanner.error("section $\(name) (line \(start)) has no $End\(name)")
    }

    /// Requires the next line to be `$End<name>`.
    mutating func expectEnd(_ name: String) throws {
        try scanner.nextLine(expecting: "$End\(name)")
        guard scanner.restOfLine == "$End\(name)" else {
            throw scanner.error("expected $End\(name), found '\(scanner.restOfLine.prefix(40))' (more entries than the count says?)")
        }
    }

    /// Moves to the line of record `index` of `count`, failing clearly when a section ends early.
    mutating func nextRecord(_ index: Int, of count: Int, _ what: String, countLine: Int) throws {
        try scanner.nextLine(expecting: "\(count) \(what)")
        if scanner.isSectionMarker {
            throw scanner.error("found '\(scanner.restOfLine.prefix(40))' after \(index) of the \(count) \(what) announced on line \(countLine)")
        }
    }

    /// Reads `count` node tags from the current line and converts them to node numbers.
    mutating func elementNodes(_ count: Int, into nodes: inout [Int32]) throws {
        nodes.removeAll(keepingCapacity: true)
        for _ in 0..<count {
            let tag = try scanner.int("a node tag")
            guard let n = contents.nodeIndex.number(of: tag) else { throw scanner.error("unknown node tag \(tag)") }
            nodes.append(n)
        }
    }

    /// Records a node read from the file, rejecting a repeated tag.
    mutating func appendNode(tag: Int, line: Int, x: Double, y: Double, z: Double) throws {
        let number = Int32(contents.nodeTags.count)
        guard contents.nodeIndex.insert(tag: tag, number: number) else {
            throw scanner.error("node tag \(tag) appears twice", line: line)
        }
        contents.nodeTags.append(tag)
        contents.coordinates.append(x)
        contents.coordinates.append(y)
        contents.coordinates.append(z)
    }
}
