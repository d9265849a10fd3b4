/// A 64-bit linear congruential generator for reproducible test matrices.
struct TestRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    /// The next value, the generator's high 31 bits.
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 33
    }
}
