import Foundation

/// Chooses tick positions for plot axes: "nice" linear steps (1, 2, 2.5 or 5 times a power of
/// ten) and powers of ten for logarithmic axes.
public enum AxisTicks {
    /// Returns the step between at most `maxCount` nice ticks covering `lower...upper`.
    ///
    /// The step is 1, 2, 2.5 or 5 times a power of ten (the smallest that fits). Returns `nil` for a
    /// non-finite or empty span.
    public static func niceStep(lower: Double, upper: Double, maxCount: Int) -> Double? {
        let span = upper - lower
        guard span > 0, span.isFinite, maxCount >= 1 else { return nil }
        let intervals = Double(max(maxCount - 1, 1))
        let raw = span / intervals
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] {
            let step = factor * magnitude
            if (lower / step).rounded(.up) * step <= upper + step * 1e-9
                && tickCount(lower: lower, upper: upper, step: step) <= maxCount
            {
                return step
            }
        }
        return 10 * magnitude
    }

    /// Returns nice linear tick values inside `lower...upper`, at most `maxCount` of them.
    ///
    /// Values are exact multiples of the step (negative zero is normalised to zero). A degenerate
    /// or non-finite range yields the finite end points only.
    public static func linear(lower: Double, upper: Double, maxCount: Int = 6) -> [Double] {
        guard let step = niceStep(lower: lower, upper: upper, maxCount: maxCount) else {
            return lower.isFinite ? [lower] : []
        }
        let first = (lower / step - 1e-9).rounded(.up)
        let last = (upper / step + 1e-9).rounded(.down)
        guard first <= last else { return [] }
        // Write the step as factor * 10^exponent with an integer factor (2.5 becomes 25 * 10^(e-1)),
        // so each tick is an integer scaled by an exact power of ten: 3 * 2 / 10 gives 0.6 where
        // 3 * 0.2 would give 0.6000000000000001.
        var exponent = Foundation.log10(step).rounded(.down)
        var factor = step / pow(10, exponent)
        if abs(factor - factor.rounded()) > 1e-9 {
            exponent -= 1
            factor *= 10
        }
        factor = factor.rounded()
        return stride(from: first, through: last, by: 1).map { multiple in
            let integer = multiple * factor
            let value = exponent < 0 ? integer / pow(10, -exponent) : integer * pow(10, exponent)
            return value + 0.0  // turns -0 into 0
        }
    }

    /// Returns powers of ten covering `lower...upper` (both must be positive), for log axes.
    ///
    /// The decades run from `floor(log10(lower))` to `ceil(log10(upper))`; when there are more
    /// than `maxCount` of them every k-th decade is kept, so every value is still a power of ten.
    public static func log10Decades(lower: Double, upper: Double, maxCount: Int = 8) -> [Double] {
        guard lower > 0, upper >= lower, lower.isFinite, upper.isFinite else { return [] }
        let firstExponent = Int(Foundation.log10(lower).rounded(.down))
        let lastExponent = Int(Foundation.log10(upper).rounded(.up))
        let count = lastExponent - firstExponent + 1
        let intervals = count - 1
        let allowedIntervals = max(maxCount - 1, 1)
        let stepExponent = max(1, (intervals + allowedIntervals - 1) / allowedIntervals)
        return stride(from: firstExponent, through: lastExponent, by: stepExponent).map {
            pow(10, Double($0))
        }
    }

    private static func tickCount(lower: Double, upper: Double, step: Double) -> Int {
        let first = (lower / step - 1e-9).rounded(.up)
        let last = (upper / step + 1e-9).rounded(.down)
        return max(0, Int(last - first) + 1)
    }
}
