/// Errors reading or applying a checkpoint. Each names the problem in one line.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case notACheckpoint(path: String)
    case unsupportedVersion(path: String, version: UInt32)
    case truncated(path: String)
    case checksumMismatch(path: String)
    case malformed(path: String, reason: String)
    case missingEntry(String)
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    case countMismatch(expected: Int, found: Int)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read checkpoint: \(reason)"
        case let .notACheckpoint(path): return "\(path): not a PDEKit checkpoint (bad magic bytes)"
        case let .unsupportedVersion(path, v): return "\(path): checkpoint format version \(v) is not supported (this build reads version \(Checkpoint.formatVersion))"
        case let .truncated(path): return "\(path): checkpoint is truncated"
        case let .checksumMismatch(path): return "\(path): checkpoint is corrupted (checksum mismatch)"
        case let .malformed(path, reason): return "\(path): malformed checkpoint: \(reason)"
        case let .missingEntry(name): return "checkpoint has no entry '\(name)'"
        case let .shapeMismatch(name, expected, found): return "checkpoint entry '\(name)' has shape \(found), the model expects \(expected)"
        case let .countMismatch(expected, found): return "checkpoint holds \(found) parameter tensors, the model has \(expected)"
        }
    }
}
