import Foundation

/// A splittable, counter-based source of random numbers.
///
/// A key is a pure value: drawing from it never changes it, and `split` derives independent keys, so
/// randomness is an explicit argument and results are reproducible for a given seed, independent of
/// threads. Bits come from the SplitMix64 finaliser applied to `(key, counter)`.
public struct RandomKey: Sendable, Hashable {
    /// The 64-bit state identifying this stream.
    public let state: UInt64

    /// Creates the root key for `seed`.
    public init(seed: UInt64) { self.state = RandomKey.mix(seed &+ 0x9E37_79B9_7F4A_7C15) }

    init(state: UInt64) { self.state = state }

    /// `count` new keys, independent of each other and of `self`.
    public func split(into count: Int = 2) -> [RandomKey] {
        (0..<count).map { RandomKey(state: RandomKey.mix(state ^ RandomKey.mix(UInt64($0) &+ 0xD1B5_4A32_D192_ED03))) }
    }

    /// A key derived from `self` and a label, e.g. a layer index.
    public func fold(in label: Int) -> RandomKey {
        RandomKey(state: RandomKey.mix(state &+ RandomKey.mix(UInt64(bitPattern: Int64(label)) ^ 0x94D0_49BB_1331_11EB)))
    }

    /// The `index`-th 64 random bits of this stream.
    @inlinable
    public func bits(_ index: Int) -> UInt64 {
        RandomKey.mix(state &+ UInt64(bitPattern: Int64(index)) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// The `index`-th uniform double in [0, 1) of this stream (53 random bits).
    @inlinable
    public func unit(_ index: Int) -> Double {
        Double(bits(index) >> 11) * 0x1.0p-53
    }

    @inlinable
    static func mix(_ z0: UInt64) -> UInt64 {
        var z = z0
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A tensor of uniform samples in `[low, high)`.
    public func uniform(_ shape: [Int], low: Double = 0, high: Double = 1) -> Tensor {
        Tensor(shape: shape) { out in
            for i in out.indices { out[i] = low + (high - low) * unit(i) }
        }
    }

    /// A tensor of normal samples with the given mean and standard deviation (Box–Muller).
    ///
    /// Like every draw, it depends only on the key: draw twice from one key and you get the same
    /// samples, so split or fold the key for independent draws. Normal draws use a stream derived
    /// from the key, so `uniform` and `normal` from one key are independent.
    public func normal(_ shape: [Int], mean: Double = 0, standardDeviation: Double = 1) -> Tensor {
        let stream = fold(in: 0x4E4F524D)
        return Tensor(shape: shape) { out in
            for i in out.indices {
                let u1 = 1 - stream.unit(2 * i)          // (0, 1], so the logarithm is finite
                let u2 = stream.unit(2 * i + 1)
                out[i] = mean + standardDeviation * (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * .pi * u2)
            }
        }
    }

    /// A random permutation of `0..<count` (Fisher–Yates).
    public func permutation(_ count: Int) -> [Int] {
        var p = Array(0..<count)
        if count < 2 { return p }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(bits(i) % UInt64(i + 1))
            p.swapAt(i, j)
        }
        return p
    }
}
