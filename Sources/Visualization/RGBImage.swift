import Foundation

/// A mutable 8-bit RGB raster with simple drawing helpers and PNG output.
///
/// Pixels are stored row-major from the top-left corner, three bytes (R, G, B) per pixel.
/// Drawing calls clip silently at the image border.
public struct RGBImage: Equatable, Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Row-major RGB bytes, `width * height * 3` of them, top row first.
    public private(set) var pixels: [UInt8]

    /// Creates an image filled with `background`.
    ///
    /// - Throws: ``VisualizationError/invalidDimensions(width:height:)`` when a size is not positive.
    public init(width: Int, height: Int, background: RGBColor = .white) throws {
        guard width > 0, height > 0 else {
            throw VisualizationError.invalidDimensions(width: width, height: height)
        }
        self.width = width
        self.height = height
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in stride(from: 0, to: pixels.count, by: 3) {
            pixels[index] = background.red
            pixels[index + 1] = background.green
            pixels[index + 2] = background.blue
        }
        self.pixels = pixels
    }

    /// Creates an image from existing row-major RGB bytes.
    ///
    /// - Throws: ``VisualizationError`` when the size is not positive or the byte count is not
    ///   `width * height * 3`.
    public init(width: Int, height: Int, pixels: [UInt8]) throws {
        guard width > 0, height > 0 else {
            throw VisualizationError.invalidDimensions(width: width, height: height)
        }
        guard pixels.count == width * height * 3 else {
            throw VisualizationError.elementCountMismatch(expected: width * height * 3, actual: pixels.count)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The colour at column `x`, row `y` (row 0 is the top); both must be in range.
    public subscript(x: Int, y: Int) -> RGBColor {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) out of range")
            let index = (y * width + x) * 3
            return RGBColor(red: pixels[index], green: pixels[index + 1], blue: pixels[index + 2])
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) out of range")
            let index = (y * width + x) * 3
            pixels[index] = newValue.red
            pixels[index + 1] = newValue.green
            pixels[index + 2] = newValue.blue
        }
    }

    /// Sets one pixel; coordinates outside the image are ignored.
    public mutating func setPixel(x: Int, y: Int, to color: RGBColor) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let index = (y * width + x) * 3
        pixels[index] = color.red
        pixels[index + 1] = color.green
        pixels[index + 2] = color.blue
    }

    /// Fills `rect` (clipped to the image) with `color`.
    public mutating func fill(_ rect: PixelRect, with color: RGBColor) {
        let x0 = max(rect.x, 0)
        let x1 = min(rect.maxX, width)
        let y0 = max(rect.y, 0)
        let y1 = min(rect.maxY, height)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            var index = (y * width + x0) * 3
            for _ in x0..<x1 {
                pixels[index] = color.red
                pixels[index + 1] = color.green
                pixels[index + 2] = color.blue
                index += 3
            }
        }
    }

    /// Draws a one-pixel outline just outside `rect`, so the rectangle's own pixels stay untouched.
    public mutating func strokeOutside(_ rect: PixelRect, with color: RGBColor) {
        let outer = rect.insetBy(-1)
        fill(PixelRect(x: outer.x, y: outer.y, width: outer.width, height: 1), with: color)
        fill(PixelRect(x: outer.x, y: outer.maxY - 1, width: outer.width, height: 1), with: color)
        fill(PixelRect(x: outer.x, y: outer.y, width: 1, height: outer.height), with: color)
        fill(PixelRect(x: outer.maxX - 1, y: outer.y, width: 1, height: outer.height), with: color)
    }

    /// Copies `image` so that its top-left corner lands at (`x`, `y`), clipping at the border.
    public mutating func draw(_ image: RGBImage, atX x: Int, y: Int) {
        for row in 0..<image.height {
            let targetY = y + row
            guard targetY >= 0, targetY < height else { continue }
            for column in 0..<image.width {
                setPixel(x: x + column, y: targetY, to: image[column, row])
            }
        }
    }

    /// Draws `text` in the built-in 5x7 bitmap font with its top-left corner at (`x`, `y`).
    ///
    /// Each font pixel becomes a `scale` x `scale` block. Lower-case letters other than `e`
    /// are drawn in upper case; unsupported characters are drawn as `?`.
    public mutating func drawText(_ text: String, x: Int, y: Int, scale: Int = 1, color: RGBColor = .black) {
        let scale = max(scale, 1)
        BitmapFont.forEachInkedPixel(of: text, scale: scale) { dx, dy in
            setPixel(x: x + dx, y: y + dy, to: color)
        }
    }

    /// Draws `text` rotated a quarter turn counter-clockwise (reading bottom to top), for
    /// vertical axis labels; (`x`, `y`) is the top-left corner of the rotated text's box.
    public mutating func drawTextVertical(
        _ text: String, x: Int, y: Int, scale: Int = 1, color: RGBColor = .black
    ) {
        let scale = max(scale, 1)
        let length = BitmapFont.width(of: text, scale: scale)
        BitmapFont.forEachInkedPixel(of: text, scale: scale) { dx, dy in
            setPixel(x: x + dy, y: y + length - 1 - dx, to: color)
        }
    }

    /// Size in pixels of `text` drawn with ``drawText(_:x:y:scale:color:)`` at `scale`.
    public static func textSize(_ text: String, scale: Int = 1) -> (width: Int, height: Int) {
        let scale = max(scale, 1)
        return (BitmapFont.width(of: text, scale: scale), BitmapFont.height(scale: scale))
    }

    /// The image encoded as an 8-bit RGB PNG (see ``PNGEncoder``).
    public func pngData() -> Data {
        PNGEncoder.encodeValidated(width: width, height: height, rgb: pixels)
    }

    /// Writes the image as a PNG file, atomically replacing any existing file.
    public func write(to url: URL) throws {
        try AtomicFileWriter.write(pngData(), to: url)
    }
}
