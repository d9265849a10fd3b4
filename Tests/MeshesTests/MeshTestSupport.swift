import Foundation
import XCTest
import Meshes

/// Paths and checks shared by the mesh tests.
enum MeshTestSupport {
    /// The repository root (three levels above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Path of a mesh shipped in Data/meshes.
    static func shippedMesh(_ name: String) -> String {
        packageRoot.appendingPathComponent("Data/meshes/\(name)").path
    }

    /// Facets as sets of sorted vertex lists, so orientation and order do not matter.
    static func facetSet(_ flat: [Int32], perFacet n: Int) -> Set<[Int32]> {
        Set(stride(from: 0, to: flat.count, by: n).map { flat[$0 ..< $0 + n].sorted() })
    }

    /// Number of boundary facets carrying each tag.
    static func facetCounts(_ mesh: Mesh) -> [Int32: Int] {
        mesh.boundaryTags.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }
}

extension XCTestCase {
    /// A fresh empty directory, removed when the test ends.
    func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("MeshesTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Writes `text` to `name` in `directory` and returns its path.
    func write(_ text: String, named name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: false, encoding: .utf8)
        return url.path
    }
}
