import Foundation

/// The trigonometric interpolant of `n` equispaced samples of a periodic function on
/// `[lower, lower + period)`: the unique sum of modes e^{ikωx}, |k| ≤ n/2 (ω = 2π/period; for even
/// n the Nyquist mode as a cosine), through the samples.
///
/// For a smooth periodic function this converges spectrally, which is how a spectral reference is
/// evaluated off its grid (at the characteristic positions X(x0, t) of a Lagrangian model).
/// Setting up costs O(n²), evaluation O(n) per point.
public struct TrigonometricInterpolant: Sendable {
    /// The left end of the period.
    public let lower: Double
    /// The period.
    public let period: Double
    /// Cosine coefficients a_k, k = 0…n/2.
    let cosines: [Double]
    /// Sine coefficients b_k, k = 0…n/2.
    let sines: [Double]

    /// The interpolant of `samples[j] = f(lower + j · period / n)`.
    public init(samples: [Double], lower: Double, period: Double) {
        precondition(samples.count >= 2, "TrigonometricInterpolant needs at least 2 samples")
        let n = samples.count, half = n / 2
        var a = [Double](repeating: 0, count: half + 1), b = a
        let table = (0..<n).map { 2 * Double.pi * Double($0) / Double(n) }
        for k in 0...half {
            var c = 0.0, s = 0.0
            for j in 0..<n {
                let angle = table[(j * k) % n]
                c += samples[j] * cos(angle)
                s += samples[j] * sin(angle)
            }
            let scale = (k == 0 || (n % 2 == 0 && k == half)) ? 1 / Double(n) : 2 / Double(n)
            a[k] = c * scale
            b[k] = (n % 2 == 0 && k == half) ? 0 : s * scale
        }
        cosines = a
        sines = b
        self.lower = lower
        self.period = period
    }

    /// The interpolant at `x` (any real x: it is periodic).
    public func callAsFunction(_ x: Double) -> Double {
        let theta = 2 * Double.pi * (x - lower) / period
        let (c1, s1) = (cos(theta), sin(theta))
        var (c, s) = (1.0, 0.0)
        var sum = cosines[0]
        for k in 1..<cosines.count {
            // e^{ikθ} = e^{i(k−1)θ} e^{iθ} (rounding grows like k · 1e-16).
            (c, s) = (c * c1 - s * s1, s * c1 + c * s1)
            sum += cosines[k] * c + sines[k] * s
        }
        return sum
    }
}

/// Snapshots of a periodic field on an equispaced grid at several times — a spectral reference —
/// evaluated anywhere in x by trigonometric interpolation.
///
/// Layout as `SpectralSolution`: `values[i * count + j] = u(lower + j · period / count, times[i])`.
public struct PeriodicSnapshots: Sendable {
    /// The output times.
    public let times: [Double]
    /// The interpolant of each snapshot.
    public let rows: [TrigonometricInterpolant]
    /// The grid size.
    public let count: Int
    /// The raw values, `[times × count]`.
    public let values: [Double]

    /// Snapshots on the grid `lower + j · period / count`, row-major `[times.count × count]`.
    public init(times: [Double], values: [Double], count: Int, lower: Double, period: Double) {
        precondition(count >= 2 && values.count == times.count * count,
                     "PeriodicSnapshots: \(values.count) values for \(times.count) times × \(count) points")
        self.times = times
        self.count = count
        self.values = values
        rows = times.indices.map { i in
            TrigonometricInterpolant(samples: Array(values[(i * count)..<((i + 1) * count)]), lower: lower, period: period)
        }
    }

    /// u(x, times[row]).
    public func value(at x: Double, row: Int) -> Double { rows[row](x) }
}
