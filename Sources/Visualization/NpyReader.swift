import Foundation

/// Reads NumPy `.npy` files holding `float64` (`<f8`) or `float32` (`<f4`) data in C order.
///
/// Format versions 1.0, 2.0 and 3.0 are accepted. `float32` values are widened to `Double`.
/// Anything else (other dtypes, big-endian data, `fortran_order: True`, a malformed header, a
/// truncated file or extra bytes after the data) throws an ``NpyError`` that says what is wrong.
///
/// ```swift
/// let array = try NpyReader.read(from: URL(fileURLWithPath: "u.npy"))
/// print(array.shape, array.values.count)
/// ```
public enum NpyReader {
    /// Decodes `.npy` bytes.
    public static func decode(_ data: Data) throws -> NpyArray {
        try data.withUnsafeBytes { try decode(raw: $0) }
    }

    /// Reads and decodes a `.npy` file.
    public static func read(from url: URL) throws -> NpyArray {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NpyError.ioFailure(path: url.path, reason: "\(error)")
        }
        return try decode(data)
    }

    private static func decode(raw: UnsafeRawBufferPointer) throws -> NpyArray {
        let magic = NpyWriter.magic
        guard raw.count >= magic.count + 2 else {
            if raw.count < magic.count || !raw.prefix(magic.count).elementsEqual(magic.prefix(raw.count)) {
                throw NpyError.invalidMagic
            }
            throw NpyError.truncated(expectedBytes: magic.count + 2, availableBytes: raw.count)
        }
        guard raw.prefix(magic.count).elementsEqual(magic) else { throw NpyError.invalidMagic }
        let major = raw[6]
        let minor = raw[7]
        let lengthFieldSize: Int
        switch (major, minor) {
        case (1, 0): lengthFieldSize = 2
        case (2, 0), (3, 0): lengthFieldSize = 4
        default: throw NpyError.unsupportedVersion(major: major, minor: minor)
        }
        let prefixLength = 8 + lengthFieldSize
        guard raw.count >= prefixLength else {
            throw NpyError.truncated(expectedBytes: prefixLength, availableBytes: raw.count)
        }
        var headerLength = 0
        for byteIndex in 0..<lengthFieldSize {
            headerLength |= Int(raw[8 + byteIndex]) << (8 * byteIndex)
        }
        let dataOffset = prefixLength + headerLength
        guard raw.count >= dataOffset else {
            throw NpyError.truncated(expectedBytes: dataOffset, availableBytes: raw.count)
        }
        let headerBytes = UnsafeRawBufferPointer(rebasing: raw[prefixLength..<dataOffset])
        guard let headerText = String(bytes: headerBytes, encoding: .utf8)
            ?? String(bytes: headerBytes, encoding: .isoLatin1)
        else {
            throw NpyError.malformedHeader("header is not text")
        }
        let (itemSize, shape) = try parseHeader(headerText)

        guard let count = NpyArray.elementCount(of: shape) else { throw NpyError.invalidShape(shape) }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: itemSize)
        let (needed, overflow2) = dataOffset.addingReportingOverflow(byteCount)
        guard !overflow, !overflow2 else { throw NpyError.invalidShape(shape) }
        guard raw.count >= needed else {
            throw NpyError.truncated(expectedBytes: needed, availableBytes: raw.count)
        }
        guard raw.count == needed else { throw NpyError.trailingBytes(count: raw.count - needed) }

        var values = [Double](repeating: 0, count: count)
        if itemSize == 8 {
            for index in 0..<count {
                let bits = raw.loadUnaligned(fromByteOffset: dataOffset + index * 8, as: UInt64.self)
                values[index] = Double(bitPattern: UInt64(littleEndian: bits))
            }
        } else {
            for index in 0..<count {
                let bits = raw.loadUnaligned(fromByteOffset: dataOffset + index * 4, as: UInt32.self)
                values[index] = Double(Float(bitPattern: UInt32(littleEndian: bits)))
            }
        }
        return NpyArray(shape: shape, values: values)
    }

    /// Validates the header dictionary and returns the item size in bytes and the shape.
    private static func parseHeader(_ text: String) throws -> (itemSize: Int, shape: [Int]) {
        var parser = NpyHeaderParser(text)
        let dictionary = try parser.parseDictionary()

        guard let descrValue = dictionary["descr"] else { throw NpyError.missingKey("descr") }
        guard case let .string(descr) = descrValue else {
            throw NpyError.unsupportedDtype("\(descrValue)")
        }
        let itemSize: Int
        switch descr {
        case "<f8": itemSize = 8
        case "<f4": itemSize = 4
        default: throw NpyError.unsupportedDtype(descr)
        }

        guard let orderValue = dictionary["fortran_order"] else { throw NpyError.missingKey("fortran_order") }
        guard case let .bool(fortranOrder) = orderValue else {
            throw NpyError.malformedHeader("fortran_order must be True or False")
        }
        if fortranOrder { throw NpyError.fortranOrderUnsupported }

        guard let shapeValue = dictionary["shape"] else { throw NpyError.missingKey("shape") }
        guard case let .sequence(items) = shapeValue else {
            throw NpyError.malformedHeader("shape must be a tuple of integers")
        }
        let shape = try items.map { item -> Int in
            guard case let .integer(extent) = item else {
                throw NpyError.malformedHeader("shape must be a tuple of integers")
            }
            return extent
        }
        return (itemSize, shape)
    }
}
