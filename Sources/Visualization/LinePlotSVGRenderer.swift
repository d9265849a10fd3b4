import Foundation

/// Turns a ``LinePlot`` into SVG markup.
struct LinePlotSVGRenderer {
    let plot: LinePlot

    private let fontSize = 12.0
    private let characterWidth = 7.0
    private let maxTicks = 7

    /// Builds the SVG document.
    func render() -> String {
        let width = Double(max(plot.width, 160))
        let height = Double(max(plot.height, 120))
        let series = plot.series.map { series -> (LinePlot.Series, Int) in
            (series, min(series.x.count, series.y.count))
        }
        let xAxis = PlotAxis(
            values: series.flatMap { $0.0.x.prefix($0.1) }, scale: plot.xScale, fixed: plot.xRange,
            roundOut: false, maxTicks: maxTicks)
        let yAxis = PlotAxis(
            values: series.flatMap { $0.0.y.prefix($0.1) }, scale: plot.yScale, fixed: plot.yRange,
            roundOut: true, maxTicks: maxTicks)

        // Margins depend on the text around the plot area.
        let title = plot.title ?? ""
        let xLabel = plot.xLabel ?? ""
        let yLabel = plot.yLabel ?? ""
        let widestYTick = yAxis.ticks.map { Self.visibleLength($0.labelMarkup) }.max() ?? 1
        let left = 12 + (yLabel.isEmpty ? 0 : 20) + Double(widestYTick) * characterWidth + 10
        let right = 24.0
        let top = title.isEmpty ? 16.0 : 40.0
        let bottom = 34.0 + (xLabel.isEmpty ? 0 : 20)
        let area = (x: left, y: top, width: max(width - left - right, 20), height: max(height - top - bottom, 20))

        func px(_ position: Double) -> Double { xAxis.pixel(position, from: area.x, to: area.x + area.width) }
        func py(_ position: Double) -> Double { yAxis.pixel(position, from: area.y + area.height, to: area.y) }

        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="\(Int(fontSize))">

            """
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += "<defs><clipPath id=\"plot-area\"><rect x=\"\(f(area.x))\" y=\"\(f(area.y))\" "
        svg += "width=\"\(f(area.width))\" height=\"\(f(area.height))\"/></clipPath></defs>\n"
        if !title.isEmpty {
            svg += "<text class=\"title\" x=\"\(f(width / 2))\" y=\"24\" text-anchor=\"middle\" "
            svg += "font-size=\"16\" font-weight=\"bold\">\(XMLEscaping.escape(title))</text>\n"
        }

        // Grid lines, then the frame, then ticks and labels.
        svg += "<g class=\"grid\" stroke=\"#e0e0e0\" stroke-width=\"1\">\n"
        for tick in xAxis.ticks {
            let x = px(tick.position)
            svg += "<line x1=\"\(f(x))\" y1=\"\(f(area.y))\" x2=\"\(f(x))\" y2=\"\(f(area.y + area.height))\"/>\n"
        }
        for tick in yAxis.ticks {
            let y = py(tick.position)
            svg += "<line x1=\"\(f(area.x))\" y1=\"\(f(y))\" x2=\"\(f(area.x + area.width))\" y2=\"\(f(y))\"/>\n"
        }
        svg += "</g>\n"
        svg += "<rect class=\"frame\" x=\"\(f(area.x))\" y=\"\(f(area.y))\" width=\"\(f(area.width))\" "
        svg += "height=\"\(f(area.height))\" fill=\"none\" stroke=\"black\" stroke-width=\"1\"/>\n"

        svg += "<g class=\"x-axis\">\n"
        let xTickBottom = area.y + area.height
        for tick in xAxis.ticks {
            let x = px(tick.position)
            svg += "<g class=\"tick x-tick\" data-value=\"\(tick.value)\">"
            svg += "<line x1=\"\(f(x))\" y1=\"\(f(xTickBottom))\" x2=\"\(f(x))\" "
            svg += "y2=\"\(f(xTickBottom + 5))\" stroke=\"black\"/>"
            svg += "<text x=\"\(f(x))\" y=\"\(f(xTickBottom + 19))\" text-anchor=\"middle\">"
            svg += "\(tick.labelMarkup)</text></g>\n"
        }
        svg += "</g>\n<g class=\"y-axis\">\n"
        for tick in yAxis.ticks {
            let y = py(tick.position)
            svg += "<g class=\"tick y-tick\" data-value=\"\(tick.value)\">"
            svg += "<line x1=\"\(f(area.x - 5))\" y1=\"\(f(y))\" x2=\"\(f(area.x))\" y2=\"\(f(y))\" stroke=\"black\"/>"
            svg += "<text x=\"\(f(area.x - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(tick.labelMarkup)</text></g>\n"
        }
        svg += "</g>\n"
        if !xLabel.isEmpty {
            svg += "<text class=\"x-label\" x=\"\(f(area.x + area.width / 2))\" y=\"\(f(height - 10))\" "
            svg += "text-anchor=\"middle\">\(XMLEscaping.escape(xLabel))</text>\n"
        }
        if !yLabel.isEmpty {
            let cx = 18.0
            let cy = area.y + area.height / 2
            svg += "<text class=\"y-label\" x=\"\(f(cx))\" y=\"\(f(cy))\" text-anchor=\"middle\" "
            svg += "transform=\"rotate(-90 \(f(cx)) \(f(cy)))\">\(XMLEscaping.escape(yLabel))</text>\n"
        }

        // Curves, clipped to the plot area.
        svg += "<g class=\"series-group\" clip-path=\"url(#plot-area)\" fill=\"none\" stroke-width=\"1.5\" "
        svg += "stroke-linejoin=\"round\" stroke-linecap=\"round\">\n"
        for (index, (item, count)) in series.enumerated() {
            let color = colorOf(item, index: index).hexString
            let runs = Self.runs(x: item.x.prefix(count), y: item.y.prefix(count), xAxis: xAxis, yAxis: yAxis)
            svg += "<g class=\"series\" data-name=\"\(XMLEscaping.escape(item.name))\">"
            svg += "<title>\(XMLEscaping.escape(item.name))</title>"
            var path = ""
            var dots = ""
            for run in runs {
                if run.count == 1 {
                    dots += "<circle cx=\"\(f(px(run[0].0)))\" cy=\"\(f(py(run[0].1)))\" r=\"2\" fill=\"\(color)\"/>"
                    continue
                }
                for (pointIndex, point) in run.enumerated() {
                    path += (pointIndex == 0 ? "M" : "L") + "\(f(px(point.0))),\(f(py(point.1))) "
                }
            }
            if !path.isEmpty {
                svg += "<path d=\"\(path.trimmingCharacters(in: .whitespaces))\" stroke=\"\(color)\"/>"
            }
            svg += dots + "</g>\n"
        }
        svg += "</g>\n"

        if plot.showsLegend && !series.isEmpty {
            svg += legend(area: area)
        }
        svg += "</svg>\n"
        return svg
    }

    /// The legend box in the top-right corner of the plot area.
    private func legend(area: (x: Double, y: Double, width: Double, height: Double)) -> String {
        let rowHeight = 18.0
        let longest = plot.series.map { $0.name.count }.max() ?? 0
        let boxWidth = 40 + Double(min(longest, 60)) * characterWidth
        let boxHeight = 8 + rowHeight * Double(plot.series.count)
        let x = area.x + area.width - boxWidth - 8
        let y = area.y + 8
        var svg = "<g class=\"legend\">\n"
        svg += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(boxWidth))\" height=\"\(f(boxHeight))\" "
        svg += "fill=\"white\" fill-opacity=\"0.85\" stroke=\"#999999\"/>\n"
        for (index, item) in plot.series.enumerated() {
            let rowY = y + 4 + rowHeight * (Double(index) + 0.5)
            let color = colorOf(item, index: index).hexString
            svg += "<line x1=\"\(f(x + 8))\" y1=\"\(f(rowY))\" x2=\"\(f(x + 28))\" y2=\"\(f(rowY))\" "
            svg += "stroke=\"\(color)\" stroke-width=\"2\"/>"
            svg += "<text x=\"\(f(x + 34))\" y=\"\(f(rowY + 4))\">\(XMLEscaping.escape(item.name))</text>\n"
        }
        svg += "</g>\n"
        return svg
    }

    private func colorOf(_ series: LinePlot.Series, index: Int) -> RGBColor {
        series.color ?? LinePlot.palette[index % LinePlot.palette.count]
    }

    /// Splits a series into runs of consecutive plottable points, in transformed coordinates.
    static func runs(
        x: ArraySlice<Double>, y: ArraySlice<Double>, xAxis: PlotAxis, yAxis: PlotAxis
    ) -> [[(Double, Double)]] {
        var runs: [[(Double, Double)]] = []
        var current: [(Double, Double)] = []
        for (xValue, yValue) in zip(x, y) {
            if PlotAxis.isPlottable(xValue, on: xAxis.scale) && PlotAxis.isPlottable(yValue, on: yAxis.scale) {
                current.append((xAxis.transform(xValue), yAxis.transform(yValue)))
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// Approximate number of visible characters in label markup (tags removed, entities as one).
    static func visibleLength(_ markup: String) -> Int {
        var count = 0
        var inTag = false
        var inEntity = false
        for character in markup {
            switch character {
            case "<": inTag = true
            case ">": inTag = false
            case "&" where !inTag: inEntity = true; count += 1
            case ";" where inEntity: inEntity = false
            default: if !inTag && !inEntity { count += 1 }
            }
        }
        return count
    }

    /// Formats a coordinate with two decimals.
    private func f(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
