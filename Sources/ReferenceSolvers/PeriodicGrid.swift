/// An equispaced grid on the periodic interval `[start, start + length)`: `count` points
/// `x_j = start + j · length / count`, j = 0 … count − 1 (the right end is the left end again).
public struct PeriodicGrid: Sendable, Equatable {
    /// The left end of the period.
    public let start: Double
    /// The period.
    public let length: Double
    /// The number of grid points.
    public let count: Int

    /// A grid of `count` (≥ 2) points on `[start, start + length)` with `length > 0`.
    /// - Throws: `ReferenceSolverError.invalidArgument` for fewer than two points or a non-positive
    ///   or non-finite length.
    public init(start: Double, length: Double, count: Int) throws {
        guard count >= 2 else {
            throw ReferenceSolverError.invalidArgument("a periodic grid needs at least 2 points, got \(count)")
        }
        guard length > 0, length.isFinite, start.isFinite else {
            throw ReferenceSolverError.invalidArgument("a periodic grid needs a finite start and a positive finite length, got start \(start), length \(length)")
        }
        self.start = start
        self.length = length
        self.count = count
    }

    /// The grid spacing `length / count`.
    public var spacing: Double { length / Double(count) }

    /// The grid points `x_j = start + j · spacing`.
    public var points: [Double] {
        (0..<count).map { start + Double($0) * length / Double(count) }
    }

    /// The angular wavenumbers `2πj/length`, j = 0 … count/2, of the real-transform coefficients.
    public var wavenumbers: [Double] {
        RealFourierTransform.wavenumbers(count: count, length: length)
    }

    /// The values of `f` at the grid points.
    public func sample(_ f: (Double) -> Double) -> [Double] {
        points.map(f)
    }
}
