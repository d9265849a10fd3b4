import Foundation

/// Writes files atomically: the bytes go to a temporary file in the destination's directory,
/// which is then renamed over the destination.
///
/// Readers therefore see either the old file or the complete new one, never a partial write.
/// Every file-writing API in this module goes through this helper.
enum AtomicFileWriter {
    /// Atomically replaces (or creates) the file at `url` with `data`.
    static func write(_ data: Data, to url: URL) throws {
        guard url.isFileURL else {
            throw VisualizationError.fileWriteFailed(path: url.absoluteString, reason: "not a file URL")
        }
        let destination = url.standardizedFileURL
        let directory = destination.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw VisualizationError.fileWriteFailed(path: destination.path, reason: "\(error)")
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            let reason = String(cString: strerror(code))
            throw VisualizationError.fileWriteFailed(path: destination.path, reason: reason)
        }
    }

    /// Atomically writes `text` encoded as UTF-8.
    static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}
