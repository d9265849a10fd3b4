import Foundation

/// The arithmetic of causal weighting, free of any model: which slice a time falls in, and the
/// weights from the slice losses.
public enum CausalWeights {
    /// The slice of each time in `times`: ⌊M (t − t₀) / (T − t₀)⌋, clamped to 0…M−1.
    public static func sliceIndices(times: [Double], range: ClosedRange<Double>, slices: Int) -> [Int] {
        let scale = Double(slices) / (range.upperBound - range.lowerBound)
        return times.map { t in
            let i = ((t - range.lowerBound) * scale).rounded(.down)
            return i.isFinite ? min(slices - 1, max(0, Int(i))) : 0
        }
    }

    /// wᵢ = exp(−ε (L₀ + Σ_{k<i} L_k)) for the slice losses `losses` (L₁ … L_M).
    public static func weights(sliceLosses losses: [Double], initialLoss: Double, epsilon: Double) -> [Double] {
        var cumulative = initialLoss
        return losses.map { l in
            defer { cumulative += l }
            return Foundation.exp(-epsilon * cumulative)
        }
    }
}
