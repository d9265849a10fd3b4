/// Gradient stops for the built-in colour maps.
enum ColorMapAnchors {
    /// Viridis (van der Walt and Smith, CC0), sampled every 8th entry of matplotlib's
    /// 256-entry table plus the last entry; linear interpolation between these stops stays
    /// within about one byte of the full table.
    static let viridis: [ColorMap.Anchor] = [
        entry(  0, 0.267004, 0.004874, 0.329415),
        entry(  8, 0.277018, 0.050344, 0.375715),
        entry( 16, 0.282327, 0.094955, 0.417331),
        entry( 24, 0.282884, 0.135920, 0.453427),
        entry( 32, 0.278826, 0.175490, 0.483397),
        entry( 40, 0.270595, 0.214069, 0.507052),
        entry( 48, 0.258965, 0.251537, 0.524736),
        entry( 56, 0.244972, 0.287675, 0.537260),
        entry( 64, 0.229739, 0.322361, 0.545706),
        entry( 72, 0.214298, 0.355619, 0.551184),
        entry( 80, 0.199430, 0.387607, 0.554642),
        entry( 88, 0.185556, 0.418570, 0.556753),
        entry( 96, 0.172719, 0.448791, 0.557885),
        entry(104, 0.160665, 0.478540, 0.558115),
        entry(112, 0.149039, 0.508051, 0.557250),
        entry(120, 0.137770, 0.537492, 0.554906),
        entry(128, 0.127568, 0.566949, 0.550556),
        entry(136, 0.120565, 0.596422, 0.543611),
        entry(144, 0.120638, 0.625828, 0.533488),
        entry(152, 0.132268, 0.655014, 0.519661),
        entry(160, 0.157851, 0.683765, 0.501686),
        entry(168, 0.196571, 0.711827, 0.479221),
        entry(176, 0.246070, 0.738910, 0.452024),
        entry(184, 0.304148, 0.764704, 0.419943),
        entry(192, 0.369214, 0.788888, 0.382914),
        entry(200, 0.440137, 0.811138, 0.340967),
        entry(208, 0.515992, 0.831158, 0.294279),
        entry(216, 0.595839, 0.848717, 0.243329),
        entry(224, 0.678489, 0.863742, 0.189503),
        entry(232, 0.762373, 0.876424, 0.137064),
        entry(240, 0.845561, 0.887322, 0.099702),
        entry(248, 0.926106, 0.897330, 0.104071),
        entry(255, 0.993248, 0.906157, 0.143936),
    ]

    /// Makes a stop from an index into the 256-entry table and unit RGB components.
    private static func entry(_ index: Int, _ red: Double, _ green: Double, _ blue: Double) -> ColorMap.Anchor {
        ColorMap.Anchor(position: Double(index) / 255, red: red, green: green, blue: blue)
    }
}
