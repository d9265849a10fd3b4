/// Errors in building, reading or writing a mesh. Each describes the problem in one line; file
/// errors name the file and line.
public enum MeshError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An argument is out of range (a generator's cell count, a domain with zero extent, …).
    case invalidArgument(String)
    /// The arrays do not describe a mesh (wrong lengths, vertex indices out of range, …).
    case malformed(String)
    /// A mesh file could not be parsed.
    case parse(file: String, line: Int, reason: String)
    /// A file could not be read or written.
    case io(file: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidArgument(reason): return reason
        case let .malformed(reason): return "malformed mesh: \(reason)"
        case let .parse(file, line, reason): return "\(file):\(line): \(reason)"
        case let .io(file, reason): return "\(file): \(reason)"
        }
    }
}
