import Autodiff

/// Training right-hand sides for DCDM, biased toward the low end of `A`'s spectrum (the modes
/// conjugate gradients resolves last): `b = Σⱼ cⱼ vⱼ / ‖·‖` over Ritz vectors `vⱼ` (ascending Ritz
/// values), with `cⱼ ~ lowWeight · N(0, 1)` on the lower half and `cⱼ ~ N(0, 1)` on the upper half.
///
/// Deterministic: sample `i` depends only on `key` and `i`. Cost per sample: `m n` flops.
public struct SpectrumBiasedSampler: Sendable {
    /// The Ritz pairs the samples are combined from.
    public let ritzPairs: RitzPairs
    /// The standard deviation of the coefficients on the lower half of the Ritz values (the paper: 9).
    public var lowWeight: Double

    /// A sampler over `ritzPairs` (at least one pair).
    public init(ritzPairs: RitzPairs, lowWeight: Double = 9) {
        precondition(ritzPairs.count > 0, "SpectrumBiasedSampler needs at least one Ritz pair")
        self.ritzPairs = ritzPairs
        self.lowWeight = lowWeight
    }

    /// The length of the samples.
    public var dimension: Int { ritzPairs.vectors[0].count }

    /// One right-hand side of unit 2-norm.
    public func sample(key: RandomKey) -> [Double] {
        let m = ritzPairs.count
        let coefficients = key.normal([m]).scalars
        var b = [Double](repeating: 0, count: dimension)
        for j in 0..<m {
            VectorOps.addScaled(&b, coefficients[j] * (j < m / 2 ? lowWeight : 1), ritzPairs.vectors[j])
        }
        let norm = VectorOps.norm(b)
        return norm > 0 ? VectorOps.scaled(b, 1 / norm) : b
    }

    /// `count` samples as the rows of a `[count, dimension]` tensor, sample `i` drawn from `key.fold(in: i)`.
    public func samples(count: Int, key: RandomKey) -> Tensor {
        Tensor(shape: [count, dimension], scalars: (0..<count).flatMap { sample(key: key.fold(in: $0)) })
    }
}
