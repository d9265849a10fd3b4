import Foundation

/// Encodes 8-bit RGB images as PNG files without a compression library.
///
/// The image data (each scanline prefixed with filter type 0) is wrapped in a zlib stream made of
/// stored, i.e. uncompressed, deflate blocks of at most 65,535 bytes, followed by the stream's
/// Adler-32. Every chunk carries its CRC-32 (see ``Checksum``). Files are therefore about as large
/// as the raw pixels, but any standard PNG decoder reads them.
public enum PNGEncoder {
    /// The eight-byte PNG file signature.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The largest payload of one stored deflate block.
    public static let maxStoredBlockLength = 65_535

    /// The largest payload written into one IDAT chunk; bigger streams are split across chunks.
    static let maxIDATLength = 1 << 20

    /// Encodes row-major RGB bytes (top row first, `width * height * 3` bytes) as a PNG.
    ///
    /// - Throws: ``VisualizationError`` when the size is not positive or the byte count is wrong.
    public static func encode(width: Int, height: Int, rgb: [UInt8]) throws -> Data {
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw VisualizationError.invalidDimensions(width: width, height: height)
        }
        guard rgb.count == width * height * 3 else {
            throw VisualizationError.elementCountMismatch(expected: width * height * 3, actual: rgb.count)
        }
        return encodeValidated(width: width, height: height, rgb: rgb)
    }

    /// Encodes `image` as a PNG.
    public static func encode(_ image: RGBImage) -> Data {
        encodeValidated(width: image.width, height: image.height, rgb: image.pixels)
    }

    /// Encodes arguments that are already known to be consistent.
    static func encodeValidated(width: Int, height: Int, rgb: [UInt8]) -> Data {
        var png = Data(signature)

        var header = [UInt8]()
        appendBigEndian(UInt32(width), to: &header)
        appendBigEndian(UInt32(height), to: &header)
        // Bit depth 8, colour type 2 (RGB), deflate compression, adaptive filtering, no interlace.
        header += [8, 2, 0, 0, 0]
        appendChunk(type: "IHDR", data: header[...], to: &png)

        let stream = zlibStoredStream(scanlines(width: width, height: height, rgb: rgb))
        var offset = 0
        repeat {
            let end = min(offset + maxIDATLength, stream.count)
            appendChunk(type: "IDAT", data: stream[offset..<end], to: &png)
            offset = end
        } while offset < stream.count

        appendChunk(type: "IEND", data: [][...], to: &png)
        return png
    }

    /// The raw image data: each row preceded by filter-type byte 0 (None).
    static func scanlines(width: Int, height: Int, rgb: [UInt8]) -> [UInt8] {
        let rowLength = width * 3
        var raw = [UInt8]()
        raw.reserveCapacity((rowLength + 1) * height)
        for row in 0..<height {
            raw.append(0)
            raw.append(contentsOf: rgb[(row * rowLength)..<((row + 1) * rowLength)])
        }
        return raw
    }

    /// Wraps `payload` in a zlib stream of stored deflate blocks followed by its Adler-32.
    static func zlibStoredStream(_ payload: [UInt8]) -> [UInt8] {
        let blockCount = max(1, (payload.count + maxStoredBlockLength - 1) / maxStoredBlockLength)
        var stream = [UInt8]()
        stream.reserveCapacity(payload.count + 5 * blockCount + 6)
        // CMF 0x78: deflate with a 32 KiB window; FLG 0x01 makes CMF*256+FLG a multiple of 31.
        stream += [0x78, 0x01]
        for block in 0..<blockCount {
            let start = block * maxStoredBlockLength
            let end = min(start + maxStoredBlockLength, payload.count)
            let length = UInt16(end - start)
            // Header bits: BFINAL in bit 0, BTYPE = 00 (stored); the rest of the byte is padding.
            stream.append(block == blockCount - 1 ? 1 : 0)
            stream += [UInt8(length & 0xFF), UInt8(length >> 8)]
            stream += [UInt8(~length & 0xFF), UInt8(~length >> 8)]
            stream.append(contentsOf: payload[start..<end])
        }
        appendBigEndian(Checksum.adler32(payload), to: &stream)
        return stream
    }

    /// Appends one PNG chunk: length, type, data and CRC-32 over type and data.
    private static func appendChunk(type: String, data: ArraySlice<UInt8>, to png: inout Data) {
        var chunk = [UInt8]()
        chunk.reserveCapacity(data.count + 12)
        appendBigEndian(UInt32(data.count), to: &chunk)
        let typeBytes = Array(type.utf8)
        chunk += typeBytes
        chunk.append(contentsOf: data)
        let crc = Checksum.crc32(data, continuing: Checksum.crc32(typeBytes))
        appendBigEndian(crc, to: &chunk)
        png.append(contentsOf: chunk)
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
