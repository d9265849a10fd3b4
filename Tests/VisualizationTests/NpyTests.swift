import Foundation
import Visualization
import XCTest

final class NpyTests: XCTestCase {
    /// Builds a `.npy` file by hand so the reader is tested independently of the writer.
    private func handMadeNpy(
        header: String, payload: [UInt8], major: UInt8 = 1, pad: Bool = true
    ) -> Data {
        let prefixLength = major == 1 ? 10 : 12
        var text = header
        if pad {
            let total = (prefixLength + text.utf8.count + 1 + 63) / 64 * 64
            text += String(repeating: " ", count: total - prefixLength - text.utf8.count - 1)
        }
        text += "\n"
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, major, 0])
        let length = text.utf8.count
        let lengthBytes = major == 1 ? 2 : 4
        for index in 0..<lengthBytes { data.append(UInt8((length >> (8 * index)) & 0xFF)) }
        data.append(contentsOf: Array(text.utf8))
        data.append(contentsOf: payload)
        return data
    }

    private func littleEndianBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value -> [UInt8] in
            let bits = value.bitPattern
            return (0..<4).map { UInt8((bits >> (8 * $0)) & 0xFF) }
        }
    }

    private func littleEndianBytes(_ values: [Double]) -> [UInt8] {
        values.flatMap { value -> [UInt8] in
            let bits = value.bitPattern
            return (0..<8).map { UInt8((bits >> UInt64(8 * $0)) & 0xFF) }
        }
    }

    func testRoundTripIsBitwiseExact() throws {
        let subnormal = -Double.leastNormalMagnitude / 3
        let values: [Double] = [0, -0.0, 1.5, subnormal, .pi, .infinity, -.infinity, .nan, 1e300, 0.1]
            + (0..<14).map { Double($0) / 7 }
        let shape = [2, 3, 4]
        let array = try NpyReader.decode(try NpyWriter.encode(values, shape: shape))
        XCTAssertEqual(array.shape, shape)
        XCTAssertEqual(array.values.map(\.bitPattern), values.map(\.bitPattern))
    }

    func testHeaderLayout() throws {
        for shape in [[], [5], [3, 4], [1, 2, 3, 4, 5, 6, 7], [123_456, 0]] {
            let count = shape.reduce(1, *)
            let data = try NpyWriter.encode([Double](repeating: 1, count: count), shape: shape)
            let bytes = [UInt8](data)
            XCTAssertEqual(Array(bytes[0..<6]), NpyWriter.magic)
            XCTAssertEqual(bytes[6], 1)
            XCTAssertEqual(bytes[7], 0)
            let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            XCTAssertEqual((10 + headerLength) % 64, 0, "shape \(shape)")
            XCTAssertEqual(bytes[10 + headerLength - 1], UInt8(ascii: "\n"))
            XCTAssertEqual(data.count, 10 + headerLength + 8 * count)
            let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
            XCTAssertTrue(header.hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': ("), header)
            XCTAssertEqual(try NpyReader.decode(data).shape, shape)
        }
        let vector = String(decoding: try NpyWriter.encode([1, 2], shape: [2]), as: UTF8.self)
        XCTAssertTrue(vector.contains("'shape': (2,)"))
        let scalar = String(decoding: try NpyWriter.encode([1], shape: []), as: UTF8.self)
        XCTAssertTrue(scalar.contains("'shape': ()"))
    }

    func testWriterRejectsBadShapes() {
        XCTAssertThrowsError(try NpyWriter.encode([1, 2, 3], shape: [2, 2])) { error in
            XCTAssertEqual(error as? NpyError, .valueCountMismatch(expected: 4, actual: 3))
        }
        XCTAssertThrowsError(try NpyWriter.encode([], shape: [-1])) { error in
            XCTAssertEqual(error as? NpyError, .invalidShape([-1]))
        }
    }

    func testReadsFloat32AndVersion2() throws {
        let floats: [Float] = [0.5, -1.25, 3.0e-3, 7]
        let f4 = handMadeNpy(
            header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", payload: littleEndianBytes(floats))
        let array = try NpyReader.decode(f4)
        XCTAssertEqual(array.shape, [2, 2])
        XCTAssertEqual(array.values, floats.map(Double.init))

        let doubles: [Double] = [1, 2, 3]
        let version2 = handMadeNpy(
            header: "{\"descr\":\"<f8\",\"fortran_order\":False,\"shape\":(3L,)}", payload: littleEndianBytes(doubles),
            major: 2, pad: false)
        XCTAssertEqual(try NpyReader.decode(version2), NpyArray(shape: [3], values: doubles))
    }

    func testReadsSlicedData() throws {
        // Data slices do not start at index 0; the reader must cope.
        let file = try NpyWriter.encode([4, 5], shape: [2])
        let padded = Data([0xAA, 0xBB]) + file
        let slice = padded[2...]
        XCTAssertEqual(try NpyReader.decode(slice).values, [4, 5])
    }

    func testRejectsUnsupportedAndMalformedFiles() throws {
        let eight = littleEndianBytes([1.0])
        let cases: [(Data, NpyError)] = [
            (Data("not numpy at all".utf8), .invalidMagic),
            (Data([0x93, 0x4E, 0x55]), .invalidMagic),
            (handMadeNpy(header: "{'descr': '<f8', 'fortran_order': True, 'shape': (1,), }", payload: eight),
             .fortranOrderUnsupported),
            (handMadeNpy(header: "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", payload: eight),
             .unsupportedDtype("<i8")),
            (handMadeNpy(header: "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", payload: eight),
             .unsupportedDtype(">f8")),
            (handMadeNpy(header: "{'descr': '<f8', 'fortran_order': False, }", payload: eight),
             .missingKey("shape")),
            (handMadeNpy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", payload: eight),
             .truncated(expectedBytes: 128 + 16, availableBytes: 128 + 8)),
            (handMadeNpy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", payload: eight + eight),
             .trailingBytes(count: 8)),
            (handMadeNpy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", payload: []),
             .invalidShape([-1])),
            (handMadeNpy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", payload: eight, major: 4),
             .unsupportedVersion(major: 4, minor: 0)),
        ]
        for (data, expected) in cases {
            XCTAssertThrowsError(try NpyReader.decode(data)) { error in
                XCTAssertEqual(error as? NpyError, expected)
            }
        }
        for broken in ["{'descr': '<f8', 'fortran_order': False, 'shape': (1,)", "descr", "{'descr': <f8}", "{'a' 1}"] {
            XCTAssertThrowsError(try NpyReader.decode(handMadeNpy(header: broken, payload: eight))) { error in
                guard case .malformedHeader = error as? NpyError else { return XCTFail("\(error)") }
                XCTAssertFalse("\(error)".isEmpty)
            }
        }
        // A header length pointing past the end of the file.
        var truncatedHeader = [UInt8](try NpyWriter.encode([1], shape: [1]))
        truncatedHeader.removeLast(100)
        XCTAssertThrowsError(try NpyReader.decode(Data(truncatedHeader))) { error in
            guard case .truncated = error as? NpyError else { return XCTFail("\(error)") }
        }
    }

    func testFileRoundTripAndErrorsAreDescriptive() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("field.npy")
        let values = (0..<12).map { sin(Double($0)) }
        try NpyWriter.write(NpyArray(shape: [3, 4], values: values), to: url)
        try NpyWriter.write(values, shape: [4, 3], to: url)
        let array = try NpyReader.read(from: url)
        XCTAssertEqual(array.shape, [4, 3])
        XCTAssertEqual(array.values, values)
        XCTAssertEqual(try directory.contents(), ["field.npy"])

        XCTAssertThrowsError(try NpyReader.read(from: directory.url.appendingPathComponent("absent.npy"))) { error in
            guard case .ioFailure = error as? NpyError else { return XCTFail("\(error)") }
        }
        XCTAssertTrue(NpyError.fortranOrderUnsupported.description.contains("fortran_order"))
        XCTAssertTrue(NpyError.unsupportedDtype("<i4").description.contains("<i4"))
    }
}
