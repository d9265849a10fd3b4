/// Errors thrown by the image, plot and CSV APIs of the visualization module.
///
/// `.npy` input and output has its own error type, ``NpyError``.
public enum VisualizationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An image or grid was given a non-positive width or height.
    case invalidDimensions(width: Int, height: Int)
    /// A buffer holds a different number of elements than its dimensions require.
    case elementCountMismatch(expected: Int, actual: Int)
    /// An option has a value that cannot be used (the message says which and why).
    case invalidOption(String)
    /// A CSV row has a different number of fields than the header.
    case columnCountMismatch(expected: Int, actual: Int)
    /// Writing a file failed.
    case fileWriteFailed(path: String, reason: String)

    /// A human-readable description of the error.
    public var description: String {
        switch self {
        case let .invalidDimensions(width, height):
            return "invalid dimensions \(width) x \(height): both must be positive"
        case let .elementCountMismatch(expected, actual):
            return "expected \(expected) elements but got \(actual)"
        case let .invalidOption(message):
            return "invalid option: \(message)"
        case let .columnCountMismatch(expected, actual):
            return "CSV row has \(actual) fields but the header has \(expected)"
        case let .fileWriteFailed(path, reason):
            return "could not write \(path): \(reason)"
        }
    }
}
