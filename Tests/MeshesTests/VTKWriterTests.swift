import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
import Meshes

/// A `.vtu` file read back with a strict XML parser: the piece's counts and every DataArray.
private final class VTUDocument: NSObject, XMLParserDelegate {
    struct DataArray {
        var attributes: [String: String]
        var text = ""
        var numbers: [Double] { text.split(whereSeparator: \.isWhitespace).map { Double($0)! } }
    }

    var piece: [String: String] = [:]
    /// Arrays by section (`PointData`, `CellData`, `Points`, `Cells`) and name ("" when unnamed).
    var arrays: [String: [String: DataArray]] = [:]
    private var section = ""
    private var current: DataArray?

    init(path: String) throws {
        super.init()
        let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: path)))
        parser.delegate = self
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "Piece": piece = attributes
        case "PointData", "CellData", "Points", "Cells": section = name
        case "DataArray": current = DataArray(attributes: attributes)
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current?.text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "DataArray", let array = current {
            arrays[section, default: [:]][array.attributes["Name"] ?? ""] = array
            current = nil
        }
    }

    func numbers(_ section: String, _ name: String) -> [Double] { arrays[section]?[name]?.numbers ?? [] }
}

final class VTKWriterTests: XCTestCase {
    func testQuadrilateralMeshWithFieldsReadsBackExactly() throws {
        var mesh = try Mesh.rectangle(x: 0...1, y: 0...0.3, nx: 3, ny: 2, cells: .quadrilaterals)
        mesh.cellTags = [1, 2, 3, 4, 5, 6]
        // Values that need all 17 digits, and extreme magnitudes.
        let u: [Double] = (0..<mesh.vertexCount).map { v in
            switch v % 3 {
            case 0: return 1.0 / 3.0 + Double(v) * 0.1
            case 1: return 1e-300 * Double(v + 1) / 7
            default: return -Double.greatestFiniteMagnitude / Double(v)
            }
        }
        let velocity: [Double] = (0..<2 * mesh.vertexCount).map { -1e17 * Double($0).squareRoot() }
        let pressure: [Double] = (0..<mesh.cellCount).map { Double.pi * Double($0) }
        let directory = try makeTemporaryDirectory()
        let path = directory.appendingPathComponent("fields & more.vtu").path
        try mesh.writeVTU(to: path, pointData: ["u": u, "velocity <2D>": velocity], cellData: ["p": pressure])

        let document = try VTUDocument(path: path)
        XCTAssertEqual(document.piece["NumberOfPoints"], "12")
        XCTAssertEqual(document.piece["NumberOfCells"], "6")
        let points = document.numbers("Points", "")
        XCTAssertEqual(points.count, 3 * 12)
        for v in 0..<12 {
            XCTAssertEqual(Array(points[3 * v ..< 3 * v + 2]), Array(mesh.point(v)))
            XCTAssertEqual(points[3 * v + 2], 0)
        }
        XCTAssertEqual(document.numbers("Cells", "connectivity"), mesh.cells.map(Double.init))
        XCTAssertEqual(document.numbers("Cells", "offsets"), (1...6).map { Double(4 * $0) })
        XCTAssertEqual(document.numbers("Cells", "types"), [Double](repeating: 9, count: 6))
        XCTAssertEqual(document.numbers("PointData", "u"), u)
        XCTAssertEqual(document.arrays["PointData"]?["velocity <2D>"]?.attributes["NumberOfComponents"], "3")
        let padded = document.numbers("PointData", "velocity <2D>")
        XCTAssertEqual(padded.count, 3 * 12)
        for v in 0..<12 {
            XCTAssertEqual(padded[3 * v], velocity[2 * v])
            XCTAssertEqual(padded[3 * v + 1], velocity[2 * v + 1])
            XCTAssertEqual(padded[3 * v + 2], 0)
        }
        XCTAssertEqual(document.numbers("CellData", "p"), pressure)
        XCTAssertEqual(document.numbers("CellData", "cell_tag"), [1, 2, 3, 4, 5, 6])
    }

    func testCellTypeCodesAndVertexOrder() throws {
        let meshes: [(Mesh, Double)] = [
            (try Mesh.interval(cells: 2), 3), (try Mesh.rectangle(nx: 1, ny: 1), 5),
            (try Mesh.box(nx: 1, ny: 1, nz: 1), 10), (try Mesh.box(nx: 1, ny: 1, nz: 1, cells: .hexahedra), 12),
        ]
        let directory = try makeTemporaryDirectory()
        for (mesh, code) in meshes {
            let path = directory.appendingPathComponent("\(mesh.cellType).vtu").path
            try mesh.writeVTU(to: path)
            let document = try VTUDocument(path: path)
            XCTAssertEqual(document.numbers("Cells", "types"), [Double](repeating: code, count: mesh.cellCount))
            XCTAssertEqual(document.numbers("Cells", "connectivity"), mesh.cells.map(Double.init))
            XCTAssertEqual(document.numbers("Points", "").count, 3 * mesh.vertexCount)
        }
    }

    func testThreeComponentVectorsOnASolidMesh() throws {
        let mesh = try Mesh.box(nx: 1, ny: 1, nz: 1)
        let displacement = mesh.points.map { -2 * $0 }
        let path = try makeTemporaryDirectory().appendingPathComponent("box.vtu").path
        try mesh.writeVTU(to: path, pointData: ["displacement": displacement])
        let document = try VTUDocument(path: path)
        XCTAssertEqual(document.numbers("PointData", "displacement"), displacement)
        XCTAssertEqual(document.numbers("Points", ""), mesh.points)
    }

    func testBadFieldsAreOneLineErrorsAndWriteNothing() throws {
        let mesh = try Mesh.rectangle(nx: 2, ny: 2)
        let directory = try makeTemporaryDirectory()
        let path = directory.appendingPathComponent("bad.vtu").path
        XCTAssertThrowsError(try mesh.writeVTU(to: path, pointData: ["u": [1, 2, 3]])) { error in
            XCTAssertEqual("\(error)", "point data 'u' has 3 values; expected 9 (one per point) or 18 or 27 (a 2- or 3-component vector per point)")
        }
        XCTAssertThrowsError(try mesh.writeVTU(to: path, cellData: ["q": [Double](repeating: 0, count: 9)])) { error in
            XCTAssertTrue("\(error)".hasPrefix("cell data 'q' has 9 values; expected 8"), "\(error)")
        }
        XCTAssertThrowsError(try mesh.writeVTU(to: path, cellData: ["q": [Double](repeating: .nan, count: 8)])) { error in
            XCTAssertTrue("\(error)".contains("non-finite value nan at index 0"), "\(error)")
        }
        XCTAssertThrowsError(try mesh.writeVTU(to: path, cellData: ["cell_tag": [Double](repeating: 0, count: 8)]))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])
    }

    func testWritingReplacesTheFileAndLeavesNoTemporaryFile() throws {
        let directory = try makeTemporaryDirectory()
        let path = directory.appendingPathComponent("mesh.vtu").path
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try Mesh.interval(cells: 3).writeVTU(to: path)
        XCTAssertEqual(try VTUDocument(path: path).piece["NumberOfCells"], "3")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["mesh.vtu"])
        XCTAssertThrowsError(try Mesh.interval(cells: 3).writeVTU(to: "/nonexistent/dir/mesh.vtu")) { error in
            guard case MeshError.io = error else { return XCTFail("\(error)") }
        }
    }
}
