import Autodiff

/// Parameters in the unit cube [0, 1)ᵐ drawn by one ``Sampling`` method, by index.
///
/// Extensible methods (uniform, Sobol) ignore `size`; Latin hypercube and Hammersley build a set of
/// exactly `size` points. Point `i` is computed on demand, so rejection sampling stores only the
/// points it accepts.
struct UnitCubeSequence {
    let sampling: Sampling
    let dimension: Int
    let size: Int
    let key: RandomKey
    private let sobol: SobolSequence?
    private let shift: [Double]
    private let strata: [[Int]]
    private let jitter: RandomKey

    /// Creates the sequence; throws if `sampling` does not support `dimension` parameters.
    init(_ sampling: Sampling, dimension: Int, size: Int, key: RandomKey) throws(SamplingError) {
        precondition(dimension >= 1, "The unit cube needs at least one dimension")
        guard dimension <= sampling.maximumDimension else {
            throw .unsupportedDimension(sampling, dimension: dimension, maximum: sampling.maximumDimension)
        }
        self.sampling = sampling
        self.dimension = dimension
        self.size = size
        self.key = key
        let keys = key.split(into: 2)
        self.jitter = keys[1]
        switch sampling {
        case .sobol, .shiftedSobol: sobol = SobolSequence(dimension: dimension)
        default: sobol = nil
        }
        shift = sampling == .shiftedSobol ? (0..<dimension).map { keys[0].unit($0) } : []
        strata = sampling == .latinHypercube ? (0..<dimension).map { keys[0].fold(in: $0).permutation(size) } : []
    }

    /// Writes point `index` into `u` (of length `dimension`).
    func point(_ index: Int, into u: inout [Double]) {
        switch sampling {
        case .uniform:
            for j in 0..<dimension { u[j] = key.unit(index * dimension + j) }
        case .sobol:
            sobol!.fill(index + 1, into: &u)
        case .shiftedSobol:
            sobol!.fill(index, into: &u)
            for j in 0..<dimension {
                let x = u[j] + shift[j]
                u[j] = x >= 1 ? x - 1 : x
            }
        case .latinHypercube:
            let n = Double(size)
            for j in 0..<dimension {
                u[j] = min((Double(strata[j][index]) + jitter.unit(index * dimension + j)) / n, 1.0.nextDown)
            }
        case .hammersley:
            u[0] = Double(index) / Double(size)
            for j in 1..<dimension { u[j] = RadicalInverse.value(index, base: RadicalInverse.primes[j - 1]) }
        }
    }
}
