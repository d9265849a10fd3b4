import Foundation

/// The memory the operating system reports available to a new allocation.
enum AvailableMemory {
    /// `MemAvailable` from `/proc/meminfo` (Linux) in bytes, or nil where it cannot be read.
    static func bytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kilobytes = Int(fields[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }
}
