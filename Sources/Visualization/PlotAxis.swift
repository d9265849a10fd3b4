import Foundation

/// One axis of a ``LinePlot``: its scale, its range (in transformed units) and its ticks.
///
/// On a log axis "transformed units" are log10 of the data values.
struct PlotAxis {
    /// A tick: the data value, its transformed position and its SVG label markup (escaped).
    struct Tick {
        let value: Double
        let position: Double
        let labelMarkup: String
    }

    let scale: AxisScale
    let lower: Double
    let upper: Double
    let ticks: [Tick]

    /// Fits an axis to `values`, or to `fixed` when given and usable.
    ///
    /// With `roundOut` a linear range is extended to the enclosing nice ticks; log ranges fitted
    /// to data always span whole decades.
    init(values: [Double], scale: AxisScale, fixed: ClosedRange<Double>?, roundOut: Bool, maxTicks: Int) {
        self.scale = scale
        let usable = values.filter { PlotAxis.isPlottable($0, on: scale) }
        var low: Double
        var high: Double
        switch scale {
        case .linear:
            if let fixed, fixed.lowerBound.isFinite, fixed.upperBound.isFinite {
                (low, high) = (fixed.lowerBound, fixed.upperBound)
            } else if let minimum = usable.min(), let maximum = usable.max() {
                (low, high) = (minimum, maximum)
                if roundOut, let step = AxisTicks.niceStep(lower: low, upper: high, maxCount: maxTicks) {
                    low = (low / step).rounded(.down) * step
                    high = (high / step).rounded(.up) * step
                }
            } else {
                (low, high) = (0, 1)
            }
            if !(low < high) {
                let delta = low == 0 ? 1 : 0.1 * abs(low)
                (low, high) = (low - delta, low + delta)
            }
            let values = AxisTicks.linear(lower: low, upper: high, maxCount: maxTicks)
            let formatter = TickLabelFormatter(ticks: values)
            ticks = values.map { Tick(value: $0, position: $0, labelMarkup: XMLEscaping.escape(formatter.label($0))) }
        case .log10:
            if let fixed, fixed.lowerBound > 0, fixed.upperBound.isFinite {
                (low, high) = (Foundation.log10(fixed.lowerBound), Foundation.log10(fixed.upperBound))
            } else if let minimum = usable.min(), let maximum = usable.max() {
                (low, high) = (Foundation.log10(minimum).rounded(.down), Foundation.log10(maximum).rounded(.up))
            } else {
                (low, high) = (0, 1)
            }
            if !(low < high) {
                (low, high) = (low.rounded(.down), low.rounded(.down) + 1)
            }
            let decades = AxisTicks.log10Decades(lower: pow(10, low), upper: pow(10, high), maxCount: maxTicks)
            ticks = decades.compactMap { value in
                let exponent = Foundation.log10(value).rounded()
                guard exponent >= low - 1e-9, exponent <= high + 1e-9 else { return nil }
                let markup = "10<tspan dy=\"-5\" font-size=\"9\">\(Int(exponent))</tspan>"
                return Tick(value: value, position: exponent, labelMarkup: markup)
            }
        }
        self.lower = low
        self.upper = high
    }

    /// Whether `value` can be drawn on an axis with `scale`.
    static func isPlottable(_ value: Double, on scale: AxisScale) -> Bool {
        value.isFinite && (scale == .linear || value > 0)
    }

    /// The transformed coordinate of `value` (log10 on a log axis).
    func transform(_ value: Double) -> Double {
        scale == .log10 ? Foundation.log10(value) : value
    }

    /// Maps a transformed coordinate onto the pixel interval `start...end` (either order).
    func pixel(_ position: Double, from start: Double, to end: Double) -> Double {
        let fraction = (position - lower) / (upper - lower)
        let result = start + fraction * (end - start)
        return min(max(result, -1e6), 1e6)
    }
}
