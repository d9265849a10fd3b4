import Foundation

/// Writes files atomically: the bytes go to a temporary file in the destination's directory, which
/// is then renamed over the destination, so readers see the old file or the whole new one.
enum AtomicFile {
    /// Replaces (or creates) the file at `path` with `bytes`.
    /// - Throws: `MeshError.io` naming the file when writing or renaming fails.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let destination = URL(fileURLWithPath: path).standardizedFileURL
        let temporary = destination.deletingLastPathComponent().appendingPathComponent(
            ".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data(bytes).write(to: temporary)
        } catch {
            throw MeshError.io(file: path, reason: "cannot write: \(error.localizedDescription)")
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw MeshError.io(file: path, reason: "cannot replace the file: \(reason)")
        }
    }
}
