import Visualization
import XCTest

final class ChecksumTests: XCTestCase {
    func testCRC32KnownVector() {
        XCTAssertEqual(Checksum.crc32(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(Checksum.crc32("123456789".utf8), 0xCBF4_3926)
    }

    func testAdler32KnownVector() {
        XCTAssertEqual(Checksum.adler32(Array("Wikipedia".utf8)), 0x11E6_0398)
    }

    func testEmptyInput() {
        XCTAssertEqual(Checksum.crc32([UInt8]()), 0)
        XCTAssertEqual(Checksum.adler32([UInt8]()), 1)
    }

    func testContinuingEqualsOneShot() {
        let bytes = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let split = 12_345
        let crcInPieces = Checksum.crc32(bytes[split...], continuing: Checksum.crc32(bytes[..<split]))
        XCTAssertEqual(crcInPieces, Checksum.crc32(bytes))
        let adlerInPieces = Checksum.adler32(bytes[split...], continuing: Checksum.adler32(bytes[..<split]))
        XCTAssertEqual(adlerInPieces, Checksum.adler32(bytes))
    }

    func testMatchesReferenceImplementationsOnLongInput() {
        // Long runs of 0xFF exercise the deferred modulo reduction in Adler-32.
        let bytes = [UInt8](repeating: 0xFF, count: 100_000) + (0..<5_000).map { UInt8($0 % 251) }
        XCTAssertEqual(Checksum.adler32(bytes), PNGTestDecoder.referenceAdler32(bytes))
        XCTAssertEqual(Checksum.crc32(bytes), PNGTestDecoder.referenceCRC32(bytes))
    }
}
