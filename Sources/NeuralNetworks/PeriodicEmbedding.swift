import Autodiff

/// Replaces periodic coordinates by `cos(k ω x), sin(k ω x)` for `k = 1…K`, `ω = 2π / period`, so a
/// network of the embedding is exactly periodic; the other coordinates pass through unchanged.
///
/// Output columns: the non-periodic coordinates in order, then all cosines, then all sines.
public struct PeriodicEmbedding: Layer {
    /// The linear map from inputs to the pass-through columns, `[inputSize, passCount]`.
    let passThrough: Tensor
    /// The linear map from inputs to the phases `k ω x`, `[inputSize, harmonics·periodicCount]`.
    let phases: Tensor

    /// Creates an embedding of `inputSize` coordinates where `periods[axis]` gives the period of each
    /// periodic axis and `harmonics` is K.
    public init(inputSize: Int, periods: [Int: Double], harmonics: Int = 1) {
        precondition(periods.keys.allSatisfy { $0 >= 0 && $0 < inputSize }, "Periodic axis out of range")
        precondition(harmonics >= 1, "harmonics must be at least 1")
        let passAxes = (0..<inputSize).filter { periods[$0] == nil }
        var pass = Tensor.zeros([inputSize, passAxes.count]).scalars
        for (j, axis) in passAxes.enumerated() { pass[axis * passAxes.count + j] = 1 }
        passThrough = Tensor(shape: [inputSize, passAxes.count], scalars: pass)
        let periodic = periods.keys.sorted()
        let columns = periodic.count * harmonics
        var phase = [Double](repeating: 0, count: inputSize * columns)
        for (p, axis) in periodic.enumerated() {
            let omega = 2 * Double.pi / periods[axis]!
            for k in 1...harmonics { phase[axis * columns + p * harmonics + (k - 1)] = Double(k) * omega }
        }
        phases = Tensor(shape: [inputSize, columns], scalars: phase)
    }

    /// The number of output columns.
    public var outputSize: Int { passThrough.shape[1] + 2 * phases.shape[1] }

    public var parameters: [Variable] {
        get { [] }
        set { precondition(newValue.isEmpty, "PeriodicEmbedding has no trainable parameters") }
    }

    public func callAsFunction(_ x: Jet) -> Jet {
        let z = x.mapLinear { matmul($0, Variable(phases)) }
        var parts = [z.cos(), z.sin()]
        if passThrough.shape[1] > 0 { parts.insert(x.mapLinear { matmul($0, Variable(passThrough)) }, at: 0) }
        return Jet.concatenate(parts)
    }
}
