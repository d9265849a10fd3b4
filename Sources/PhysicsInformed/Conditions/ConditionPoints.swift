import Autodiff

/// Where a ``Condition`` is enforced: how its points are drawn, and whether they are redrawn when the
/// trainer resamples.
public indirect enum ConditionPoints {
    /// `count` points inside a geometry or point source (redrawn on resampling, except from a
    /// ``PointSet``).
    case interior(any PointSource, count: Int, sampling: Sampling = .uniform)
    /// `count` points on the part of a geometry's boundary where `predicate` holds, with outward
    /// unit normals (redrawn on resampling).
    case boundary(any Geometry, count: Int, sampling: Sampling = .uniform, where: ([Double]) -> Bool = { _ in true })
    /// `count` points of the initial slice Ω × {t₀} of a space–time domain (redrawn on resampling).
    case initial(TimeExtrusion, count: Int, sampling: Sampling = .uniform)
    /// Fixed points, with optional normals and per-point values (observations); never redrawn.
    case fixed(Tensor, normals: Tensor? = nil, values: Tensor? = nil)
    /// The points of `base` followed by the same points moved by `shift`: pairs for periodic
    /// conditions (rows `i` and `count + i` are partners).
    case pairs(ConditionPoints, shift: [Double])

    /// Draws the points (and normals where the source has them).
    ///
    /// The same key gives the same points bit for bit.
    public func sample(key: RandomKey) throws(SamplingError) -> PointBatch {
        switch self {
        case let .interior(source, count, sampling):
            return PointBatch(points: try source.interiorPoints(count, sampling: sampling, key: key))
        case let .boundary(geometry, count, sampling, predicate):
            let samples = try geometry.boundarySamples(count, sampling: sampling, key: key, where: predicate)
            return PointBatch(points: samples.points, normals: samples.normals)
        case let .initial(domain, count, sampling):
            return PointBatch(points: try domain.initialPoints(count, sampling: sampling, key: key))
        case let .fixed(points, normals, values):
            return PointBatch(points: points, normals: normals, values: values)
        case let .pairs(base, shift):
            let first = try base.sample(key: key)
            let moved = first.points + Tensor(shape: [1, shift.count], scalars: shift)
            return PointBatch(points: Tensor.concatenate([first.points, moved], alongAxis: 0), pairCount: first.count)
        }
    }

    /// The same source drawing `count` points (fixed points are unchanged).
    public func withCount(_ count: Int) -> ConditionPoints {
        switch self {
        case let .interior(source, _, sampling): return .interior(source, count: count, sampling: sampling)
        case let .boundary(geometry, _, sampling, predicate): return .boundary(geometry, count: count, sampling: sampling, where: predicate)
        case let .initial(domain, _, sampling): return .initial(domain, count: count, sampling: sampling)
        case .fixed: return self
        case let .pairs(base, shift): return .pairs(base.withCount(count), shift: shift)
        }
    }

    /// Whether resampling draws new points (false for fixed points and point sets).
    public var isRedrawn: Bool {
        switch self {
        case .interior(let source, _, _): return !(source is PointSet)
        case .boundary, .initial: return true
        case .fixed: return false
        case .pairs(let base, _): return base.isRedrawn
        }
    }

    /// The number of coordinates of a point.
    public var dimension: Int {
        switch self {
        case .interior(let source, _, _): return source.dimension
        case .boundary(let geometry, _, _, _): return geometry.dimension
        case .initial(let domain, _, _): return domain.dimension
        case .fixed(let points, _, _): return points.shape.count == 2 ? points.shape[1] : 0
        case .pairs(let base, _): return base.dimension
        }
    }
}

/// Points drawn for one condition: `[n, dimension]`, with outward normals on boundaries.
public struct PointBatch: Sendable {
    /// The points, `[count, dimension]`.
    public var points: Tensor
    /// Outward unit normals, `[count, dimension]`, where the points lie on a boundary.
    public var normals: Tensor?
    /// Values attached to the points (observations), `[count, k]`.
    public var values: Tensor?
    /// For periodic pairs, the number of pairs: rows `i` and `pairCount + i` are partners.
    public var pairCount: Int?

    /// Creates a batch.
    public init(points: Tensor, normals: Tensor? = nil, values: Tensor? = nil, pairCount: Int? = nil) {
        self.points = points
        self.normals = normals
        self.values = values
        self.pairCount = pairCount
    }

    /// The number of points.
    public var count: Int { points.shape[0] }

    /// The rows `indices` of the points (and normals); pairs are kept together.
    public func rows(_ indices: [Int]) -> PointBatch {
        if let pairCount {
            let both = indices + indices.map { $0 + pairCount }
            return PointBatch(points: points.gather(rows: both), normals: normals?.gather(rows: both), pairCount: indices.count)
        }
        return PointBatch(points: points.gather(rows: indices), normals: normals?.gather(rows: indices),
                          values: values?.gather(rows: indices))
    }

    /// The number of independent rows a mini-batch can pick from (pairs count once).
    public var selectableCount: Int { pairCount ?? count }

    /// This batch followed by `other` (points added by refinement: no normals, values or pairs).
    public func appending(_ other: PointBatch) -> PointBatch {
        PointBatch(points: Tensor.concatenate([points, other.points], alongAxis: 0))
    }
}
