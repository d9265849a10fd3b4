/// A colour map: a piecewise-linear gradient that maps a value in [0, 1] to an ``RGBColor``.
///
/// Values below 0 or above 1 are clamped to the end colours; NaN maps to ``nanColor``
/// (a fixed mid grey) so that missing data stands out in every map.
///
/// ```swift
/// let colour = ColorMap.viridis.color(at: 0.5)        // #21918c-ish teal
/// let error = ColorMap.blueWhiteRed.color(for: -0.2, in: -1...1)
/// ```
public struct ColorMap: Sendable {
    /// One stop of the gradient: a position in [0, 1] and its colour in unit RGB.
    public struct Anchor: Sendable, Equatable {
        /// Position of the stop in [0, 1]; stops must be sorted by position.
        public var position: Double
        /// Red component in [0, 1].
        public var red: Double
        /// Green component in [0, 1].
        public var green: Double
        /// Blue component in [0, 1].
        public var blue: Double

        /// Creates a stop at `position` with unit-interval RGB components.
        public init(position: Double, red: Double, green: Double, blue: Double) {
            self.position = position
            self.red = red
            self.green = green
            self.blue = blue
        }
    }

    /// Short name of the map, e.g. `"viridis"`.
    public let name: String
    /// Gradient stops, sorted by position, spanning 0 to 1.
    public let anchors: [Anchor]

    /// The colour used for NaN values by every map (#808080).
    public static let nanColor = RGBColor(red: 128, green: 128, blue: 128)

    /// Creates a map from gradient stops.
    ///
    /// The stops are sorted by position; the first stop's colour is used below its position and
    /// the last stop's colour above its position. At least one stop is required.
    public init(name: String, anchors: [Anchor]) {
        precondition(!anchors.isEmpty, "a colour map needs at least one anchor")
        self.name = name
        self.anchors = anchors.sorted { $0.position < $1.position }
    }

    /// Creates a map from evenly spaced colours (first at 0, last at 1).
    public init(name: String, evenlySpaced colors: [RGBColor]) {
        precondition(!colors.isEmpty, "a colour map needs at least one colour")
        let last = max(colors.count - 1, 1)
        let anchors = colors.enumerated().map { index, color in
            Anchor(
                position: Double(index) / Double(last), red: Double(color.red) / 255,
                green: Double(color.green) / 255, blue: Double(color.blue) / 255)
        }
        self.init(name: name, anchors: anchors)
    }

    /// Matplotlib's perceptually uniform viridis map (dark purple #440154 at 0, yellow #fde725 at 1).
    public static let viridis = ColorMap(name: "viridis", anchors: ColorMapAnchors.viridis)

    /// A diverging blue-white-red map for signed quantities; 0.5 (zero error) is near-white.
    ///
    /// Use it with a range symmetric about zero, e.g. `color(for: e, in: -m...m)`.
    public static let blueWhiteRed = ColorMap(
        name: "blue-white-red",
        evenlySpaced: [
            RGBColor(hex: 0x053061), RGBColor(hex: 0x2166AC), RGBColor(hex: 0x92C5DE),
            RGBColor(hex: 0xF7F7F7), RGBColor(hex: 0xF4A582), RGBColor(hex: 0xB2182B),
            RGBColor(hex: 0x67001F),
        ])

    /// A linear black-to-white map.
    public static let grayscale = ColorMap(name: "grayscale", evenlySpaced: [.black, .white])

    /// Returns the colour for `t` in [0, 1]; out-of-range values are clamped and NaN is grey.
    public func color(at t: Double) -> RGBColor {
        if t.isNaN { return ColorMap.nanColor }
        let first = anchors[0]
        let last = anchors[anchors.count - 1]
        if t <= first.position { return Self.rgb(first) }
        if t >= last.position { return Self.rgb(last) }
        // Binary search for the segment [anchors[low], anchors[low + 1]] containing t.
        var low = 0
        var high = anchors.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if anchors[middle].position <= t { low = middle } else { high = middle }
        }
        let a = anchors[low]
        let b = anchors[high]
        let span = b.position - a.position
        let f = span > 0 ? (t - a.position) / span : 0
        return RGBColor(
            unitRed: a.red + (b.red - a.red) * f, green: a.green + (b.green - a.green) * f,
            blue: a.blue + (b.blue - a.blue) * f)
    }

    /// Returns the colour for `value` after mapping `range` linearly onto [0, 1].
    ///
    /// A degenerate range (lower == upper) maps every finite value to the middle colour.
    public func color(for value: Double, in range: ClosedRange<Double>) -> RGBColor {
        if value.isNaN { return ColorMap.nanColor }
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return color(at: 0.5) }
        return color(at: (value - range.lowerBound) / span)
    }

    /// The same map with its direction reversed (0 becomes 1).
    public var reversed: ColorMap {
        let flipped = anchors.reversed().map {
            Anchor(position: 1 - $0.position, red: $0.red, green: $0.green, blue: $0.blue)
        }
        return ColorMap(name: name + "-reversed", anchors: flipped)
    }

    private static func rgb(_ anchor: Anchor) -> RGBColor {
        RGBColor(unitRed: anchor.red, green: anchor.green, blue: anchor.blue)
    }
}
