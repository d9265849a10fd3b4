import Autodiff

/// The stability prior of constitutive-law training: a penalty on observed states where the
/// learned elastic law's acoustic tensor (`AcousticTensor`) has an eigenvalue below
/// `margin × stressScale`.
///
/// Position data alone may not tell a law that carries a deformation with a restoring force from
/// one that does not: a learned law can match a trajectory while losing strong ellipticity on part
/// of it, and then rollouts outside the data grow that mode until they blow up. The penalty is
/// weight × mean over the states of max(0, margin − λ/S)², where λ = vᵀ A(n) v for the weakest
/// direction n and polarisation v of each state (found at the current weights) and S the law's
/// stress scale; λ is a central difference of the stress along v ⊗ n, so its gradient flows
/// through the elastic network.
public struct NCLawStabilityPrior: Sendable {
    /// Weight of the penalty (0: off).
    public var weight: Double
    /// The smallest eigenvalue accepted, in units of the law's stress scale.
    public var margin: Double
    /// The observed states used: the deformation gradients of every keyframe at multiples of this
    /// many steps.
    public var every: Int

    /// Perturbed copies of each observed state added to the penalised set (0: the observed states
    /// only), so that the penalty also reaches states near the data that a new scene may visit.
    public var perturbedCopies: Int
    /// The size δ of the perturbations: a copy of F is (I + δ E) F with E's entries drawn from
    /// N(0, 1/9) (fixed draws, the same every epoch).
    public var perturbationSize: Double

    /// Creates the prior.
    public init(weight: Double, margin: Double = 0.01, every: Int = 100, perturbedCopies: Int = 0, perturbationSize: Double = 0.05) {
        self.weight = weight
        self.margin = margin
        self.every = every
        self.perturbedCopies = perturbedCopies
        self.perturbationSize = perturbationSize
    }

    /// The penalised states: `observed`, then `perturbedCopies` perturbed copies of each (in 2D the
    /// perturbation leaves the third row and column alone). Deterministic.
    public func states(observed: [Matrix3], dimension: Int = 3) -> [Matrix3] {
        guard perturbedCopies > 0, !observed.isEmpty else { return observed }
        let draws = RandomKey(seed: 0x57AB_1E).normal([perturbedCopies * observed.count, 9], standardDeviation: 1.0 / 3).scalars
        var all = observed
        all.reserveCapacity(observed.count * (1 + perturbedCopies))
        for c in 0..<perturbedCopies {
            for (i, f) in observed.enumerated() {
                let offset = 9 * (c * observed.count + i)
                var e = Matrix3(Array(draws[offset..<(offset + 9)]))
                if dimension == 2 { e = e.restricted(to: 2, diagonalFill: 0) }
                all.append((Matrix3.identity + e * perturbationSize) * f)
            }
        }
        return all
    }

    /// The penalty at `states`, the fraction of states below the margin, and the gradient with
    /// respect to `law.parameters`.
    public func evaluate(_ law: NeuralConstitutiveLaw, at states: [Matrix3]) -> (penalty: Double, belowMargin: Double, gradients: [Tensor]) {
        let d = law.dimension, scale = law.stressScale
        let modes = AcousticTensor.minimumModes(of: law, at: states, dimension: d)
        let weak = modes.indices.filter { modes[$0].value < margin * scale }
        let zeros = law.parameters.map { Tensor.zeros($0.value.shape) }
        guard weak.count > 0, weight > 0 else { return (0, Double(weak.count) / Double(max(states.count, 1)), zeros) }
        // λ/S = (⟨τ(F + hG), G (F + hG)⁻¹⟩ − ⟨τ(F − hG), G (F − hG)⁻¹⟩) / (2hS), G = v ⊗ n,
        // since ⟨G, τ F⁻ᵀ⟩ = ⟨τ, G F⁻¹⟩.
        let h = 1e-6   // the step of AcousticTensor's derivatives, so that v is the minimiser of the same quotient
        var plus = [Double](), minus = [Double](), weightPlus = [Double](), weightMinus = [Double]()
        for s in weak {
            let g = Matrix3.outer(modes[s].polarization, modes[s].direction)
            let fPlus = states[s] + g * h, fMinus = states[s] - g * h
            plus += fPlus.entries; minus += fMinus.entries
            weightPlus += (g * fPlus.inverse * (1 / (2 * h * scale))).entries
            weightMinus += (g * fMinus.inverse * (-1 / (2 * h * scale))).entries
        }
        let m = weak.count
        let tauPlus = law.stress(Variable(Tensor(shape: [m, 9], scalars: plus)), dimension: d)
        let tauMinus = law.stress(Variable(Tensor(shape: [m, 9], scalars: minus)), dimension: d)
        let lambda = (tauPlus * Variable(Tensor(shape: [m, 9], scalars: weightPlus))
                      + tauMinus * Variable(Tensor(shape: [m, 9], scalars: weightMinus))).sum(alongAxes: [1])
        let shortfall = (Variable(Tensor(repeating: margin, shape: [m, 1])) - lambda).relu()
        let penalty = shortfall.squared().sum() * (weight / Double(states.count))
        let grads = gradients(of: penalty, wrt: law.parameters).map(\.value)
        return (penalty.value.scalars[0], Double(m) / Double(states.count), grads)
    }
}
