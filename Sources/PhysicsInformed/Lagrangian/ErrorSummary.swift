/// The relative L2 and largest absolute difference between a prediction and a reference sampled at
/// the same points.
public struct ErrorSummary: Sendable, Equatable {
    /// ‖prediction − reference‖₂ / ‖reference‖₂.
    public var relativeL2: Double
    /// max |prediction − reference|.
    public var maxAbs: Double

    /// Compares two equally long arrays of samples; NaN entries of the reference are skipped.
    public init(prediction: [Double], reference: [Double]) {
        precondition(prediction.count == reference.count, "ErrorSummary: \(prediction.count) predictions for \(reference.count) reference values")
        var difference = 0.0, norm = 0.0, largest = 0.0
        for (p, r) in zip(prediction, reference) where !r.isNaN {
            difference += (p - r) * (p - r)
            norm += r * r
            largest = max(largest, abs(p - r))
        }
        relativeL2 = (difference / max(norm, .leastNormalMagnitude)).squareRoot()
        maxAbs = largest
    }
}
