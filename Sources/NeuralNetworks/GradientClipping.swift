import Autodiff

/// Gradient clipping by global norm.
public enum GradientClipping {
    /// The Euclidean norm of all gradients together.
    public static func globalNorm(_ gradients: [Tensor]) -> Double {
        gradients.reduce(0) { $0 + $1.dot($1) }.squareRoot()
    }

    /// Scales `gradients` so their global norm is at most `maxNorm`; returns them and the norm before clipping.
    public static func clipByGlobalNorm(_ gradients: [Tensor], maxNorm: Double) -> (gradients: [Tensor], norm: Double) {
        let norm = globalNorm(gradients)
        guard norm > maxNorm, norm.isFinite else { return (gradients, norm) }
        let scale = maxNorm / norm
        return (gradients.map { $0 * scale }, norm)
    }
}
