/// Radical inverses, the coordinates of Halton and Hammersley points.
enum RadicalInverse {
    /// The bases used for Hammersley coordinates 2, 3, … (the first coordinate is i/N).
    static let primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31]

    /// φ_b(i): the base-b digits of i mirrored about the radix point, in [0, 1).
    ///
    /// Exact for base 2; for other bases the rounding error is a few ulp.
    static func value(_ index: Int, base: Int) -> Double {
        precondition(index >= 0 && base >= 2)
        let inverseBase = 1 / Double(base)
        var i = index
        var factor = inverseBase
        var result = 0.0
        while i > 0 {
            result += Double(i % base) * factor
            i /= base
            factor *= inverseBase
        }
        return result
    }
}
