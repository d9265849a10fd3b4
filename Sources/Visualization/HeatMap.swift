import Foundation

/// Renders a 2D scalar field as a PNG heat map with a colour bar and bitmap-font labels.
///
/// The field is row-major: `values[row * width + column]`, `width` columns by `height` rows.
/// Column 0 is drawn on the left. By default (``RowOrder/firstRowAtBottom``) row 0 is drawn at
/// the bottom, so y increases upward as in an (x, t) or (x, y) plot; choose
/// ``RowOrder/firstRowAtTop`` for image-style output. `xExtent`/`yExtent` give the coordinates of
/// the left/right and first-row/last-row edges of the drawn field and switch on the axis ticks.
///
/// ```swift
/// let png = try HeatMap(values: u, width: 512, height: 201,
///                       xExtent: -1...1, yExtent: 0...1, title: "U(X, T)").pngData()
/// ```
///
/// Each cell becomes a `scale` x `scale` block of pixels (nearest neighbour). NaN cells are drawn
/// grey (``ColorMap/nanColor``); infinite values take the end colours of the map.
public struct HeatMap: Sendable {
    /// Which data row is drawn at the top of the image.
    public enum RowOrder: Sendable, Equatable {
        /// Row 0 at the bottom, last row at the top: y increases upward (the default).
        case firstRowAtBottom
        /// Row 0 at the top, like an image or a printed matrix: y increases downward.
        case firstRowAtTop
    }

    /// How the values are mapped onto the colour map.
    public enum ValueRange: Sendable, Equatable {
        /// From the smallest to the largest finite value (NaN and infinities are ignored).
        case automatic
        /// `-m...m` where `m` is the largest finite magnitude; pairs well with a diverging map.
        case symmetric
        /// A fixed range; values outside it take the end colours.
        case fixed(ClosedRange<Double>)
    }

    /// Field values, row-major, `width * height` of them.
    public var values: [Double]
    /// Number of columns.
    public var width: Int
    /// Number of rows.
    public var height: Int
    /// Coordinates of the left and right edges of the field; `nil` draws no x ticks.
    public var xExtent: ClosedRange<Double>?
    /// Coordinates of the first-row and last-row edges of the field; `nil` draws no y ticks.
    public var yExtent: ClosedRange<Double>?
    /// Title drawn above the plot, or `nil` for none.
    public var title: String?
    /// Label under the x axis, or `nil` for none.
    public var xLabel: String?
    /// Label left of the y axis (drawn vertically), or `nil` for none.
    public var yLabel: String?
    /// Colour map for the field and the colour bar.
    public var colorMap: ColorMap
    /// Value range mapped onto the colour map.
    public var valueRange: ValueRange
    /// Pixels per cell along each axis (nearest-neighbour upscaling); must be at least 1.
    public var scale: Int
    /// Which data row is drawn at the top.
    public var rowOrder: RowOrder
    /// Pixel size of one font pixel for tick labels and axis labels.
    public var labelScale: Int
    /// Pixel size of one font pixel for the title.
    public var titleScale: Int

    /// Creates a heat map description; nothing is validated or drawn until rendering.
    public init(
        values: [Double], width: Int, height: Int,
        xExtent: ClosedRange<Double>? = nil, yExtent: ClosedRange<Double>? = nil,
        title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
        colorMap: ColorMap = .viridis, valueRange: ValueRange = .automatic,
        scale: Int = 1, rowOrder: RowOrder = .firstRowAtBottom,
        labelScale: Int = 1, titleScale: Int = 2
    ) {
        self.values = values
        self.width = width
        self.height = height
        self.xExtent = xExtent
        self.yExtent = yExtent
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.colorMap = colorMap
        self.valueRange = valueRange
        self.scale = scale
        self.rowOrder = rowOrder
        self.labelScale = labelScale
        self.titleScale = titleScale
    }

    /// The value range actually used for colouring, always with lower < upper.
    ///
    /// Automatic ranges ignore NaN and infinities; an all-NaN field gives `0...1`, and a constant
    /// field `c` gives `c - d ... c + d` with `d = 0.1 * |c|` (or 1 when `c` is zero).
    public func resolvedValueRange() -> ClosedRange<Double> {
        switch valueRange {
        case let .fixed(range):
            return Self.widened(range.lowerBound, range.upperBound)
        case .automatic:
            var low = Double.infinity
            var high = -Double.infinity
            for value in values where value.isFinite {
                low = min(low, value)
                high = max(high, value)
            }
            guard low <= high else { return 0...1 }
            return Self.widened(low, high)
        case .symmetric:
            var magnitude = 0.0
            for value in values where value.isFinite { magnitude = max(magnitude, abs(value)) }
            return magnitude > 0 ? -magnitude...magnitude : -1...1
        }
    }

    /// Computes where everything goes; the image size is `layout().imageWidth` x `imageHeight`.
    ///
    /// - Throws: ``VisualizationError`` for non-positive sizes or scales, a value count other than
    ///   `width * height`, a scaled field over 32,768 pixels per side, or non-finite extents or range.
    public func layout() throws -> HeatMapLayout {
        try validate()
        return HeatMapLayout(for: self, valueRange: resolvedValueRange())
    }

    /// Draws the heat map into a new image.
    public func render() throws -> RGBImage {
        let layout = try layout()
        var image = try RGBImage(width: layout.imageWidth, height: layout.imageHeight)
        draw(into: &image, layout: layout)
        return image
    }

    /// The rendered heat map encoded as PNG.
    public func pngData() throws -> Data {
        try render().pngData()
    }

    /// Renders the heat map and writes it as a PNG file, atomically replacing any existing file.
    public func write(to url: URL) throws {
        try render().write(to: url)
    }

    /// The value of the cell at `column`, `row` (row 0 is the first data row).
    func value(column: Int, row: Int) -> Double {
        values[row * width + column]
    }

    private func validate() throws {
        guard width > 0, height > 0 else {
            throw VisualizationError.invalidDimensions(width: width, height: height)
        }
        let (cells, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, values.count == cells else {
            throw VisualizationError.elementCountMismatch(expected: overflow ? Int.max : cells, actual: values.count)
        }
        guard scale >= 1, labelScale >= 1, titleScale >= 1 else {
            throw VisualizationError.invalidOption("scale, labelScale and titleScale must be at least 1")
        }
        let (pixelsWide, wideOverflow) = width.multipliedReportingOverflow(by: scale)
        let (pixelsHigh, highOverflow) = height.multipliedReportingOverflow(by: scale)
        guard !wideOverflow, !highOverflow, pixelsWide <= 1 << 15, pixelsHigh <= 1 << 15 else {
            throw VisualizationError.invalidOption("the scaled field must be at most 32768 pixels per side")
        }
        for (name, extent) in [("xExtent", xExtent), ("yExtent", yExtent)] {
            if let extent, !(extent.lowerBound.isFinite && extent.upperBound.isFinite) {
                throw VisualizationError.invalidOption("\(name) must be finite")
            }
        }
        if case let .fixed(range) = valueRange, !(range.lowerBound.isFinite && range.upperBound.isFinite) {
            throw VisualizationError.invalidOption("a fixed value range must be finite")
        }
    }

    private static func widened(_ low: Double, _ high: Double) -> ClosedRange<Double> {
        if low < high { return low...high }
        let delta = low == 0 ? 1 : 0.1 * abs(low)
        return (low - delta)...(low + delta)
    }
}
