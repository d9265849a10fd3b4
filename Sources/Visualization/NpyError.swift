/// Errors thrown when writing or reading `.npy` files.
public enum NpyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not start with the `\x93NUMPY` magic string.
    case invalidMagic
    /// The format version is not one this reader understands (1.0, 2.0 and 3.0 are).
    case unsupportedVersion(major: UInt8, minor: UInt8)
    /// The file ends before the header or the data it announces.
    case truncated(expectedBytes: Int, availableBytes: Int)
    /// The header is not a well-formed Python dictionary literal of the expected form.
    case malformedHeader(String)
    /// The header lacks a required key (`descr`, `fortran_order` or `shape`).
    case missingKey(String)
    /// The element type is not `<f8` or `<f4`.
    case unsupportedDtype(String)
    /// The array is stored in Fortran (column-major) order, which is not supported.
    case fortranOrderUnsupported
    /// A shape entry is negative or the element count overflows.
    case invalidShape([Int])
    /// The values given to the writer do not match the shape's element count.
    case valueCountMismatch(expected: Int, actual: Int)
    /// The file has bytes after the announced data.
    case trailingBytes(count: Int)
    /// Reading or writing the file failed.
    case ioFailure(path: String, reason: String)

    /// A human-readable description of the error.
    public var description: String {
        switch self {
        case .invalidMagic:
            return "not an .npy file: missing the \\x93NUMPY magic string"
        case let .unsupportedVersion(major, minor):
            return "unsupported .npy format version \(major).\(minor)"
        case let .truncated(expected, available):
            return "truncated .npy file: needed \(expected) bytes but only \(available) are present"
        case let .malformedHeader(detail):
            return "malformed .npy header: \(detail)"
        case let .missingKey(key):
            return "malformed .npy header: missing key '\(key)'"
        case let .unsupportedDtype(dtype):
            return "unsupported .npy dtype '\(dtype)': only '<f8' and '<f4' can be read"
        case .fortranOrderUnsupported:
            return "unsupported .npy layout: fortran_order is True, only C order can be read"
        case let .invalidShape(shape):
            return "invalid .npy shape \(shape)"
        case let .valueCountMismatch(expected, actual):
            return "shape needs \(expected) values but \(actual) were given"
        case let .trailingBytes(count):
            return "malformed .npy file: \(count) unexpected bytes after the data"
        case let .ioFailure(path, reason):
            return "could not access \(path): \(reason)"
        }
    }
}
