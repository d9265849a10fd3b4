import Foundation

/// An SVG line plot of one or more named (x, y) series, with axes, ticks, legend and title.
///
/// The y axis (and optionally the x axis) can be logarithmic, which suits loss curves: on a log
/// axis non-positive values are skipped. NaN and infinite points are skipped too; the line is
/// broken where points are skipped, and isolated points are drawn as dots. An empty plot or empty
/// series still produce a valid document. All text is XML-escaped.
///
/// ```swift
/// var plot = LinePlot(title: "Training loss", xLabel: "epoch", yLabel: "loss", yScale: .log10)
/// plot.addSeries("PDE residual", y: residualLoss)
/// plot.addSeries("boundary", x: epochs, y: boundaryLoss)
/// try plot.write(to: URL(fileURLWithPath: "loss.svg"))
/// ```
public struct LinePlot: Sendable {
    /// One named curve.
    public struct Series: Sendable, Equatable {
        /// Name shown in the legend.
        public var name: String
        /// X coordinates.
        public var x: [Double]
        /// Y coordinates; pairs beyond the shorter of `x` and `y` are ignored.
        public var y: [Double]
        /// Line colour, or `nil` to take the next colour of ``LinePlot/palette``.
        public var color: RGBColor?

        /// Creates a series.
        public init(name: String, x: [Double], y: [Double], color: RGBColor? = nil) {
            self.name = name
            self.x = x
            self.y = y
            self.color = color
        }
    }

    /// The default line colours, used in order (matplotlib's "tab10" cycle).
    public static let palette: [RGBColor] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
    ].map { RGBColor(hex: $0) }

    /// The curves, drawn in order.
    public var series: [Series]
    /// Title above the plot, or `nil`.
    public var title: String?
    /// Label under the x axis, or `nil`.
    public var xLabel: String?
    /// Label beside the y axis, or `nil`.
    public var yLabel: String?
    /// Scale of the x axis.
    public var xScale: AxisScale
    /// Scale of the y axis.
    public var yScale: AxisScale
    /// Fixed x range, or `nil` to fit the data (a non-positive bound is ignored on a log axis).
    public var xRange: ClosedRange<Double>?
    /// Fixed y range, or `nil` to fit the data, rounded out to ticks (whole decades on log axes).
    public var yRange: ClosedRange<Double>?
    /// Width of the SVG in pixels (at least 160).
    public var width: Int
    /// Height of the SVG in pixels (at least 120).
    public var height: Int
    /// Whether to draw the legend box (top right, inside the axes).
    public var showsLegend: Bool

    /// Creates an empty plot.
    public init(
        title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
        xScale: AxisScale = .linear, yScale: AxisScale = .linear,
        width: Int = 640, height: Int = 420, series: [Series] = []
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.width = width
        self.height = height
        self.series = series
        self.showsLegend = true
    }

    /// Appends a series with explicit x coordinates.
    public mutating func addSeries(_ name: String, x: [Double], y: [Double], color: RGBColor? = nil) {
        series.append(Series(name: name, x: x, y: y, color: color))
    }

    /// Appends a series whose x coordinates are 0, 1, 2, ... (e.g. a loss per epoch).
    public mutating func addSeries(_ name: String, y: [Double], color: RGBColor? = nil) {
        series.append(Series(name: name, x: y.indices.map(Double.init), y: y, color: color))
    }

    /// The plot as a standalone SVG document.
    public func svgString() -> String {
        LinePlotSVGRenderer(plot: self).render()
    }

    /// Writes the SVG document as UTF-8, atomically replacing any existing file.
    public func write(to url: URL) throws {
        try AtomicFileWriter.write(svgString(), to: url)
    }
}
