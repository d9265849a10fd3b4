import Autodiff
import Foundation

/// A material law on autodiff variables, for differentiable rollouts: Kirchhoff stress and return
/// map on `[N, 9]` batches of row-major 3×3 matrices, with trainable parameters.
public protocol DifferentiableMaterial {
    /// The trainable parameters (network weights, moduli); empty for fixed laws.
    var parameters: [Variable] { get set }
    /// τ(F) for every row.
    func stress(_ deformation: Variable, dimension: Int) -> Variable
    /// The deformation gradient after plasticity, from the trial gradient and the previous one.
    func returnMap(trial: Variable, previous: Variable, dimension: Int) -> Variable
    /// The same law with the current parameter values as an analytic model, when there is one; then
    /// the passes that record nothing run on the fast simulator.
    var frozenModel: (any ConstitutiveModel)? { get }
}

extension DifferentiableMaterial {
    /// None by default.
    public var frozenModel: (any ConstitutiveModel)? { nil }
}

/// Any analytic `ConstitutiveModel` as a differentiable material without trainable parameters.
///
/// Derivatives with respect to F use central differences of the model's stress and return map
/// (step 1e-6 relative to ‖F‖, accurate to about 1e-8 relative), so every law, including plastic
/// return maps, can sit in a differentiable rollout; laws with closed-form derivatives and trainable
/// moduli are `ParametricElasticity`.
public struct AnalyticMaterial: DifferentiableMaterial {
    /// The law.
    public let model: any ConstitutiveModel
    /// Wraps `model`.
    public init(_ model: any ConstitutiveModel) { self.model = model }
    public var parameters: [Variable] { get { [] } set {} }
    public var frozenModel: (any ConstitutiveModel)? { model }

    public func stress(_ deformation: Variable, dimension: Int) -> Variable {
        Variable.apply(AnalyticMap(model: model, dimension: dimension, isStress: true), to: [deformation, deformation])
    }
    public func returnMap(trial: Variable, previous: Variable, dimension: Int) -> Variable {
        Variable.apply(AnalyticMap(model: model, dimension: dimension, isStress: false), to: [trial, previous])
    }
}

/// The stress τ(F) (both inputs F) or the return map (trial, previous) of an analytic law, with
/// central-difference pullbacks.
struct AnalyticMap: DifferentiableOperation {
    let model: any ConstitutiveModel
    let dimension: Int
    let isStress: Bool
    var name: String { isStress ? "\(model.name)-stress" : "\(model.name)-return-map" }

    func evaluate(_ a: Matrix3, _ b: Matrix3) -> Matrix3 {
        isStress ? model.kirchhoffStress(a, dimension: dimension)
            : model.returnMap(trial: a, previous: b, dimension: dimension)
    }

    func forward(_ inputs: [Tensor]) -> Tensor {
        let other = inputs[1].scalars
        return mapRows(inputs[0], width: 9) { p, a, row in row.writeMatrix(evaluate(a, other.matrix(at: p)), at: 0) }
    }

    func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        let d = dimension, g = cotangent.value.scalars
        let a = inputs[0].value.scalars, b = inputs[1].value.scalars
        func derivative(wrtFirst: Bool) -> Tensor {
            mapRows(wrtFirst ? inputs[0].value : inputs[1].value, width: 9) { p, _, row in
                let gp = g.matrix(at: p)
                let x = a.matrix(at: p), y = b.matrix(at: p)
                let h = 1e-6 * max(1, (wrtFirst ? x : y).squaredNorm.squareRoot())
                var bar = Matrix3.zero
                for i in 0..<d {
                    for j in 0..<d {
                        func shifted(_ s: Double) -> Matrix3 {
                            if wrtFirst { var xs = x; xs[i, j] += s; return evaluate(xs, isStress ? xs : y) }
                            var ys = y; ys[i, j] += s; return evaluate(x, ys)
                        }
                        bar[i, j] = gp.contracted(with: shifted(h) - shifted(-h)) / (2 * h)
                    }
                }
                row.writeMatrix(bar, at: 0)
            }
        }
        if isStress { return [Variable(derivative(wrtFirst: true)), nil] }
        return [Variable(derivative(wrtFirst: true)), Variable(derivative(wrtFirst: false))]
    }
}

/// Neo-Hookean or fixed-corotated elasticity with Young's modulus and Poisson's ratio as trainable
/// parameters (`[1]`-shaped variables) and closed-form derivatives.
public struct ParametricElasticity: DifferentiableMaterial {
    /// The two laws.
    public enum Law: String, Sendable { case neoHookean = "neo-hookean", fixedCorotated = "fixed-corotated" }
    /// Which law.
    public let law: Law
    /// E, `[1]`.
    public var youngsModulus: Variable
    /// ν, `[1]`.
    public var poissonsRatio: Variable

    /// Creates the law with trainable E and ν.
    public init(_ law: Law, youngsModulus: Double, poissonsRatio: Double) {
        self.law = law
        self.youngsModulus = .parameter(Tensor([youngsModulus]))
        self.poissonsRatio = .parameter(Tensor([poissonsRatio]))
    }

    public var parameters: [Variable] {
        get { [youngsModulus, poissonsRatio] }
        set { youngsModulus = newValue[0]; poissonsRatio = newValue[1] }
    }

    public func stress(_ deformation: Variable, dimension: Int) -> Variable {
        let e = youngsModulus, nu = poissonsRatio
        let mu = e / ((nu + 1) * 2)
        let lambda = e * nu / ((nu + 1) * (1 - nu * 2))
        return Variable.apply(ElasticStress(law: law, dimension: dimension), to: [deformation, mu, lambda])
    }

    public func returnMap(trial: Variable, previous: Variable, dimension: Int) -> Variable { trial }

    public var frozenModel: (any ConstitutiveModel)? {
        let e = youngsModulus.value.scalars[0], nu = poissonsRatio.value.scalars[0]
        switch law {
        case .neoHookean: return NeoHookean(youngsModulus: e, poissonsRatio: nu)
        case .fixedCorotated: return FixedCorotated(youngsModulus: e, poissonsRatio: nu)
        }
    }
}

/// τ(F; μ, λ) of the parametric laws with their exact pullbacks.
public struct ElasticStress: DifferentiableOperation {
    /// Which law.
    public let law: ParametricElasticity.Law
    /// 2 or 3.
    public let dimension: Int
    /// Creates the operation (inputs F `[N, 9]`, μ `[1]`, λ `[1]`).
    public init(law: ParametricElasticity.Law, dimension: Int) { self.law = law; self.dimension = dimension }
    public var name: String { "\(law.rawValue)-stress" }

    public func forward(_ inputs: [Tensor]) -> Tensor {
        let mu = inputs[1].scalars[0], lambda = inputs[2].scalars[0], d = dimension
        let model: any ConstitutiveModel = law == .neoHookean
            ? NeoHookean(lame: mu, lambda) : FixedCorotated(lame: mu, lambda)
        return mapRows(inputs[0], width: 9) { _, f, row in row.writeMatrix(model.kirchhoffStress(f, dimension: d), at: 0) }
    }

    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        let mu = inputs[1].value.scalars[0], lambda = inputs[2].value.scalars[0], d = dimension
        let g = cotangent.value.scalars
        var muBar = 0.0, lambdaBar = 0.0
        let fBar = mapRows(inputs[0].value, width: 9) { p, f, row in
            let (fb, mb, lb) = Self.pullback(law: law, deformation: f, cotangent: g.matrix(at: p), mu: mu, lambda: lambda, dimension: d)
            muBar += mb
            lambdaBar += lb
            row.writeMatrix(fb, at: 0)
        }
        return [Variable(fBar), Variable(Tensor([muBar])), Variable(Tensor([lambdaBar]))]
    }

    /// The pullback for one particle: the cotangents of F (restricted to `dimension`), μ and λ from
    /// that of τ.
    static func pullback(law: ParametricElasticity.Law, deformation f: Matrix3, cotangent: Matrix3, mu: Double, lambda: Double,
                         dimension d: Int) -> (Matrix3, Double, Double) {
        let gp = cotangent.restricted(to: d, diagonalFill: 0)
        let j = f.determinant, cof = f.cofactor
        var fb: Matrix3, muBar: Double, lambdaBar: Double
        switch law {
        case .neoHookean:
            // τ = μ (F Fᵀ − I) + λ ln J I.
            fb = (gp + gp.transposed) * f * mu + cof * (lambda * gp.trace / j)
            muBar = gp.contracted(with: f * f.transposed - Matrix3.identity.restricted(to: d, diagonalFill: 0))
            lambdaBar = gp.trace * Foundation_log(j)
        case .fixedCorotated:
            // τ = 2μ (F − R) Fᵀ + λ J (J − 1) I.
            let svd = SingularValueDecomposition(f, dimension: d)
            let r = svd.rotation
            fb = gp * f * (2 * mu) + gp.transposed * (f - r) * (2 * mu)
            fb += svd.rotationPullback(gp * f * (-2 * mu), dimension: d)
            fb += cof * (lambda * (2 * j - 1) * gp.trace)
            muBar = 2 * gp.contracted(with: (f - r) * f.transposed)
            lambdaBar = gp.trace * j * (j - 1)
        }
        return (fb.restricted(to: d, diagonalFill: 0), muBar, lambdaBar)
    }
}
