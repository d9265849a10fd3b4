/// An opaque 24-bit colour: one byte each for red, green and blue.
public struct RGBColor: Hashable, Sendable, CustomStringConvertible {
    /// Red intensity, 0...255.
    public var red: UInt8
    /// Green intensity, 0...255.
    public var green: UInt8
    /// Blue intensity, 0...255.
    public var blue: UInt8

    /// Creates a colour from its three byte components.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Creates a colour from a 0xRRGGBB integer, e.g. `RGBColor(hex: 0x440154)`.
    public init(hex: UInt32) {
        self.init(
            red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF), blue: UInt8(hex & 0xFF))
    }

    /// Creates a colour from components in [0, 1]; values are clamped and rounded to bytes.
    public init(unitRed: Double, green: Double, blue: Double) {
        self.init(
            red: RGBColor.byte(fromUnit: unitRed), green: RGBColor.byte(fromUnit: green),
            blue: RGBColor.byte(fromUnit: blue))
    }

    /// Pure black.
    public static let black = RGBColor(red: 0, green: 0, blue: 0)
    /// Pure white.
    public static let white = RGBColor(red: 255, green: 255, blue: 255)

    /// The colour as a CSS/SVG hex string such as `#440154`.
    public var hexString: String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for component in [red, green, blue] {
            text.append(digits[Int(component >> 4)])
            text.append(digits[Int(component & 0x0F)])
        }
        return text
    }

    /// The hex string, e.g. `#440154`.
    public var description: String { hexString }

    /// Converts a unit-interval intensity to a byte, clamping and treating NaN as 0.
    static func byte(fromUnit value: Double) -> UInt8 {
        guard value > 0 else { return 0 }
        guard value < 1 else { return 255 }
        return UInt8((value * 255).rounded())
    }
}
