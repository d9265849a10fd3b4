import Autodiff

/// Draws a given number of points from a ``UnitCubeMap``, rejecting as the map and a predicate say.
///
/// Extensible methods (uniform, Sobol) continue their sequence until enough points are accepted, so
/// the result is the first accepted points. Latin hypercube and Hammersley sets are rebuilt with a
/// larger size N (estimated from the acceptance rate seen so far) until enough are accepted; then
/// `count` of the accepted points are kept at evenly spaced positions, which preserves the spread of
/// a Hammersley set along its first coordinate (its points are ordered by it). Without rejection, a
/// set of exactly `count` points is built, so the stratification is exact.
enum RejectionSampler {
    /// The accepted points, in order.
    static func draw(_ count: Int, from map: UnitCubeMap, sampling: Sampling, key: RandomKey,
                     where isAccepted: (MappedPoint) -> Bool) throws(SamplingError) -> [MappedPoint] {
        precondition(count >= 0, "Cannot sample a negative number (\(count)) of points")
        if count == 0 { return [] }
        let minimumRate = SamplingError.minimumAcceptanceRate
        var u = [Double](repeating: 0, count: map.parameterCount)

        if sampling.isExtensible {
            let sequence = try UnitCubeSequence(sampling, dimension: map.parameterCount, size: 0, key: key)
            var accepted: [MappedPoint] = []
            accepted.reserveCapacity(count)
            var index = 0
            var nextCheck = SamplingError.acceptanceCheckInterval
            while accepted.count < count {
                sequence.point(index, into: &u)
                index += 1
                if let image = map(u), isAccepted(image) { accepted.append(image) }
                if index == nextCheck {
                    if Double(accepted.count) < minimumRate * Double(index) {
                        throw .acceptanceRateTooLow(accepted: accepted.count, candidates: index, requested: count)
                    }
                    nextCheck *= 2
                }
            }
            return accepted
        }

        var size = count
        while true {
            let sequence = try UnitCubeSequence(sampling, dimension: map.parameterCount, size: size, key: key)
            var accepted: [MappedPoint] = []
            for index in 0..<size {
                sequence.point(index, into: &u)
                if let image = map(u), isAccepted(image) { accepted.append(image) }
            }
            if accepted.count >= count {
                if accepted.count == count { return accepted }
                return (0..<count).map { accepted[$0 * accepted.count / count] }
            }
            let rate = Double(accepted.count) / Double(size)
            if size >= SamplingError.acceptanceCheckInterval && rate < minimumRate {
                throw .acceptanceRateTooLow(accepted: accepted.count, candidates: size, requested: count)
            }
            let estimate = Double(count) / max(rate, 1 / Double(size)) * 1.1
            size = max(2 * size, Int(estimate.rounded(.up)) + 1)
        }
    }

    /// The coordinates of `points` as a tensor of shape `[points.count, dimension]`.
    static func tensor(_ rows: [[Double]], dimension: Int) -> Tensor {
        var scalars: [Double] = []
        scalars.reserveCapacity(rows.count * dimension)
        for row in rows {
            precondition(row.count == dimension, "A sampled row has \(row.count) coordinates, expected \(dimension)")
            scalars.append(contentsOf: row)
        }
        return Tensor(shape: [rows.count, dimension], scalars: scalars)
    }
}
