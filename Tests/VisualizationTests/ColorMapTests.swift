import Visualization
import XCTest

final class ColorMapTests: XCTestCase {
    private func assertClose(
        _ color: RGBColor, _ expected: RGBColor, tolerance: Int = 1, file: StaticString = #filePath, line: UInt = #line
    ) {
        let pairs = [(color.red, expected.red), (color.green, expected.green), (color.blue, expected.blue)]
        for (actual, wanted) in pairs {
            XCTAssertLessThanOrEqual(
                abs(Int(actual) - Int(wanted)), tolerance, "\(color) vs \(expected)", file: file, line: line)
        }
    }

    func testViridisPublishedEndpoints() {
        assertClose(ColorMap.viridis.color(at: 0), RGBColor(hex: 0x440154))
        assertClose(ColorMap.viridis.color(at: 1), RGBColor(hex: 0xFDE725))
    }

    func testViridisMidpointAndQuartiles() {
        // Published viridis samples (matplotlib / viridisLite).
        assertClose(ColorMap.viridis.color(at: 0.5), RGBColor(hex: 0x21918C), tolerance: 2)
        assertClose(ColorMap.viridis.color(at: 0.25), RGBColor(hex: 0x3B528B), tolerance: 2)
        assertClose(ColorMap.viridis.color(at: 0.75), RGBColor(hex: 0x5EC962), tolerance: 2)
    }

    func testClampingAndNaN() {
        for map in [ColorMap.viridis, .blueWhiteRed, .grayscale] {
            XCTAssertEqual(map.color(at: -3), map.color(at: 0), map.name)
            XCTAssertEqual(map.color(at: 7), map.color(at: 1), map.name)
            XCTAssertEqual(map.color(at: -.infinity), map.color(at: 0), map.name)
            XCTAssertEqual(map.color(at: .infinity), map.color(at: 1), map.name)
            XCTAssertEqual(map.color(at: .nan), ColorMap.nanColor, map.name)
            XCTAssertEqual(map.color(for: .nan, in: 0...1), ColorMap.nanColor, map.name)
        }
        XCTAssertEqual(ColorMap.nanColor, RGBColor(red: 128, green: 128, blue: 128))
    }

    func testViridisLightnessIncreases() {
        // A perceptual sequential map gets monotonically lighter.
        func luma(_ c: RGBColor) -> Double {
            0.2126 * Double(c.red) + 0.7152 * Double(c.green) + 0.0722 * Double(c.blue)
        }
        var previous = -1.0
        for step in 0...100 {
            let value = luma(ColorMap.viridis.color(at: Double(step) / 100))
            XCTAssertGreaterThanOrEqual(value, previous - 0.5)
            previous = value
        }
    }

    func testDivergingMap() {
        let map = ColorMap.blueWhiteRed
        let middle = map.color(at: 0.5)
        XCTAssertGreaterThan(Int(middle.red), 240)
        XCTAssertGreaterThan(Int(middle.green), 240)
        XCTAssertGreaterThan(Int(middle.blue), 240)
        let low = map.color(for: -1, in: -1...1)
        let high = map.color(for: 1, in: -1...1)
        XCTAssertGreaterThan(low.blue, low.red)
        XCTAssertGreaterThan(high.red, high.blue)
        XCTAssertEqual(map.color(for: 0, in: -2...2), middle)
    }

    func testRangeMappingAndReversal() {
        let map = ColorMap.grayscale
        XCTAssertEqual(map.color(for: 10, in: 10...20), .black)
        XCTAssertEqual(map.color(for: 20, in: 10...20), .white)
        XCTAssertEqual(map.color(for: 15, in: 10...20), RGBColor(red: 128, green: 128, blue: 128))
        XCTAssertEqual(map.color(for: 3, in: 5...5), map.color(at: 0.5))
        XCTAssertEqual(map.reversed.color(at: 0), .white)
    }

    func testHexHelpers() {
        XCTAssertEqual(RGBColor(hex: 0x440154).hexString, "#440154")
        XCTAssertEqual(RGBColor(unitRed: 2, green: -1, blue: .nan), RGBColor(red: 255, green: 0, blue: 0))
    }
}
