import Foundation
import XCTest

/// A minimal PNG reader for tests: checks the container and undoes the stored-block zlib stream
/// that `PNGEncoder` produces, without using zlib. It deliberately re-implements CRC-32 and
/// Adler-32 bit by bit instead of calling the module's `Checksum`.
struct PNGTestDecoder {
    struct Chunk {
        let type: String
        let data: [UInt8]
        let storedCRC: UInt32
    }

    enum Failure: Error, CustomStringConvertible {
        case message(String)
        var description: String {
            switch self { case let .message(text): return text }
        }
    }

    let chunks: [Chunk]
    let width: Int
    let height: Int
    let bitDepth: UInt8
    let colorType: UInt8
    let compressionMethod: UInt8
    let filterMethod: UInt8
    let interlaceMethod: UInt8
    /// Lengths of the stored deflate blocks, in stream order.
    let storedBlockLengths: [Int]
    /// The reconstructed RGB bytes, top row first.
    let rgb: [UInt8]

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= 8, Array(bytes[0..<8]) == signature else { throw Failure.message("bad signature") }

        var chunks: [Chunk] = []
        var position = 8
        while position < bytes.count {
            guard position + 12 <= bytes.count else { throw Failure.message("truncated chunk header") }
            let length = Int(Self.bigEndian(bytes, position))
            guard position + 12 + length <= bytes.count else { throw Failure.message("truncated chunk") }
            let type = String(decoding: bytes[(position + 4)..<(position + 8)], as: UTF8.self)
            let body = Array(bytes[(position + 8)..<(position + 8 + length)])
            let crc = Self.bigEndian(bytes, position + 8 + length)
            chunks.append(Chunk(type: type, data: body, storedCRC: crc))
            position += 12 + length
        }
        self.chunks = chunks
        guard chunks.first?.type == "IHDR", chunks.first?.data.count == 13 else {
            throw Failure.message("IHDR must come first")
        }
        guard chunks.last?.type == "IEND", chunks.last?.data.isEmpty == true else {
            throw Failure.message("IEND must come last")
        }
        let header = chunks[0].data
        width = Int(Self.bigEndian(header, 0))
        height = Int(Self.bigEndian(header, 4))
        bitDepth = header[8]
        colorType = header[9]
        compressionMethod = header[10]
        filterMethod = header[11]
        interlaceMethod = header[12]

        let stream = chunks.filter { $0.type == "IDAT" }.flatMap(\.data)
        let (payload, blockLengths) = try Self.inflateStored(stream)
        storedBlockLengths = blockLengths

        let rowLength = width * 3
        guard payload.count == height * (rowLength + 1) else {
            throw Failure.message("payload has \(payload.count) bytes, expected \(height * (rowLength + 1))")
        }
        var rgb: [UInt8] = []
        rgb.reserveCapacity(width * height * 3)
        for row in 0..<height {
            let start = row * (rowLength + 1)
            guard payload[start] == 0 else { throw Failure.message("row \(row) uses filter \(payload[start])") }
            rgb += payload[(start + 1)..<(start + 1 + rowLength)]
        }
        self.rgb = rgb
    }

    /// The colour of pixel (`x`, `y`), row 0 at the top.
    func pixel(_ x: Int, _ y: Int) -> [UInt8] {
        let index = (y * width + x) * 3
        return Array(rgb[index..<(index + 3)])
    }

    /// Reassembles the payload of a zlib stream made only of stored deflate blocks.
    static func inflateStored(_ stream: [UInt8]) throws -> ([UInt8], [Int]) {
        guard stream.count >= 6 else { throw Failure.message("zlib stream too short") }
        let cmf = stream[0]
        let flg = stream[1]
        guard cmf & 0x0F == 8, (UInt16(cmf) * 256 + UInt16(flg)) % 31 == 0, flg & 0x20 == 0 else {
            throw Failure.message("bad zlib header")
        }
        var position = 2
        var payload: [UInt8] = []
        var lengths: [Int] = []
        while true {
            guard position + 5 <= stream.count else { throw Failure.message("truncated block header") }
            let header = stream[position]
            guard (header >> 1) & 0x03 == 0 else { throw Failure.message("block is not stored") }
            let length = Int(stream[position + 1]) | Int(stream[position + 2]) << 8
            let complement = Int(stream[position + 3]) | Int(stream[position + 4]) << 8
            guard length ^ complement == 0xFFFF else { throw Failure.message("LEN/NLEN mismatch") }
            position += 5
            guard position + length <= stream.count else { throw Failure.message("truncated block") }
            payload += stream[position..<(position + length)]
            lengths.append(length)
            position += length
            if header & 1 == 1 { break }
        }
        guard position + 4 == stream.count else { throw Failure.message("bad stream end") }
        guard bigEndian(stream, position) == referenceAdler32(payload) else {
            throw Failure.message("Adler-32 mismatch")
        }
        return (payload, lengths)
    }

    /// Bit-at-a-time CRC-32 (reflected 0xEDB88320), independent of the module's table version.
    static func referenceCRC32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
        }
        return ~crc
    }

    /// Straightforward Adler-32 with a reduction after every byte.
    static func referenceAdler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    static func bigEndian(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }
}
