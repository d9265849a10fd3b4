/// Writing VTK XML unstructured-grid files (`.vtu`) for ParaView and VisIt.
extension Mesh {
    /// Writes the mesh and fields on it as a VTK XML UnstructuredGrid file (`.vtu`, ASCII),
    /// atomically replacing any existing file.
    ///
    /// - Points are written with three coordinates (z = 0, or y = z = 0, for lower dimensions);
    ///   cells with VTK types 3 (line), 5 (triangle), 9 (quad), 10 (tetra), 12 (hexahedron), whose
    ///   vertex order is `Mesh`'s. The cell tags go out as the `Int32` cell array `cell_tag`.
    /// - A field with one value per vertex (per cell) is a scalar; one with 2 or 3 values per
    ///   vertex (per cell), stored point after point, is a vector and is written with 3 components,
    ///   the missing ones 0. Fields are written in name order.
    /// - Reals are written in Swift's shortest form that reads back to the same `Double`, so the
    ///   file holds the values exactly.
    ///
    /// Linear in the mesh and data size.
    /// - Throws: `MeshError.invalidArgument` naming the field when a field has a length that fits
    ///   neither rule, a non-finite value (VTK readers reject them), or an empty or reserved
    ///   (`cell_tag`) name; `MeshError.io` when the file cannot be written.
    public func writeVTU(to path: String, pointData: [String: [Double]] = [:], cellData: [String: [Double]] = [:]) throws {
        let pointFields = try pointData.keys.sorted().map { try VTKField(name: $0, values: pointData[$0]!, count: vertexCount, on: "point") }
        let cellFields = try cellData.keys.sorted().map { try VTKField(name: $0, values: cellData[$0]!, count: cellCount, on: "cell") }
        if cellData["cell_tag"] != nil {
            throw MeshError.invalidArgument("cell data name 'cell_tag' is reserved for the mesh's cell tags")
        }
        var out = VTKText()
        out.line("<?xml version=\"1.0\"?>")
        out.line("<VTKFile type=\"UnstructuredGrid\" version=\"1.0\" byte_order=\"LittleEndian\" header_type=\"UInt64\">")
        out.line("<UnstructuredGrid>")
        out.line("<Piece NumberOfPoints=\"\(vertexCount)\" NumberOfCells=\"\(cellCount)\">")

        out.line("<PointData>")
        for field in pointFields { out.write(field) }
        out.line("</PointData>")

        out.line("<CellData>")
        out.line("<DataArray type=\"Int32\" Name=\"cell_tag\" format=\"ascii\">")
        for tag in cellTags { out.line("\(tag)") }
        out.line("</DataArray>")
        for field in cellFields { out.write(field) }
        out.line("</CellData>")

        out.line("<Points>")
        out.line("<DataArray type=\"Float64\" NumberOfComponents=\"3\" format=\"ascii\">")
        for v in 0..<vertexCount {
            var row = ""
            for d in 0..<3 { row += (d > 0 ? " " : "") + (d < dimension ? points[v * dimension + d].description : "0") }
            out.line(row)
        }
        out.line("</DataArray>")
        out.line("</Points>")

        let n = cellType.vertexCount
        out.line("<Cells>")
        out.line("<DataArray type=\"Int32\" Name=\"connectivity\" format=\"ascii\">")
        for c in 0..<cellCount { out.line(cell(c).map { "\($0)" }.joined(separator: " ")) }
        out.line("</DataArray>")
        out.line("<DataArray type=\"Int64\" Name=\"offsets\" format=\"ascii\">")
        for c in 0..<cellCount { out.line("\((c + 1) * n)") }
        out.line("</DataArray>")
        out.line("<DataArray type=\"UInt8\" Name=\"types\" format=\"ascii\">")
        let code = "\(cellType.vtkCode)"
        for _ in 0..<cellCount { out.line(code) }
        out.line("</DataArray>")
        out.line("</Cells>")

        out.line("</Piece>")
        out.line("</UnstructuredGrid>")
        out.line("</VTKFile>")
        try AtomicFile.write(out.bytes, to: path)
    }
}

extension CellType {
    /// The VTK cell type number (`VTK_LINE` = 3, `VTK_TRIANGLE` = 5, `VTK_QUAD` = 9,
    /// `VTK_TETRA` = 10, `VTK_HEXAHEDRON` = 12); VTK's corner order is `Mesh`'s.
    var vtkCode: UInt8 {
        switch self {
        case .segment: return 3
        case .triangle: return 5
        case .quadrilateral: return 9
        case .tetrahedron: return 10
        case .hexahedron: return 12
        }
    }
}

/// A checked data field: a scalar (1 component) or a vector (2 or 3, written as 3).
private struct VTKField {
    let name: String
    let values: [Double]
    let components: Int

    init(name: String, values: [Double], count: Int, on location: String) throws {
        guard !name.isEmpty else { throw MeshError.invalidArgument("\(location) data needs a non-empty name") }
        self.name = name
        self.values = values
        if values.count == count {
            components = 1
        } else if count > 0 && (values.count == 2 * count || values.count == 3 * count) {
            components = values.count / count
        } else {
            throw MeshError.invalidArgument(
                "\(location) data '\(name)' has \(values.count) values; expected \(count) (one per \(location)) or \(2 * count) or \(3 * count) (a 2- or 3-component vector per \(location))")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw MeshError.invalidArgument("\(location) data '\(name)' has the non-finite value \(values[bad]) at index \(bad); VTK readers cannot read it")
        }
    }
}

/// The document being written, as UTF-8 bytes.
private struct VTKText {
    var bytes: [UInt8] = []

    mutating func line(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func write(_ field: VTKField) {
        line("<DataArray type=\"Float64\" Name=\"\(escaped(field.name))\" NumberOfComponents=\"\(field.components == 1 ? 1 : 3)\" format=\"ascii\">")
        let tuples = field.values.count / field.components
        for t in 0..<tuples {
            var row = ""
            for k in 0..<(field.components == 1 ? 1 : 3) {
                row += (k > 0 ? " " : "") + (k < field.components ? field.values[t * field.components + k].description : "0")
            }
            line(row)
        }
        line("</DataArray>")
    }

    /// `text` with the five XML special characters escaped, for an attribute value.
    private func escaped(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }
}
