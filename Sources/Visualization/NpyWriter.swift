import Foundation

/// Writes arrays of `Double` as NumPy `.npy` files (format version 1.0, dtype `<f8`, C order).
///
/// The header is `{'descr': '<f8', 'fortran_order': False, 'shape': (...), }` padded with spaces
/// and ending in `\n` so that magic, version, length field and header together take a multiple
/// of 64 bytes. (A header too long for version 1.0, which needs a shape of thousands of
/// dimensions, is written as version 2.0.) Values follow as little-endian IEEE-754 doubles.
///
/// ```swift
/// try NpyWriter.write(u, shape: [201, 512], to: URL(fileURLWithPath: "u.npy"))
/// ```
public enum NpyWriter {
    /// The six-byte magic string that starts every `.npy` file.
    public static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// Encodes `values` with the given `shape` as `.npy` bytes.
    ///
    /// An empty `shape` describes a scalar (exactly one value).
    ///
    /// - Throws: ``NpyError/invalidShape(_:)`` for negative extents, or
    ///   ``NpyError/valueCountMismatch(expected:actual:)`` when the counts differ.
    public static func encode(_ values: [Double], shape: [Int]) throws -> Data {
        guard let count = NpyArray.elementCount(of: shape) else { throw NpyError.invalidShape(shape) }
        guard count == values.count else {
            throw NpyError.valueCountMismatch(expected: count, actual: values.count)
        }
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        let dictionary = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText), }"

        var major: UInt8 = 1
        var lengthFieldSize = 2
        var paddedLength = paddedHeaderLength(dictionary.utf8.count, prefix: magic.count + 2 + lengthFieldSize)
        if paddedLength > Int(UInt16.max) {
            major = 2
            lengthFieldSize = 4
            paddedLength = paddedHeaderLength(dictionary.utf8.count, prefix: magic.count + 2 + lengthFieldSize)
        }
        var header = dictionary
        header += String(repeating: " ", count: paddedLength - dictionary.utf8.count - 1)
        header += "\n"

        var data = Data(capacity: magic.count + 2 + lengthFieldSize + paddedLength + values.count * 8)
        data.append(contentsOf: magic)
        data.append(contentsOf: [major, 0])
        for byteIndex in 0..<lengthFieldSize {
            data.append(UInt8((paddedLength >> (8 * byteIndex)) & 0xFF))
        }
        data.append(contentsOf: Array(header.utf8))
        var bytes = [UInt8](repeating: 0, count: values.count * 8)
        for (index, value) in values.enumerated() {
            let bits = value.bitPattern
            for byteIndex in 0..<8 {
                bytes[index * 8 + byteIndex] = UInt8((bits >> UInt64(8 * byteIndex)) & 0xFF)
            }
        }
        data.append(contentsOf: bytes)
        return data
    }

    /// Encodes `array` as `.npy` bytes.
    public static func encode(_ array: NpyArray) throws -> Data {
        try encode(array.values, shape: array.shape)
    }

    /// Writes `values` with `shape` to a `.npy` file, atomically replacing any existing file.
    public static func write(_ values: [Double], shape: [Int], to url: URL) throws {
        let data = try encode(values, shape: shape)
        do {
            try AtomicFileWriter.write(data, to: url)
        } catch {
            throw NpyError.ioFailure(path: url.path, reason: "\(error)")
        }
    }

    /// Writes `array` to a `.npy` file, atomically replacing any existing file.
    public static func write(_ array: NpyArray, to url: URL) throws {
        try write(array.values, shape: array.shape, to: url)
    }

    /// The header length (dictionary, padding and newline) making `prefix + length` a multiple of 64.
    private static func paddedHeaderLength(_ dictionaryLength: Int, prefix: Int) -> Int {
        let minimum = prefix + dictionaryLength + 1
        let total = (minimum + 63) / 64 * 64
        return total - prefix
    }
}
