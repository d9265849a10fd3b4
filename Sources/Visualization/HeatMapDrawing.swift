/// Drawing of a laid-out ``HeatMap`` into an ``RGBImage``.
extension HeatMap {
    /// Draws the field, frames, colour bar, ticks and text described by `layout`.
    func draw(into image: inout RGBImage, layout: HeatMapLayout) {
        let ink = RGBColor.black
        let textScale = labelScale
        let glyphHeight = BitmapFont.height(scale: textScale)
        let range = layout.valueRange

        // Field: one colour per cell, repeated over a scale x scale block.
        for row in 0..<height {
            let drawnRow = rowOrder == .firstRowAtBottom ? height - 1 - row : row
            for column in 0..<width {
                let color = colorMap.color(for: value(column: column, row: row), in: range)
                image.fill(
                    PixelRect(
                        x: layout.plot.x + column * scale, y: layout.plot.y + drawnRow * scale,
                        width: scale, height: scale),
                    with: color)
            }
        }
        image.strokeOutside(layout.plot, with: ink)

        // Colour bar: top row shows the upper end of the range.
        let bar = layout.colorBar
        for offset in 0..<bar.height {
            let fraction = bar.height > 1 ? 1 - Double(offset) / Double(bar.height - 1) : 0.5
            image.fill(
                PixelRect(x: bar.x, y: bar.y + offset, width: bar.width, height: 1),
                with: colorMap.color(at: fraction))
        }
        image.strokeOutside(bar, with: ink)

        // Ticks and tick labels.
        let tickLength = HeatMapLayout.tickLength
        let gap = HeatMapLayout.labelGap
        for tick in layout.xTicks {
            image.fill(PixelRect(x: tick.position, y: layout.plot.maxY + 1, width: 1, height: tickLength), with: ink)
            let labelWidth = BitmapFont.width(of: tick.label, scale: textScale)
            image.drawText(
                tick.label, x: tick.position - labelWidth / 2, y: layout.plot.maxY + 1 + tickLength + gap,
                scale: textScale, color: ink)
        }
        for tick in layout.yTicks {
            image.fill(
                PixelRect(x: layout.plot.x - 1 - tickLength, y: tick.position, width: tickLength, height: 1),
                with: ink)
            let labelWidth = BitmapFont.width(of: tick.label, scale: textScale)
            image.drawText(
                tick.label, x: layout.plot.x - 1 - tickLength - gap - labelWidth,
                y: tick.position - glyphHeight / 2, scale: textScale, color: ink)
        }
        for tick in layout.colorBarTicks {
            image.fill(PixelRect(x: bar.maxX + 1, y: tick.position, width: tickLength, height: 1), with: ink)
            image.drawText(
                tick.label, x: bar.maxX + 1 + tickLength + gap, y: tick.position - glyphHeight / 2,
                scale: textScale, color: ink)
        }

        // Title and axis labels.
        if let origin = layout.titleOrigin, let title {
            image.drawText(title, x: origin.x, y: origin.y, scale: titleScale, color: ink)
        }
        if let origin = layout.xLabelOrigin, let xLabel {
            image.drawText(xLabel, x: origin.x, y: origin.y, scale: textScale, color: ink)
        }
        if let origin = layout.yLabelOrigin, let yLabel {
            image.drawTextVertical(yLabel, x: origin.x, y: origin.y, scale: textScale, color: ink)
        }
    }
}
