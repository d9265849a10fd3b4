/// Snapshots of a periodic 1-D field at requested times, as returned by `ETDRK4Solver.solve`.
///
/// Layout: `values` is row-major with one row per output time,
/// `values[i * points.count + j] = u(points[j], times[i])`, i.e. a `[times × points]` array.
public struct SpectralSolution: Sendable {
    /// The output times, as requested.
    public let times: [Double]
    /// The grid points `x_j`.
    public let points: [Double]
    /// The snapshots, row-major `[times.count × points.count]`.
    public let values: [Double]
    /// The number of time steps taken in all.
    public let steps: Int

    /// The snapshot at output index `i` (one value per grid point).
    public func snapshot(_ i: Int) -> [Double] {
        Array(values[(i * points.count)..<((i + 1) * points.count)])
    }
}
