/// Why points could not be sampled.
public enum SamplingError: Error, Equatable, CustomStringConvertible {
    /// Rejection sampling accepted too few candidates: fewer than
    /// ``minimumAcceptanceRate`` of them after at least ``acceptanceCheckInterval``.
    ///
    /// Typical causes: an empty or very thin CSG region (e.g. the intersection of disjoint shapes),
    /// a region much smaller than the shape it is cut from, or a boundary predicate that selects a
    /// set of measure zero.
    case acceptanceRateTooLow(accepted: Int, candidates: Int, requested: Int)
    /// The sampling method does not support this many parameters.
    case unsupportedDimension(Sampling, dimension: Int, maximum: Int)
    /// A point set was asked for more points than it holds.
    case notEnoughPoints(requested: Int, available: Int)

    /// Below this fraction of accepted candidates, rejection sampling gives up.
    public static let minimumAcceptanceRate = 1e-3
    /// The acceptance rate is checked after this many candidates, then after every doubling.
    public static let acceptanceCheckInterval = 10_000

    /// A one-line description naming the problem.
    public var description: String {
        switch self {
        case let .acceptanceRateTooLow(accepted, candidates, requested):
            return "rejection sampling accepted \(accepted) of \(candidates) candidates (needed \(requested), "
                + "minimum rate \(SamplingError.minimumAcceptanceRate)): the region is empty or too small "
                + "for the shape it is sampled from"
        case let .unsupportedDimension(sampling, dimension, maximum):
            return "\(sampling) sampling supports at most \(maximum) parameters, \(dimension) requested"
        case let .notEnoughPoints(requested, available):
            return "a point set of \(available) points cannot supply \(requested)"
        }
    }
}
