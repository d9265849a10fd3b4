import Autodiff
import NeuralNetworks

/// A learned constitutive law: an elastic network giving the Kirchhoff stress and, optionally, a
/// plastic network correcting the trial deformation gradient.
///
/// With `priors` (NCLaw) the networks see only rotation-invariant inputs that vanish at F = I
/// (`InvariantFeatures`), have no biases, and their outputs are assembled as τ = R sym(Y) Fᵀ and
/// F_new = F + α R sym(Y) (R the polar rotation): the law is rotation equivariant, stress-free at
/// rest and leaves the undeformed state alone, by construction. Without priors (the baseline) the
/// networks see the entries of F, have biases, and output τ and the correction directly.
///
/// `elasticForm: .energy` replaces the elastic head by a learned stored energy (see `ElasticForm`).
public struct NeuralConstitutiveLaw: DifferentiableMaterial {
    /// How the elastic network gives the stress.
    public enum ElasticForm: String, Sendable, CaseIterable {
        /// NCLaw's head: the network's d² outputs Y give τ = R sym(Y) Fᵀ.
        case stress
        /// A stored energy: the network's one output ψ of the isotropic invariants
        /// (`IsotropicInvariants`) gives τ = ∂ψ/∂F Fᵀ (`IsotropicStressAssembly`), minus the term
        /// c (J − 1) that makes the state at rest stress-free. The law is hyperelastic: its tangent
        /// ∂P/∂F has major symmetry, so its acoustic tensor is symmetric and plane waves cannot
        /// grow by flutter. Training differentiates the network twice (its input gradient is
        /// recorded).
        case energy
    }

    /// 2 or 3.
    public let dimension: Int
    /// True for NCLaw's structured networks, false for the plain baseline.
    public let priors: Bool
    /// How the elastic network gives the stress (`.stress` unless chosen).
    public let elasticForm: ElasticForm
    /// The elastic network.
    public var elastic: ConstitutiveNetwork
    /// The plastic network, if the law has plasticity.
    public var plastic: ConstitutiveNetwork?
    /// The scale α of the plastic correction.
    public var plasticScale: Double = 1e-3
    /// Divides the elastic network's output: τ = stressScale · network (keeps Adam's steps at a
    /// sensible size for stiff materials).
    public var stressScale: Double

    /// Creates the networks: hidden sizes `hidden` (default 64, 64), GELU, Xavier weights with the
    /// output layers scaled by `outputScale` (the plastic network's by `plasticOutputScale` when
    /// given: its correction is already multiplied by α, so it need not start as small). With
    /// `weightFactorization` both networks train factorised weights (`ConstitutiveNetwork.factorized`),
    /// which lets a unit's gain grow or shrink by orders of magnitude in a few Adam steps.
    /// `elasticForm: .energy` (with priors only) makes the elastic network a stored energy.
    public init(dimension: Int, priors: Bool = true, plasticity: Bool = true, hidden: [Int] = [64, 64],
                stressScale: Double = 1, outputScale: Double = 1, plasticOutputScale: Double? = nil,
                weightFactorization: Bool = false, elasticForm: ElasticForm = .stress, key: RandomKey) {
        precondition(dimension == 2 || dimension == 3, "dimension must be 2 or 3")
        precondition(priors || elasticForm == .stress, "a stored-energy elastic network needs the priors")
        self.dimension = dimension
        self.priors = priors
        self.elasticForm = elasticForm
        self.stressScale = stressScale
        let inputs = priors ? dimension + dimension * dimension + 1 : dimension * dimension
        let outputs = dimension * dimension
        let keys = key.split(into: 2)
        let elasticSizes = elasticForm == .energy ? [IsotropicInvariants(dimension: dimension).width] + hidden + [1]
            : [inputs] + hidden + [outputs]
        elastic = ConstitutiveNetwork(sizes: elasticSizes, biases: !priors, outputScale: outputScale, key: keys[0])
        plastic = plasticity ? ConstitutiveNetwork(sizes: [inputs] + hidden + [outputs], biases: !priors,
                                                   outputScale: plasticOutputScale ?? outputScale, key: keys[1]) : nil
        if weightFactorization {
            elastic = elastic.factorized(key: keys[0].fold(in: 100))
            plastic = plastic?.factorized(key: keys[1].fold(in: 100))
        }
    }

    public var parameters: [Variable] {
        get { elastic.parameters + (plastic?.parameters ?? []) }
        set {
            let e = elastic.parameters.count
            elastic.parameters = Array(newValue[0..<e])
            if plastic != nil { plastic!.parameters = Array(newValue[e...]) }
        }
    }

    /// The network inputs for `[N, 9]` gradients.
    func inputs(_ f: Variable) -> Variable {
        if priors { return Variable.apply(InvariantFeatures(dimension: dimension), to: [f]) }
        return Variable.apply(MatrixBlock(dimension: dimension, extracting: true), to: [f])
    }

    public func stress(_ deformation: Variable, dimension: Int) -> Variable {
        if elasticForm == .energy { return energyStress(deformation) }
        let y = elastic(inputs(deformation)) * stressScale
        if priors { return Variable.apply(ElasticAssembly(dimension: self.dimension), to: [deformation, y]) }
        return Variable.apply(MatrixBlock(dimension: self.dimension, extracting: false), to: [y])
    }

    public func returnMap(trial: Variable, previous: Variable, dimension: Int) -> Variable {
        guard let plastic else { return trial }
        let y = plastic(inputs(trial))
        if priors { return Variable.apply(PlasticCorrection(dimension: self.dimension, alpha: plasticScale), to: [trial, y]) }
        return trial + Variable.apply(MatrixBlock(dimension: self.dimension, extracting: false), to: [y]) * plasticScale
    }

    /// τ = ∂ψ/∂F Fᵀ for ψ(F) = network(x(F)) − c (J − 1), x the isotropic invariants and
    /// c = (2 ∂₁ + 4 ∂₂ + ∂_J) network at x = 0 (2 ∂₁ + ∂_J in 2D), so that τ(I) = 0.
    func energyStress(_ deformation: Variable) -> Variable {
        let invariants = IsotropicInvariants(dimension: dimension), w = invariants.width
        let x = Variable.apply(invariants, to: [deformation])
        let slopes = elastic.inputGradient(at: x)
        let rest = elastic.inputGradient(at: Variable(Tensor.zeros([1, w])))
        let restWeights = Tensor(shape: [1, w], scalars: dimension == 3 ? [2, 4, 1] : [2, 1])
        let c = (rest * Variable(restWeights)).sum()
        let jColumn = Tensor(shape: [1, w], scalars: (0..<w).map { $0 == w - 1 ? 1 : 0 })
        let coefficients = slopes - Variable(jColumn) * c
        return Variable.apply(IsotropicStressAssembly(dimension: dimension), to: [deformation, coefficients]) * stressScale
    }
}
