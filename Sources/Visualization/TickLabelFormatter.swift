import Foundation

/// Formats tick values compactly and consistently for one axis.
///
/// All labels on an axis share one style: fixed-point with as many decimals as the tick step
/// needs, or scientific notation (`1.5e-4`) when the values are very large or very small.
struct TickLabelFormatter {
    private let useScientific: Bool
    private let decimals: Int

    /// Creates a formatter for ticks spaced `step` apart whose largest magnitude is `largest`.
    init(step: Double, largest: Double) {
        let magnitude = abs(largest)
        if magnitude >= 1e5 || (magnitude > 0 && magnitude < 1e-3) {
            useScientific = true
            let valueExponent = log10(magnitude).rounded(.down)
            decimals = Self.decimalsNeeded(for: step / pow(10, valueExponent), limit: 6)
        } else {
            useScientific = false
            decimals = Self.decimalsNeeded(for: step, limit: 10)
        }
    }

    /// The fewest decimals (up to `limit`) that write multiples of `step` exactly, e.g. 2 for 0.25.
    private static func decimalsNeeded(for step: Double, limit: Int) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        for decimals in 0..<limit {
            let scaled = step * pow(10, Double(decimals))
            if abs(scaled - scaled.rounded()) <= 1e-6 * scaled { return decimals }
        }
        return limit
    }

    /// Creates a formatter suited to labelling the given tick values.
    init(ticks: [Double]) {
        let sorted = ticks.sorted()
        var step = 0.0
        for index in sorted.indices.dropFirst() {
            let gap = sorted[index] - sorted[index - 1]
            if gap > 0 && (step == 0 || gap < step) { step = gap }
        }
        let largest = ticks.map { abs($0) }.max() ?? 0
        if step == 0 { step = largest > 0 ? largest / 10 : 1 }
        self.init(step: step, largest: largest)
    }

    /// The label for `value`.
    func label(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "INF" : "-INF" }
        if value == 0 { return "0" }
        if useScientific {
            return Self.compactScientific(String(format: "%.\(decimals)e", value))
        }
        let text = String(format: "%.\(decimals)f", value)
        return text == "-0" || text.allSatisfy({ "-0.".contains($0) }) ? "0" : text
    }

    /// A short general-purpose label (three significant digits), e.g. for range end points.
    static func shortLabel(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "INF" : "-INF" }
        if value == 0 { return "0" }
        return compactScientific(String(format: "%.3g", value))
    }

    /// Turns `1.50e-04` into `1.50e-4` and `2e+05` into `2e5`.
    private static func compactScientific(_ text: String) -> String {
        guard let e = text.firstIndex(of: "e") else { return text }
        let mantissa = text[..<e]
        var exponent = text[text.index(after: e)...]
        var sign = ""
        if exponent.first == "-" { sign = "-" }
        if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
        let digits = exponent.drop { $0 == "0" }
        return "\(mantissa)e\(sign)\(digits.isEmpty ? "0" : String(digits))"
    }
}
