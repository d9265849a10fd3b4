import Foundation
import Visualization
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Collects what the tests need from an SVG document while checking that it is well-formed XML.
private final class SVGInspector: NSObject, XMLParserDelegate {
    var yTickValues: [Double] = []
    var xTickValues: [Double] = []
    var titleText = ""
    var pathData: [String] = []
    var elementCount = 0
    private var insideTitle = false

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        elementCount += 1
        if elementName == "g", let value = attributeDict["data-value"].flatMap(Double.init) {
            if attributeDict["class"] == "tick y-tick" { yTickValues.append(value) }
            if attributeDict["class"] == "tick x-tick" { xTickValues.append(value) }
        }
        if elementName == "text", attributeDict["class"] == "title" { insideTitle = true }
        if elementName == "path", let d = attributeDict["d"] { pathData.append(d) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if insideTitle { titleText += string }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        if elementName == "text" { insideTitle = false }
    }

    /// Parses `svg`; fails the test if it is not well-formed.
    static func inspect(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> SVGInspector {
        let inspector = SVGInspector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = inspector
        let ok = parser.parse()
        XCTAssertTrue(ok, "SVG is not well-formed: \(String(describing: parser.parserError))", file: file, line: line)
        return inspector
    }
}

final class LinePlotTests: XCTestCase {
    func testLogAxisTicksArePowersOfTen() {
        var plot = LinePlot(title: "loss", xLabel: "epoch", yLabel: "loss", yScale: .log10)
        plot.addSeries("train", y: (0..<300).map { 2.0 * exp(-Double($0) / 25) })
        let inspector = SVGInspector.inspect(plot.svgString())
        XCTAssertGreaterThanOrEqual(inspector.yTickValues.count, 3)
        for value in inspector.yTickValues {
            let exponent = log10(value).rounded()
            XCTAssertEqual(value, pow(10, exponent), accuracy: value * 1e-12, "\(value) is not a power of ten")
        }
        // The axis covers the data: 2 down to about 1.2e-5.
        XCTAssertEqual(inspector.yTickValues.max(), 10)
        XCTAssertLessThanOrEqual(inspector.yTickValues.min() ?? 1, 1e-5)
    }

    func testLogAxisSkipsNonPositiveValuesAndNaN() {
        var plot = LinePlot(yScale: .log10)
        plot.addSeries("mixed", x: [0, 1, 2, 3, 4, 5], y: [1, 0.1, 0, -2, .nan, 0.01])
        let svg = plot.svgString()
        let inspector = SVGInspector.inspect(svg)
        XCTAssertFalse(svg.lowercased().contains("nan"))
        XCTAssertFalse(svg.lowercased().contains("inf"))
        // Two points form a line; the isolated last point becomes a dot.
        XCTAssertEqual(inspector.pathData.count, 1)
        XCTAssertEqual(inspector.pathData.first?.filter { $0 == "M" || $0 == "L" }.count, 2)
        XCTAssertTrue(svg.contains("<circle"))
    }

    func testLinearTicksAreNiceAndCoverTheData() {
        var plot = LinePlot()
        plot.addSeries("u", x: [0, 0.5, 1], y: [-0.3, 0.8, 0.2])
        let inspector = SVGInspector.inspect(plot.svgString())
        XCTAssertEqual(inspector.xTickValues, [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        XCTAssertLessThanOrEqual(inspector.yTickValues.min() ?? 0, -0.3)
        XCTAssertGreaterThanOrEqual(inspector.yTickValues.max() ?? 0, 0.8)
    }

    func testTextIsEscaped() {
        var plot = LinePlot(title: "a < b & \"c\" > 'd'", xLabel: "<x>", yLabel: "&")
        plot.addSeries("</text><script>", y: [1, 2])
        let svg = plot.svgString()
        XCTAssertFalse(svg.contains("<script>"))
        let inspector = SVGInspector.inspect(svg)
        XCTAssertEqual(inspector.titleText, "a < b & \"c\" > 'd'")
    }

    func testEmptyAndDegenerateInputsProduceValidSVG() {
        let empty = LinePlot(title: "nothing")
        _ = SVGInspector.inspect(empty.svgString())

        var degenerate = LinePlot(yScale: .log10)
        degenerate.addSeries("none", y: [])
        degenerate.addSeries("all nan", y: [.nan, .nan])
        degenerate.addSeries("constant", y: [3, 3, 3])
        degenerate.addSeries("ragged", x: [1, 2, 3], y: [1])
        degenerate.addSeries("infinite", x: [.infinity, 1], y: [1, .infinity])
        _ = SVGInspector.inspect(degenerate.svgString())

        var linear = LinePlot(width: 10, height: 10)
        linear.addSeries("single", y: [5])
        let inspector = SVGInspector.inspect(linear.svgString())
        XCTAssertGreaterThan(inspector.elementCount, 5)
    }

    func testWriteProducesTheSameDocument() throws {
        var plot = LinePlot(title: "T")
        plot.addSeries("s", y: [1, 4, 9])
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("plot.svg")
        try plot.write(to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), plot.svgString())
    }

    func testAxisTicksHelpers() {
        XCTAssertEqual(AxisTicks.linear(lower: 0, upper: 1, maxCount: 6), [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        XCTAssertEqual(AxisTicks.linear(lower: -7, upper: 23, maxCount: 4), [0, 10, 20])
        XCTAssertEqual(AxisTicks.linear(lower: -4e7, upper: 9e7, maxCount: 5), [-2.5e7, 0, 2.5e7, 5e7, 7.5e7])
        XCTAssertEqual(AxisTicks.linear(lower: 0, upper: 0.3, maxCount: 4), [0, 0.1, 0.2, 0.3])
        XCTAssertTrue(AxisTicks.linear(lower: -1, upper: 1, maxCount: 5).contains(0))
        XCTAssertEqual(AxisTicks.log10Decades(lower: 3e-4, upper: 2), [1e-4, 1e-3, 1e-2, 1e-1, 1, 10])
        let sparse = AxisTicks.log10Decades(lower: 1e-12, upper: 1, maxCount: 5)
        XCTAssertLessThanOrEqual(sparse.count, 5)
        XCTAssertTrue(sparse.allSatisfy { pow(10, log10($0).rounded()) == $0 })
        XCTAssertEqual(AxisTicks.log10Decades(lower: -1, upper: 1), [])
        for maxCount in 2...10 {
            XCTAssertLessThanOrEqual(AxisTicks.linear(lower: 0.013, upper: 97.2, maxCount: maxCount).count, maxCount)
        }
    }
}
