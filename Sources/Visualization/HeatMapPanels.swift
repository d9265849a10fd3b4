import Foundation

/// Several ``HeatMap`` panels placed side by side in one PNG, each with its own colour bar and title.
///
/// Panels are top-aligned, left to right, separated by `spacing` pixels of background.
///
/// ```swift
/// try HeatMapPanels([predictionMap, referenceMap, errorMap]).write(to: url)
/// // or, for the usual prediction | reference | |error| figure:
/// try HeatMapPanels.comparison(prediction: u, reference: exact, width: 256, height: 100,
///                              xExtent: -1...1, yExtent: 0...1).write(to: url)
/// ```
public struct HeatMapPanels: Sendable {
    /// The panels, drawn left to right.
    public var panels: [HeatMap]
    /// Horizontal gap between panels in pixels.
    public var spacing: Int
    /// Colour of the gaps and of the area below shorter panels.
    public var background: RGBColor

    /// Creates a row of panels.
    public init(_ panels: [HeatMap], spacing: Int = 16, background: RGBColor = .white) {
        self.panels = panels
        self.spacing = spacing
        self.background = background
    }

    /// The usual three-panel figure for a learned solution: prediction | reference | error.
    ///
    /// Prediction and reference share one automatic colour range so they are directly comparable.
    /// The third panel shows `|prediction - reference|` with viridis, or, when `signedError` is
    /// true, `prediction - reference` with ``ColorMap/blueWhiteRed`` over a range symmetric about 0.
    ///
    /// - Throws: ``VisualizationError/elementCountMismatch(expected:actual:)`` when either array does
    ///   not hold `width * height` values.
    public static func comparison(
        prediction: [Double], reference: [Double], width: Int, height: Int,
        xExtent: ClosedRange<Double>? = nil, yExtent: ClosedRange<Double>? = nil,
        xLabel: String? = nil, yLabel: String? = nil,
        scale: Int = 1, rowOrder: HeatMap.RowOrder = .firstRowAtBottom, signedError: Bool = false
    ) throws -> HeatMapPanels {
        guard width > 0, height > 0 else {
            throw VisualizationError.invalidDimensions(width: width, height: height)
        }
        for field in [prediction, reference] where field.count != width * height {
            throw VisualizationError.elementCountMismatch(expected: width * height, actual: field.count)
        }
        let shared = HeatMap(values: prediction + reference, width: 1, height: 2 * width * height)
            .resolvedValueRange()
        let error = zip(prediction, reference).map { signedError ? $0 - $1 : abs($0 - $1) }

        func panel(_ values: [Double], _ title: String, _ map: ColorMap, _ range: HeatMap.ValueRange) -> HeatMap {
            HeatMap(
                values: values, width: width, height: height, xExtent: xExtent, yExtent: yExtent,
                title: title, xLabel: xLabel, yLabel: yLabel, colorMap: map, valueRange: range,
                scale: scale, rowOrder: rowOrder)
        }
        return HeatMapPanels([
            panel(prediction, "PREDICTION", .viridis, .fixed(shared)),
            panel(reference, "REFERENCE", .viridis, .fixed(shared)),
            signedError
                ? panel(error, "ERROR", .blueWhiteRed, .symmetric)
                : panel(error, "|ERROR|", .viridis, .automatic),
        ])
    }

    /// Draws all panels into one image.
    ///
    /// - Throws: ``VisualizationError`` when there are no panels, `spacing` is negative, or a
    ///   panel cannot be rendered.
    public func render() throws -> RGBImage {
        guard !panels.isEmpty else { throw VisualizationError.invalidOption("no panels to draw") }
        guard spacing >= 0 else { throw VisualizationError.invalidOption("spacing must not be negative") }
        let images = try panels.map { try $0.render() }
        let totalWidth = images.reduce(0) { $0 + $1.width } + spacing * (images.count - 1)
        let totalHeight = images.map(\.height).max() ?? 1
        var canvas = try RGBImage(width: totalWidth, height: totalHeight, background: background)
        var x = 0
        for image in images {
            canvas.draw(image, atX: x, y: 0)
            x += image.width + spacing
        }
        return canvas
    }

    /// The rendered panels encoded as PNG.
    public func pngData() throws -> Data {
        try render().pngData()
    }

    /// Renders the panels and writes them as a PNG file, atomically replacing any existing file.
    public func write(to url: URL) throws {
        try render().write(to: url)
    }
}
