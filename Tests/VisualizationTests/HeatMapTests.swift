import Foundation
import Visualization
import XCTest

final class HeatMapTests: XCTestCase {
    /// A 3-column, 2-row field: row 0 is 0, 1, 2 and row 1 is 3, 4, 5.
    private let smallField: [Double] = [0, 1, 2, 3, 4, 5]

    func testPlotAreaFollowsFieldSizeAndScale() throws {
        for scale in [1, 3, 8] {
            let layout = try HeatMap(values: smallField, width: 3, height: 2, scale: scale).layout()
            XCTAssertEqual(layout.plot.width, 3 * scale)
            XCTAssertEqual(layout.plot.height, 2 * scale)
            XCTAssertEqual(layout.colorBar.height, layout.plot.height)
            XCTAssertGreaterThan(layout.colorBar.x, layout.plot.maxX)
            XCTAssertLessThanOrEqual(layout.colorBar.maxX, layout.imageWidth)
        }
    }

    func testImageDimensionsFollowOptions() throws {
        let values = (0..<(40 * 30)).map { Double($0) }
        let base = HeatMap(values: values, width: 40, height: 30, scale: 2)
        var doubled = base
        doubled.scale = 4
        let baseLayout = try base.layout()
        let doubledLayout = try doubled.layout()
        // Without axes or title the decorations do not depend on the scale.
        XCTAssertEqual(doubledLayout.imageWidth - baseLayout.imageWidth, 40 * 2)
        XCTAssertEqual(doubledLayout.imageHeight - baseLayout.imageHeight, 30 * 2)

        // The rendered image and the PNG header agree with the layout.
        var decorated = base
        decorated.title = "FIELD"
        decorated.xExtent = 0...1
        decorated.yExtent = -1...1
        decorated.xLabel = "X"
        decorated.yLabel = "T"
        let layout = try decorated.layout()
        let image = try decorated.render()
        XCTAssertEqual(image.width, layout.imageWidth)
        XCTAssertEqual(image.height, layout.imageHeight)
        let png = try PNGTestDecoder(try decorated.pngData())
        XCTAssertEqual(png.width, layout.imageWidth)
        XCTAssertEqual(png.height, layout.imageHeight)
        XCTAssertEqual(png.rgb, image.pixels)
        // A title adds height; axes add room on the left and below.
        XCTAssertGreaterThan(layout.imageHeight, baseLayout.imageHeight)
        XCTAssertGreaterThan(layout.plot.x, baseLayout.plot.x)
        XCTAssertGreaterThan(layout.plot.y, baseLayout.plot.y)
    }

    func testFirstRowAtBottomByDefault() throws {
        let map = HeatMap(values: smallField, width: 3, height: 2, scale: 4)
        let layout = try map.layout()
        let png = try PNGTestDecoder(try map.pngData())
        let range = layout.valueRange
        XCTAssertEqual(range, 0...5)
        for row in 0..<2 {
            for column in 0..<3 {
                let expected = ColorMap.viridis.color(for: smallField[row * 3 + column], in: range)
                // Row 0 is drawn at the bottom.
                let y = layout.plot.y + (1 - row) * 4 + 2
                let x = layout.plot.x + column * 4 + 1
                XCTAssertEqual(png.pixel(x, y), [expected.red, expected.green, expected.blue], "cell \(column),\(row)")
            }
        }
    }

    func testFirstRowAtTopOption() throws {
        let map = HeatMap(
            values: smallField, width: 3, height: 2, colorMap: .grayscale, scale: 2, rowOrder: .firstRowAtTop)
        let layout = try map.layout()
        let image = try map.render()
        XCTAssertEqual(image[layout.plot.x, layout.plot.y], .black)  // value 0, row 0, top left
        XCTAssertEqual(image[layout.plot.maxX - 1, layout.plot.maxY - 1], .white)  // value 5, bottom right
    }

    func testEveryPixelOfACellHasTheCellColour() throws {
        let map = HeatMap(
            values: smallField, width: 3, height: 2, colorMap: .grayscale, scale: 5, rowOrder: .firstRowAtTop)
        let layout = try map.layout()
        let image = try map.render()
        for dy in 0..<5 {
            for dx in 0..<5 {
                XCTAssertEqual(image[layout.plot.x + 5 + dx, layout.plot.y + dy], ColorMap.grayscale.color(at: 0.2))
            }
        }
    }

    func testNaNIsGreyAndIgnoredByAutomaticRange() throws {
        let values: [Double] = [.nan, 2, 4, .infinity]
        let map = HeatMap(values: values, width: 2, height: 2, rowOrder: .firstRowAtTop)
        XCTAssertEqual(map.resolvedValueRange(), 2...4)
        let layout = try map.layout()
        let image = try map.render()
        XCTAssertEqual(image[layout.plot.x, layout.plot.y], ColorMap.nanColor)
        XCTAssertEqual(image[layout.plot.x + 1, layout.plot.y + 1], ColorMap.viridis.color(at: 1))
    }

    func testValueRangeOptions() {
        let values: [Double] = [-1, 3]
        XCTAssertEqual(HeatMap(values: values, width: 2, height: 1).resolvedValueRange(), -1...3)
        let symmetric = HeatMap(values: values, width: 2, height: 1, valueRange: .symmetric)
        XCTAssertEqual(symmetric.resolvedValueRange(), -3...3)
        let fixed = HeatMap(values: values, width: 2, height: 1, valueRange: .fixed(0...10))
        XCTAssertEqual(fixed.resolvedValueRange(), 0...10)
        XCTAssertEqual(HeatMap(values: [.nan], width: 1, height: 1).resolvedValueRange(), 0...1)
        let constant = HeatMap(values: [2, 2], width: 2, height: 1).resolvedValueRange()
        XCTAssertLessThan(constant.lowerBound, 2)
        XCTAssertGreaterThan(constant.upperBound, 2)
    }

    func testColourBarRunsFromHighAtTopToLowAtBottom() throws {
        let map = HeatMap(values: smallField, width: 3, height: 2, colorMap: .grayscale, scale: 20)
        let layout = try map.layout()
        let image = try map.render()
        let bar = layout.colorBar
        XCTAssertEqual(image[bar.x + bar.width / 2, bar.y], .white)
        XCTAssertEqual(image[bar.x + bar.width / 2, bar.maxY - 1], .black)
    }

    func testInvalidInputThrows() {
        XCTAssertThrowsError(try HeatMap(values: [1, 2, 3], width: 2, height: 2).pngData()) { error in
            XCTAssertEqual(error as? VisualizationError, .elementCountMismatch(expected: 4, actual: 3))
        }
        XCTAssertThrowsError(try HeatMap(values: [], width: 0, height: 0).render())
        XCTAssertThrowsError(try HeatMap(values: [1], width: 1, height: 1, scale: 0).render())
        XCTAssertThrowsError(try HeatMap(values: [1], width: 1, height: 1, xExtent: 0...Double.infinity).render())
    }

    func testLargeFieldWithAllDecorations() throws {
        let width = 512
        let height = 201
        var values = [Double](repeating: 0, count: width * height)
        for row in 0..<height {
            for column in 0..<width {
                values[row * width + column] = sin(Double(column) / 40) * cos(Double(row) / 30) * 1e-4
            }
        }
        let map = HeatMap(
            values: values, width: width, height: height, xExtent: -1...1, yExtent: 0...1,
            title: "u(x, t) - Burgers", xLabel: "x", yLabel: "t")
        let png = try PNGTestDecoder(try map.pngData())
        let layout = try map.layout()
        XCTAssertEqual(png.width, layout.imageWidth)
        XCTAssertEqual(png.height, layout.imageHeight)
    }

    func testPanelsSideBySide() throws {
        let first = HeatMap(values: smallField, width: 3, height: 2, title: "A", scale: 10)
        let second = HeatMap(values: smallField, width: 3, height: 2, scale: 4)
        let panels = HeatMapPanels([first, second], spacing: 7)
        let image = try panels.render()
        let firstLayout = try first.layout()
        let secondLayout = try second.layout()
        XCTAssertEqual(image.width, firstLayout.imageWidth + 7 + secondLayout.imageWidth)
        XCTAssertEqual(image.height, max(firstLayout.imageHeight, secondLayout.imageHeight))
        // The second panel's field starts right after the first panel and the gap.
        let origin = firstLayout.imageWidth + 7 + secondLayout.plot.x
        let expected = ColorMap.viridis.color(for: 3, in: 0...5)  // row 1 is drawn on top
        XCTAssertEqual(image[origin, secondLayout.plot.y], expected)
        XCTAssertThrowsError(try HeatMapPanels([]).render())
    }

    func testComparisonPanelsWriteAFile() throws {
        let reference = smallField
        let prediction = smallField.map { $0 + 0.5 }
        let panels = try HeatMapPanels.comparison(
            prediction: prediction, reference: reference, width: 3, height: 2, xExtent: 0...1, yExtent: 0...1,
            scale: 10)
        XCTAssertEqual(panels.panels.count, 3)
        XCTAssertEqual(panels.panels[0].resolvedValueRange(), panels.panels[1].resolvedValueRange())
        XCTAssertEqual(panels.panels[2].values, [Double](repeating: 0.5, count: 6))

        let signed = try HeatMapPanels.comparison(
            prediction: prediction, reference: reference, width: 3, height: 2, signedError: true)
        XCTAssertEqual(signed.panels[2].resolvedValueRange(), -0.5...0.5)

        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("comparison.png")
        try panels.write(to: url)
        let png = try PNGTestDecoder(try Data(contentsOf: url))
        XCTAssertEqual(png.width, try panels.render().width)

        XCTAssertThrowsError(
            try HeatMapPanels.comparison(prediction: [1], reference: reference, width: 3, height: 2))
    }

    func testTextDrawingInksPixels() throws {
        var image = try RGBImage(width: 60, height: 20)
        image.drawText("1.5e-3", x: 2, y: 2, color: .black)
        XCTAssertTrue(image.pixels.contains(0))
        let size = RGBImage.textSize("1.5e-3")
        XCTAssertEqual(size.height, 7)
        XCTAssertGreaterThan(size.width, 20)
        XCTAssertEqual(RGBImage.textSize("AB", scale: 3).width, 3 * (5 + 1 + 5))
    }
}
