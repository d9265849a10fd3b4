import Foundation
import Visualization
import XCTest

final class PNGEncoderTests: XCTestCase {
    /// A deterministic test pattern of `width * height` RGB pixels.
    private func pattern(width: Int, height: Int) -> [UInt8] {
        var rgb: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                rgb += [UInt8(x % 256), UInt8(y % 256), UInt8((x * 7 + y * 13) % 256)]
            }
        }
        return rgb
    }

    func testSignatureHeaderAndChecksums() throws {
        let rgb = pattern(width: 7, height: 5)
        let png = try PNGEncoder.encode(width: 7, height: 5, rgb: rgb)
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        XCTAssertEqual(Array(png.prefix(8)), PNGEncoder.signature)

        let decoded = try PNGTestDecoder(png)
        XCTAssertEqual(decoded.width, 7)
        XCTAssertEqual(decoded.height, 5)
        XCTAssertEqual(decoded.bitDepth, 8)
        XCTAssertEqual(decoded.colorType, 2)
        XCTAssertEqual(decoded.compressionMethod, 0)
        XCTAssertEqual(decoded.filterMethod, 0)
        XCTAssertEqual(decoded.interlaceMethod, 0)
        for chunk in decoded.chunks {
            let recomputed = PNGTestDecoder.referenceCRC32(Array(chunk.type.utf8) + chunk.data)
            XCTAssertEqual(chunk.storedCRC, recomputed, "CRC of \(chunk.type)")
        }
        XCTAssertEqual(decoded.rgb, rgb)
    }

    func testMultipleStoredBlocksRoundTrip() throws {
        // 300 x 200 RGB is 180,200 bytes of scanlines: several 65,535-byte stored blocks.
        let rgb = pattern(width: 300, height: 200)
        let decoded = try PNGTestDecoder(try PNGEncoder.encode(width: 300, height: 200, rgb: rgb))
        XCTAssertEqual(decoded.rgb, rgb)
        XCTAssertGreaterThan(decoded.storedBlockLengths.count, 2)
        XCTAssertTrue(decoded.storedBlockLengths.allSatisfy { $0 <= PNGEncoder.maxStoredBlockLength })
        XCTAssertEqual(decoded.storedBlockLengths.dropLast().first, 65_535)
    }

    func testSinglePixelImage() throws {
        let decoded = try PNGTestDecoder(try PNGEncoder.encode(width: 1, height: 1, rgb: [1, 2, 3]))
        XCTAssertEqual(decoded.rgb, [1, 2, 3])
        XCTAssertEqual(decoded.storedBlockLengths, [4])
    }

    func testExactlyOneFullBlock() throws {
        // Width 1 gives 4 scanline bytes per row (filter byte + RGB), so 16,384 rows give
        // 65,536 bytes: one full stored block plus a final block of a single byte.
        let rgb = pattern(width: 1, height: 16_384)
        let decoded = try PNGTestDecoder(try PNGEncoder.encode(width: 1, height: 16_384, rgb: rgb))
        XCTAssertEqual(decoded.storedBlockLengths, [65_535, 1])
        XCTAssertEqual(decoded.rgb, rgb)
    }

    func testImageEncodingMatchesRawEncoding() throws {
        var image = try RGBImage(width: 4, height: 3, background: RGBColor(hex: 0x102030))
        image[2, 1] = RGBColor(hex: 0xFF0080)
        let viaImage = image.pngData()
        XCTAssertEqual(viaImage, PNGEncoder.encode(image))
        let decoded = try PNGTestDecoder(viaImage)
        XCTAssertEqual(decoded.pixel(2, 1), [0xFF, 0x00, 0x80])
        XCTAssertEqual(decoded.pixel(0, 0), [0x10, 0x20, 0x30])
    }

    func testInvalidInputThrows() {
        XCTAssertThrowsError(try PNGEncoder.encode(width: 0, height: 3, rgb: []))
        XCTAssertThrowsError(try PNGEncoder.encode(width: 2, height: 2, rgb: [0, 0, 0])) { error in
            XCTAssertEqual(error as? VisualizationError, .elementCountMismatch(expected: 12, actual: 3))
        }
        XCTAssertThrowsError(try RGBImage(width: -1, height: 1))
    }

    func testWriteCreatesReadablePNGFile() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("image.png")
        let image = try RGBImage(width: 3, height: 2, background: RGBColor(hex: 0xABCDEF))
        try image.write(to: url)
        let decoded = try PNGTestDecoder(try Data(contentsOf: url))
        XCTAssertEqual(decoded.pixel(2, 1), [0xAB, 0xCD, 0xEF])
    }
}
