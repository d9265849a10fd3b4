/// An axis-aligned rectangle of whole pixels; `x`, `y` is the top-left pixel, y grows downward.
public struct PixelRect: Hashable, Sendable {
    /// Column of the left-most pixel.
    public var x: Int
    /// Row of the top-most pixel.
    public var y: Int
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// Creates a rectangle from its top-left pixel and size.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// One past the right-most column (`x + width`).
    public var maxX: Int { x + width }
    /// One past the bottom-most row (`y + height`).
    public var maxY: Int { y + height }

    /// Whether the pixel at (`px`, `py`) lies inside the rectangle.
    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    /// The rectangle shrunk by `amount` pixels on every side (grown for negative amounts).
    public func insetBy(_ amount: Int) -> PixelRect {
        PixelRect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }
}
