/// The Sobol low-discrepancy sequence in up to ``maximumDimension`` dimensions.
///
/// Points are generated in Gray-code order (Antonov–Saleev), point n being the XOR of the direction
/// numbers selected by the bits of n ⊕ (n >> 1), with 32-bit direction numbers: n < 2³², and
/// coordinates are multiples of 2⁻³². Point 0 is the origin. The first 2ᵏ points (origin included)
/// take each value j / 2ᵏ exactly once in every coordinate, and in the first two coordinates they
/// form a (0, k, 2)-net. Random access costs O(dimension × log n).
///
/// Direction numbers: dimension 1 is the van der Corput sequence; dimensions 2 to 12 use the
/// primitive polynomials and initial numbers m of S. Joe and F. Y. Kuo, "Constructing Sobol
/// sequences with better two-dimensional projections", SIAM J. Sci. Comput. 30 (2008) 2635–2654, file
/// `new-joe-kuo-6.21201` (the parameters SciPy's `qmc.Sobol` uses; the test suite checks points
/// against it).
public struct SobolSequence: Sendable {
    /// The largest dimension with direction numbers in the table.
    public static let maximumDimension = 12

    /// The number of coordinates of a point.
    public let dimension: Int
    /// `directions[32 * j + k]` is the direction number v_{k+1} of coordinate j, scaled by 2³².
    private let directions: [UInt32]

    private static let bits = 32

    /// Joe–Kuo parameters for dimensions 2…12: degree s of the primitive polynomial, its interior
    /// coefficients a (as an integer, highest first), and the initial direction integers m₁ … mₛ.
    private static let joeKuo: [(s: Int, a: UInt32, m: [UInt32])] = [
        (1, 0, [1]),
        (2, 1, [1, 3]),
        (3, 1, [1, 3, 1]),
        (3, 2, [1, 1, 1]),
        (4, 1, [1, 1, 3, 3]),
        (4, 4, [1, 3, 5, 13]),
        (5, 2, [1, 1, 5, 5, 17]),
        (5, 4, [1, 1, 5, 5, 5]),
        (5, 7, [1, 1, 7, 11, 19]),
        (5, 11, [1, 1, 5, 1, 1]),
        (5, 13, [1, 1, 1, 3, 11]),
    ]

    /// Creates the sequence in `dimension` dimensions.
    ///
    /// - Precondition: `1 ≤ dimension ≤ maximumDimension`.
    public init(dimension: Int) {
        precondition(dimension >= 1 && dimension <= SobolSequence.maximumDimension,
                     "Sobol sequence dimension must be in 1...\(SobolSequence.maximumDimension), got \(dimension)")
        self.dimension = dimension
        let bits = SobolSequence.bits
        var v = [UInt32](repeating: 0, count: bits * dimension)
        for k in 0..<bits { v[k] = 1 << UInt32(bits - 1 - k) }
        for j in 1..<dimension {
            let (s, a, m) = SobolSequence.joeKuo[j - 1]
            let base = bits * j
            for k in 0..<s { v[base + k] = m[k] << UInt32(bits - 1 - k) }
            for k in s..<bits {
                var value = v[base + k - s] ^ (v[base + k - s] >> UInt32(s))
                for l in 1..<s where (a >> UInt32(s - 1 - l)) & 1 == 1 {
                    value ^= v[base + k - l]
                }
                v[base + k] = value
            }
        }
        self.directions = v
    }

    /// Point `index` of the sequence (point 0 is the origin).
    ///
    /// - Precondition: `0 ≤ index < 2³²`.
    public func point(_ index: Int) -> [Double] {
        var x = [Double](repeating: 0, count: dimension)
        fill(index, into: &x)
        return x
    }

    /// Writes point `index` into the first `dimension` entries of `x`.
    func fill(_ index: Int, into x: inout [Double]) {
        precondition(index >= 0 && index < 1 << SobolSequence.bits,
                     "Sobol index \(index) is outside 0..<2^\(SobolSequence.bits)")
        let gray = UInt64(index) ^ (UInt64(index) >> 1)
        let bits = SobolSequence.bits
        for j in 0..<dimension {
            var value: UInt32 = 0
            var g = gray
            var k = bits * j
            while g != 0 {
                if g & 1 == 1 { value ^= directions[k] }
                g >>= 1
                k += 1
            }
            x[j] = Double(value) * 0x1.0p-32
        }
    }
}
