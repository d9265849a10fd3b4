/// A tiny built-in bitmap font, 7 pixels tall, so images can carry text without a font library.
///
/// Covers digits, upper-case letters A-Z and common punctuation. Lower-case letters are drawn as
/// upper case, except that an `e` right after a digit or `.` keeps a small lower-case glyph so
/// scientific notation such as `1.5e-3` stays readable. Any other character is drawn as `?`.
/// Glyphs are 5 pixels wide except for narrow punctuation, with 1 pixel between glyphs.
enum BitmapFont {
    /// One glyph: its width in pixels and, per row (top first), a bit mask whose bit
    /// `width - 1 - column` is set where the pixel is inked.
    struct Glyph: Sendable {
        let width: Int
        let rows: [UInt8]

        /// Whether the pixel at (`column`, `row`) is inked.
        func isInked(column: Int, row: Int) -> Bool {
            (rows[row] >> UInt8(width - 1 - column)) & 1 == 1
        }
    }

    /// Height of every glyph in pixels (before scaling).
    static let glyphHeight = 7
    /// Blank columns between consecutive glyphs (before scaling).
    static let glyphSpacing = 1

    /// Returns the glyph used to draw `character` when it follows `previous`.
    static func glyph(for character: Character, after previous: Character?) -> Glyph {
        if character == "e", let previous, previous.isASCII, previous.isNumber || previous == "." {
            return glyphTable["e"]!
        }
        if character != "e", let glyph = glyphTable[character] { return glyph }
        if let upper = character.uppercased().first, let glyph = glyphTable[upper] { return glyph }
        return glyphTable["?"]!
    }

    /// The glyphs for the characters of `text`, in order.
    static func glyphs(of text: String) -> [Glyph] {
        var previous: Character?
        return text.map { character in
            defer { previous = character }
            return glyph(for: character, after: previous)
        }
    }

    /// Width in pixels of `text` drawn at `scale` (no trailing spacing).
    static func width(of text: String, scale: Int) -> Int {
        guard !text.isEmpty else { return 0 }
        let columns = glyphs(of: text).reduce(0) { $0 + $1.width + glyphSpacing } - glyphSpacing
        return columns * scale
    }

    /// Height in pixels of a line of text at `scale`.
    static func height(scale: Int) -> Int { glyphHeight * scale }

    /// Calls `plot(x, y)` for every inked pixel of `text` laid out left to right from the origin,
    /// with y growing downward; each font pixel becomes a `scale` x `scale` block.
    static func forEachInkedPixel(of text: String, scale: Int, _ plot: (Int, Int) -> Void) {
        var penX = 0
        for glyph in glyphs(of: text) {
            for row in 0..<glyphHeight {
                for column in 0..<glyph.width where glyph.isInked(column: column, row: row) {
                    for dy in 0..<scale {
                        for dx in 0..<scale {
                            plot(penX + column * scale + dx, row * scale + dy)
                        }
                    }
                }
            }
            penX += (glyph.width + glyphSpacing) * scale
        }
    }

    /// The glyph table, built once from the pictures in ``BitmapFontGlyphs``.
    private static let glyphTable: [Character: Glyph] = {
        var table: [Character: Glyph] = [:]
        for (character, picture) in BitmapFontGlyphs.pictures {
            precondition(picture.count == glyphHeight, "glyph \(character) must have 7 rows")
            let width = picture[0].count
            let rows = picture.map { line -> UInt8 in
                precondition(line.count == width, "glyph \(character) has ragged rows")
                return line.reduce(UInt8(0)) { ($0 << 1) | ($1 == "#" ? 1 : 0) }
            }
            table[character] = Glyph(width: width, rows: rows)
        }
        return table
    }()
}
