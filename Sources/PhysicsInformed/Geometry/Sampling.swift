/// How parameters in the unit cube are drawn before a geometry maps them onto its region.
///
/// The random methods draw from the `RandomKey` they are given; the deterministic ones ignore it.
/// Either way, the same key and count give the same points bit for bit.
///
/// Shapes sampled by rejection (polygons, CSG, boundary predicates) continue a uniform or Sobol
/// sequence until enough points are accepted. A Latin hypercube or Hammersley set cannot be
/// continued: it is rebuilt larger and the accepted points are thinned evenly, so its exact
/// stratification (one point per stratum, i/N in the first coordinate) holds only where nothing is
/// rejected — boxes, disks, and their time extrusions.
public enum Sampling: Sendable, Hashable, CaseIterable {
    /// Independent uniform samples from the key. Error of a Monte Carlo mean ∝ N^(-1/2).
    case uniform
    /// Latin hypercube: in each dimension, one point in each of the N strata [k/N, (k+1)/N), the
    /// strata assigned by an independent random permutation per dimension, each point at a uniform
    /// random offset inside its stratum.
    case latinHypercube
    /// The Sobol sequence (Joe–Kuo direction numbers, Gray-code order) without its first point, the
    /// origin. Deterministic: the key is ignored. Up to ``SobolSequence/maximumDimension`` parameters.
    case sobol
    /// The Sobol sequence shifted modulo 1 by one uniform random vector drawn from the key
    /// (a Cranley–Patterson rotation): as evenly spread as ``sobol``, but different for each key, so
    /// resampling gives new points. The origin is not skipped (it is shifted like any other point).
    case shiftedSobol
    /// The Hammersley set of N points: i/N (i = 0, …, N − 1) in the first parameter and the
    /// radical inverses of i in bases 2, 3, 5, 7, … in the others. Deterministic; N must be known in
    /// advance, so a Hammersley set is never a prefix of a larger one.
    case hammersley
}

extension Sampling {
    /// Whether the first n points do not depend on how many are drawn, so that rejection can simply
    /// continue the sequence.
    var isExtensible: Bool {
        switch self {
        case .uniform, .sobol, .shiftedSobol: return true
        case .latinHypercube, .hammersley: return false
        }
    }

    /// Whether the points depend on the random key.
    var isRandomized: Bool {
        switch self {
        case .uniform, .latinHypercube, .shiftedSobol: return true
        case .sobol, .hammersley: return false
        }
    }

    /// The largest number of parameters this method supports.
    var maximumDimension: Int {
        switch self {
        case .uniform, .latinHypercube: return Int.max
        case .sobol, .shiftedSobol: return SobolSequence.maximumDimension
        case .hammersley: return RadicalInverse.primes.count + 1
        }
    }
}
