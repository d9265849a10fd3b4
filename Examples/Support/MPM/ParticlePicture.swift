import Foundation
import PDEKit

/// Pictures of particles: each frame shows the x–y plane (3D scenes are projected along z), darker
/// where more particles fall; frames are laid side by side in a contact sheet.
public enum ParticlePicture {
    /// Renders `positions` (N × 3, in the unit box) into a square frame of `size` pixels.
    public static func frame(_ positions: [SIMD3<Double>], size: Int, label: String, colours: [RGBColor]? = nil) throws -> RGBImage {
        var image = try RGBImage(width: size, height: size, background: .white)
        var hits = [Int](repeating: 0, count: size * size)
        var firstColour = [Int](repeating: -1, count: size * size)
        for (p, x) in positions.enumerated() {
            let px = Int(x.x * Double(size)), py = size - 1 - Int(x.y * Double(size))
            guard px >= 0, px < size, py >= 0, py < size else { continue }
            hits[py * size + px] += 1
            if firstColour[py * size + px] < 0 { firstColour[py * size + px] = p }
        }
        let most = max(hits.max() ?? 1, 1)
        for py in 0..<size {
            for px in 0..<size where hits[py * size + px] > 0 {
                let shade = 0.25 + 0.75 * Double(hits[py * size + px]) / Double(most)
                var base = RGBColor(hex: 0x1F5FAF)
                if let colours, firstColour[py * size + px] >= 0 { base = colours[firstColour[py * size + px]] }
                image.setPixel(x: px, y: py, to: RGBColor(unitRed: 1 - shade * (1 - Double(base.red) / 255),
                                                          green: 1 - shade * (1 - Double(base.green) / 255),
                                                          blue: 1 - shade * (1 - Double(base.blue) / 255)))
            }
        }
        image.strokeOutside(PixelRect(x: 0, y: 0, width: size, height: size), with: .black)
        image.drawText(label, x: 4, y: 4, scale: 1)
        return image
    }

    /// Lays `frames` side by side with a gap.
    public static func contactSheet(_ frames: [RGBImage]) throws -> RGBImage {
        guard let first = frames.first else { return try RGBImage(width: 1, height: 1) }
        let gap = 6
        var sheet = try RGBImage(width: frames.count * (first.width + gap) + gap, height: first.height + 2 * gap)
        for (i, f) in frames.enumerated() { sheet.draw(f, atX: gap + i * (first.width + gap), y: gap) }
        return sheet
    }
}
