/// Pixel geometry of a rendered ``HeatMap``: image size, field area and colour bar.
///
/// Obtain one from ``HeatMap/layout()``. The field occupies exactly ``plot`` (its size is the
/// field size times the scale); a one-pixel black frame surrounds it and the colour bar.
public struct HeatMapLayout: Sendable, Equatable {
    /// A tick: its pixel position along the axis and its label.
    struct Tick: Sendable, Equatable {
        let position: Int
        let label: String
    }

    /// Width of the whole image in pixels.
    public let imageWidth: Int
    /// Height of the whole image in pixels.
    public let imageHeight: Int
    /// The pixels showing the field: `width * scale` by `height * scale`.
    public let plot: PixelRect
    /// The pixels showing the colour gradient (value range top to bottom: high to low).
    public let colorBar: PixelRect
    /// The value range shown by the colour bar.
    public let valueRange: ClosedRange<Double>

    let titleOrigin: (x: Int, y: Int)?
    let xTicks: [Tick]
    let yTicks: [Tick]
    let colorBarTicks: [Tick]
    let xLabelOrigin: (x: Int, y: Int)?
    let yLabelOrigin: (x: Int, y: Int)?
    /// Length of tick marks in pixels.
    static let tickLength = 4
    /// Gap between a tick mark and its label in pixels.
    static let labelGap = 3

    /// Lays out `heatMap`, which must already be validated.
    init(for heatMap: HeatMap, valueRange: ClosedRange<Double>) {
        let textScale = heatMap.labelScale
        let glyphHeight = BitmapFont.height(scale: textScale)
        let padding = max(8, 4 * textScale)
        let plotWidth = heatMap.width * heatMap.scale
        let plotHeight = heatMap.height * heatMap.scale
        let verticalTickLimit = min(8, max(2, 2 * plotHeight / (5 * glyphHeight)))

        // Tick values and labels; pixel positions are filled in once the plot origin is known.
        let yTickValues = heatMap.yExtent.map {
            Self.labelledTicks(range: $0, maxCount: verticalTickLimit)
        } ?? []
        let xTickValues = heatMap.xExtent.map {
            Self.horizontalTicks(range: $0, plotWidth: plotWidth, textScale: textScale)
        } ?? []
        var barTickValues = Self.labelledTicks(range: valueRange, maxCount: verticalTickLimit)
        if barTickValues.count < 2 {
            barTickValues = [valueRange.lowerBound, valueRange.upperBound].map {
                ($0, TickLabelFormatter.shortLabel($0))
            }
        }

        // Horizontal layout, left to right.
        let tickLength = Self.tickLength
        let labelGap = Self.labelGap
        let yLabelWidth = heatMap.yLabel.map { $0.isEmpty ? 0 : glyphHeight + 4 } ?? 0
        let yTickLabelWidth = yTickValues.map { BitmapFont.width(of: $0.1, scale: textScale) }.max() ?? 0
        var leftAxisWidth = yLabelWidth + (yTickValues.isEmpty ? 0 : yTickLabelWidth + labelGap + tickLength)
        let firstXLabelHalf = xTickValues.first.map { BitmapFont.width(of: $0.1, scale: textScale) / 2 } ?? 0
        let lastXLabelHalf = xTickValues.last.map { BitmapFont.width(of: $0.1, scale: textScale) / 2 } ?? 0
        leftAxisWidth = max(leftAxisWidth, firstXLabelHalf)
        let plotX = padding + leftAxisWidth + 1
        let barGap = max(12, lastXLabelHalf + 4)
        let barX = plotX + plotWidth + 1 + barGap + 1
        let barWidth = 12 + 4 * textScale
        let barLabelX = barX + barWidth + 1 + tickLength + labelGap
        let barLabelWidth = barTickValues.map { BitmapFont.width(of: $0.1, scale: textScale) }.max() ?? 0
        var imageWidth = barLabelX + barLabelWidth + padding

        // Vertical layout, top to bottom.
        let titleText = heatMap.title ?? ""
        // Leave room for half a tick label poking above the plot's top edge.
        let titleHeight = titleText.isEmpty ? 0 : BitmapFont.height(scale: heatMap.titleScale) + 4 + glyphHeight / 2
        let plotY = padding + titleHeight + 1
        let xAxisHeight = xTickValues.isEmpty ? 0 : tickLength + labelGap + glyphHeight
        let xLabelText = heatMap.xLabel ?? ""
        let xLabelHeight = xLabelText.isEmpty ? 0 : glyphHeight + 4
        let imageHeight = plotY + plotHeight + 1 + xAxisHeight + xLabelHeight + padding

        if !titleText.isEmpty {
            let titleWidth = BitmapFont.width(of: titleText, scale: heatMap.titleScale)
            imageWidth = max(imageWidth, titleWidth + 2 * padding)
            let centred = plotX + (plotWidth - titleWidth) / 2
            titleOrigin = (min(max(centred, padding), imageWidth - padding - titleWidth), padding)
        } else {
            titleOrigin = nil
        }

        let plot = PixelRect(x: plotX, y: plotY, width: plotWidth, height: plotHeight)
        let colorBar = PixelRect(x: barX, y: plotY, width: barWidth, height: plotHeight)
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.plot = plot
        self.colorBar = colorBar
        self.valueRange = valueRange

        let yUpward = heatMap.rowOrder == .firstRowAtBottom
        self.yTicks = heatMap.yExtent.map { range in
            yTickValues.map { value, label in
                Tick(position: Self.pixel(value, in: range, along: plotY, length: plotHeight, reversed: yUpward),
                     label: label)
            }
        } ?? []
        self.xTicks = heatMap.xExtent.map { range in
            xTickValues.map { value, label in
                Tick(position: Self.pixel(value, in: range, along: plotX, length: plotWidth, reversed: false),
                     label: label)
            }
        } ?? []
        self.colorBarTicks = barTickValues.map { value, label in
            Tick(position: Self.pixel(value, in: valueRange, along: plotY, length: plotHeight, reversed: true),
                 label: label)
        }

        let xAxisBottom = plot.maxY + 1 + xAxisHeight
        if xLabelText.isEmpty {
            xLabelOrigin = nil
        } else {
            let labelWidth = BitmapFont.width(of: xLabelText, scale: textScale)
            xLabelOrigin = (max(padding, plotX + (plotWidth - labelWidth) / 2), xAxisBottom + 4)
        }
        if yLabelWidth == 0 {
            yLabelOrigin = nil
        } else {
            let labelLength = BitmapFont.width(of: heatMap.yLabel ?? "", scale: textScale)
            yLabelOrigin = (padding, max(padding, plotY + (plotHeight - labelLength) / 2))
        }
    }

    /// Maps `value` in `range` to a pixel index along an axis starting at `origin`.
    private static func pixel(
        _ value: Double, in range: ClosedRange<Double>, along origin: Int, length: Int, reversed: Bool
    ) -> Int {
        let span = range.upperBound - range.lowerBound
        let fraction = span > 0 ? (value - range.lowerBound) / span : 0.5
        let offset = Int((fraction * Double(length - 1)).rounded())
        let clamped = min(max(offset, 0), length - 1)
        return reversed ? origin + length - 1 - clamped : origin + clamped
    }

    /// Nice ticks inside `range` with their labels.
    private static func labelledTicks(range: ClosedRange<Double>, maxCount: Int) -> [(Double, String)] {
        let values = AxisTicks.linear(lower: range.lowerBound, upper: range.upperBound, maxCount: maxCount)
        let formatter = TickLabelFormatter(ticks: values)
        return values.map { ($0, formatter.label($0)) }
    }

    /// The largest set of nice x ticks whose labels do not crowd each other.
    private static func horizontalTicks(
        range: ClosedRange<Double>, plotWidth: Int, textScale: Int
    ) -> [(Double, String)] {
        var maxCount = 10
        while true {
            let ticks = labelledTicks(range: range, maxCount: maxCount)
            if maxCount <= 2 || ticks.count < 2 { return ticks }
            let widest = ticks.map { BitmapFont.width(of: $0.1, scale: textScale) }.max() ?? 0
            let span = range.upperBound - range.lowerBound
            let spacing = span > 0 ? Double(plotWidth) * (ticks[1].0 - ticks[0].0) / span : 0
            if spacing >= Double(widest + 6 * textScale) { return ticks }
            maxCount -= 1
        }
    }

    /// Two layouts are equal when image size, field area, colour bar and value range agree.
    public static func == (lhs: HeatMapLayout, rhs: HeatMapLayout) -> Bool {
        lhs.imageWidth == rhs.imageWidth && lhs.imageHeight == rhs.imageHeight && lhs.plot == rhs.plot
            && lhs.colorBar == rhs.colorBar && lhs.valueRange == rhs.valueRange
    }
}
