import Foundation

/// Errors reading or writing `.npy` files.
public enum NumpyFormatError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case notNumpy(path: String)
    case unsupportedVersion(path: String, major: UInt8)
    case malformedHeader(path: String, header: String)
    case unsupportedDType(path: String, dtype: String)
    case fortranOrder(path: String)
    /// The data section does not hold exactly the bytes the header announces (truncated or padded).
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read .npy file: \(reason)"
        case let .notNumpy(path): return "\(path): not a .npy file (missing \\x93NUMPY magic)"
        case let .unsupportedVersion(path, major): return "\(path): unsupported .npy version \(major)"
        case let .malformedHeader(path, header): return "\(path): malformed .npy header: \(header)"
        case let .unsupportedDType(path, dtype): return "\(path): unsupported dtype \(dtype) (need '<f8' or '<f4')"
        case let .fortranOrder(path): return "\(path): Fortran-ordered arrays are not supported"
        case let .truncated(path, expected, actual): return "\(path): data section has \(actual) bytes, the header announces \(expected)"
        }
    }
}

extension Tensor {
    /// The `.npy` (version 1.0, little-endian float64, C order) encoding of this tensor.
    public func npyData() -> Data {
        let shapeText = shape.isEmpty ? "()" : shape.count == 1 ? "(\(shape[0]),)" : "(\(shape.map(String.init).joined(separator: ", ")))"
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        scalars.withUnsafeBytes { data.append(contentsOf: $0) }   // x86-64 and arm64 are little-endian
        return data
    }

    /// Writes this tensor as a `.npy` file, atomically (temporary file, then rename).
    public func writeNumpy(to url: URL) throws {
        try npyData().write(to: url, options: .atomic)
    }

    /// Reads a `.npy` file of `<f8` or `<f4` values in C order.
    public init(numpyFile url: URL) throws {
        let path = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw NumpyFormatError.unreadable(path: path, reason: error.localizedDescription)
        }
        try self.init(npyData: data, path: path)
    }

    /// Decodes `.npy` bytes; `path` only labels errors.
    public init(npyData data: Data, path: String = "<data>") throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw NumpyFormatError.notNumpy(path: path)
        }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1: headerLength = Int(bytes[8]) | Int(bytes[9]) << 8; headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw NumpyFormatError.notNumpy(path: path) }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }; headerStart = 12
        default: throw NumpyFormatError.unsupportedVersion(path: path, major: major)
        }
        guard bytes.count >= headerStart + headerLength,
              let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8) else {
            throw NumpyFormatError.malformedHeader(path: path, header: "<truncated>")
        }
        func field(_ key: String) -> String? {
            guard let r = header.range(of: "'\(key)':") else { return nil }
            return String(header[r.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        guard let descrField = field("descr"), let fortranField = field("fortran_order"), let shapeField = field("shape"),
              let open = shapeField.firstIndex(of: "("), let close = shapeField.firstIndex(of: ")") else {
            throw NumpyFormatError.malformedHeader(path: path, header: header)
        }
        let dtype = String(descrField.dropFirst().prefix { $0 != "'" })
        if fortranField.hasPrefix("True") { throw NumpyFormatError.fortranOrder(path: path) }
        let dims = shapeField[shapeField.index(after: open)..<close].split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var shape: [Int] = []
        for d in dims {
            guard let n = Int(d), n >= 0 else { throw NumpyFormatError.malformedHeader(path: path, header: header) }
            shape.append(n)
        }
        let count = shape.reduce(1, *)
        let body = headerStart + headerLength
        switch dtype {
        case "<f8":
            guard bytes.count - body == count * 8 else {
                throw NumpyFormatError.truncated(path: path, expectedBytes: count * 8, actualBytes: bytes.count - body)
            }
            let values = bytes.withUnsafeBytes { raw in
                (0..<count).map { raw.loadUnaligned(fromByteOffset: body + 8 * $0, as: Double.self) }
            }
            self.init(shape: shape, scalars: values)
        case "<f4":
            guard bytes.count - body == count * 4 else {
                throw NumpyFormatError.truncated(path: path, expectedBytes: count * 4, actualBytes: bytes.count - body)
            }
            let values = bytes.withUnsafeBytes { raw in
                (0..<count).map { Double(raw.loadUnaligned(fromByteOffset: body + 4 * $0, as: Float.self)) }
            }
            self.init(shape: shape, scalars: values)
        default:
            throw NumpyFormatError.unsupportedDType(path: path, dtype: dtype)
        }
    }
}
