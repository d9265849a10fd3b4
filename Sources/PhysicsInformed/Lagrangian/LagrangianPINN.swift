import Autodiff
import NeuralNetworks

/// A Lagrangian physics-informed network (Mojgani, Balajewicz & Hassanzadeh 2023) for a periodic
/// ``TransportEquation``: it learns the characteristics X(x0, t) — where the point that started at
/// x0 is at time t — and the state U(x0, t) = u(X(x0, t), t) carried along them.
///
/// ```swift
/// let equation = TransportEquation(speed: .constant(30), finalTime: 1) { $0.sin() }
/// let lagrangian = LagrangianPINN(equation: equation)
/// let trainer = try Trainer(problem: lagrangian.problem(), model: lagrangian.model(key: RandomKey(seed: 0)),
///                           options: TrainingOptions(stages: [.adam(steps: 2000, schedule: .constant(1e-3)),
///                                                             .lbfgs(iterations: 1000)]))
/// _ = try trainer.train()
/// let solution = lagrangian.solution(of: trainer.model)             // X and U on 256 labels × 101 times
/// let error = solution.errors(exact: { x, t in sin(x - 30 * t) })     // U against u(X, t)
/// let u = lagrangian.eulerianValues(of: trainer.model, xs: xs, times: ts)   // u on an Eulerian grid
/// ```
///
/// Inputs are `(x0, t)` with coordinate letters `"xt"` (the `x` column holds the label x0); the
/// model's outputs are the columns `[X, U]`. Two branches (``Parallel``), each a tanh ``MLP`` on a
/// ``PeriodicEmbedding`` of x0, predict the displacement D and the state network N, so X − x0 and U
/// are exactly periodic in x0. With hard initial conditions (the default, which trains best:
/// ``InitialConditionMode``) the output transform is
///
///     X = x0 + s t D(x0, t),   U = u0(x0) + t N(x0, t),
///
/// with s = ``TransportEquation/speedScale`` so that D is of order one whatever the speed. The last
/// layer of each branch starts at zero, so training starts from X = x0, U = u0: a valid, monotone map.
///
/// The loss is `γ_x ‖r_x‖² + γ_u ‖r_u‖² (+ γ_ic ‖IC‖² when soft)` with
/// `r_x = (X_t − a(U, X, t)) / s` and `r_u = U_t − ν u_xx − s(X, t, U)`, where u_xx comes from the
/// chain rule through x0 → X (``spatialDerivatives(state:characteristic:)``).
public struct LagrangianPINN {
    /// The equation solved.
    public var equation: TransportEquation
    /// Hidden width of the characteristic branch.
    public var characteristicWidth = 20
    /// Hidden layers of the characteristic branch.
    public var characteristicDepth = 2
    /// Hidden width of the state branch.
    public var stateWidth = 50
    /// Hidden layers of the state branch.
    public var stateDepth = 5
    /// Harmonics K of the periodic embedding of x0 (cos kωx0, sin kωx0 for k = 1…K).
    public var harmonics = 1
    /// How the initial conditions are imposed.
    public var initialConditions = InitialConditionMode.hard
    /// The loss weights.
    public var weights = LagrangianWeights()
    /// Collocation points of the residuals (redrawn when the trainer resamples).
    public var collocationPoints = 2000
    /// Points on t = 0 for soft initial conditions.
    public var initialPoints = 256
    /// How collocation and initial points are drawn.
    public var sampling = Sampling.shiftedSobol

    /// A builder with the defaults above for `equation`.
    public init(equation: TransportEquation) { self.equation = equation }

    /// The coordinate letters of the inputs: `x` for the label x0, `t` for time.
    public static let coordinates: Coordinates = "xt"

    /// A fresh model: outputs `[X, U]` at inputs `[x0, t]`.
    public func model(key: RandomKey) -> PINN<Parallel> {
        let network = Parallel([
            LagrangianPINN.branch(width: characteristicWidth, depth: characteristicDepth, harmonics: harmonics,
                                  period: equation.period, key: key.fold(in: 0)),
            LagrangianPINN.branch(width: stateWidth, depth: stateDepth, harmonics: harmonics,
                                  period: equation.period, key: key.fold(in: 1)),
        ])
        let s = equation.speedScale, T = equation.finalTime, initial = equation.initial
        switch initialConditions {
        case .hard:
            return PINN(network: network) { p, n in
                let x0 = p.column(0), t = p.column(1)
                return Jet.concatenate([x0 + t * n.column(0) * s, x0.elementwise(initial) + t * n.column(1)])
            }
        case .soft:
            return PINN(network: network) { p, n in
                Jet.concatenate([p.column(0) + n.column(0) * (s * T), n.column(1)])
            }
        }
    }

    /// One branch: periodic embedding of the first input, then a tanh MLP with one output whose last
    /// layer starts at zero.
    static func branch(width: Int, depth: Int, harmonics: Int, period: Double, key: RandomKey) -> Sequential {
        let embedding = PeriodicEmbedding(inputSize: 2, periods: [0: period], harmonics: harmonics)
        var mlp = MLP(sizes: [embedding.outputSize] + Array(repeating: width, count: depth) + [1], activation: .tanh, key: key)
        mlp.layers[mlp.layers.count - 1] = Dense(weight: .zeros([width, 1]), bias: .zeros([1]))
        return Sequential([embedding, mlp])
    }

    /// The problem: the residuals `"pde"` (r_x and r_u, weighted by √γ so their squares carry γ)
    /// and, with soft initial conditions, `"ic"` (weight γ_ic).
    public func problem() -> Problem {
        let (gx, gu) = (weights.characteristic.squareRoot(), weights.state.squareRoot())
        let speedScale = equation.speedScale
        var conditions: [Condition] = [
            .system(on: equation.domain, count: collocationPoints, sampling: sampling, derivatives: derivatives) { c in
                let r = residuals(c, speedScale: speedScale)
                return [r.characteristic * gx, r.state * gu]
            },
        ]
        if initialConditions == .soft {
            let scale = 1 / (equation.speedScale * equation.finalTime), initial = equation.initial
            conditions.append(.constraint("ic", on: .initial(equation.domain, count: initialPoints, sampling: sampling),
                                          weight: weights.initial) { c in
                let x0 = Variable(c.points.slice(0..<1, alongAxis: 1))
                return [(c[0].value - x0) * scale, c[1].value - initial(x0)]
            })
        }
        return Problem(coordinates: LagrangianPINN.coordinates, conditions: conditions)
    }

    /// The derivatives the residuals read: `t`, and `x`, `xx` when there is viscosity.
    public var derivatives: [String] { equation.viscosity > 0 ? ["t", "x", "xx"] : ["t"] }

    /// The residuals at a condition's points, unweighted: r_x = (X_t − a(U, X, t)) / s and
    /// r_u = U_t − ν u_xx − s(X, t, U).
    ///
    /// For a constant speed X_x0 = 1 exactly, and u_xx = U_x0x0 is used; otherwise u_xx comes from
    /// the chain rule. The fields must hold the derivatives ``derivatives``.
    public func residuals(_ c: ConditionContext) -> (characteristic: Variable, state: Variable) {
        residuals(c, speedScale: equation.speedScale)
    }

    func residuals(_ c: ConditionContext, speedScale: Double) -> (characteristic: Variable, state: Variable) {
        let X = c[0], U = c[1]
        let t = Variable(c.points.slice(1..<2, alongAxis: 1))
        let speed = equation.speed(u: U.value, x: X.value, t: t)
        let characteristic = (X.t - speed) * (1 / speedScale)
        var state = U.t
        if equation.viscosity > 0 {
            let uxx = equation.speed.isConstant ? U.xx : LagrangianPINN.spatialDerivatives(state: U, characteristic: X).second
            state = state - equation.viscosity * uxx
        }
        if let source = equation.source { state = state - source(X.value, t, U.value) }
        return (characteristic, state)
    }

    /// The physical derivatives u_x and u_xx of u(X(x0, t), t) = U(x0, t), by the chain rule through
    /// the map x0 → X (coordinates `"xt"`, so `.x` is ∂/∂x0):
    ///
    ///     u_x = U_x0 / X_x0,   u_xx = (U_x0x0 X_x0 − U_x0 X_x0x0) / X_x0³.
    ///
    /// Exact wherever X_x0 ≠ 0 (the map is invertible: no shock has formed).
    public static func spatialDerivatives(state U: Field, characteristic X: Field) -> (first: Variable, second: Variable) {
        let jacobian = X.x
        let inverse = jacobian.reciprocal()
        let first = U.x * inverse
        let second = (U.xx * jacobian - U.x * X.xx) * inverse * inverse * inverse
        return (first, second)
    }
}

/// How ``LagrangianPINN`` imposes X(x0, 0) = x0 and U(x0, 0) = u0(x0).
///
/// Hard conditions leave only the residuals to train and are the default: on convection at β = 30
/// with the examples' budget they reached 4.6e-5 where soft ones (γ_ic = 1000) reached 7.7e-3
/// (Documentation/LagrangianPINN.md).
public enum InitialConditionMode: Sendable, Hashable {
    /// Built into the output transform: X = x0 + s t D, U = u0(x0) + t N; only residuals are trained.
    case hard
    /// Penalised with weight γ_ic on points of t = 0: X = x0 + s T D, U = N.
    case soft
}

/// The loss weights of a ``LagrangianPINN``; the defaults are those of the authors' code.
public struct LagrangianWeights: Sendable, Hashable {
    /// γ_x, of the characteristic residual.
    public var characteristic: Double
    /// γ_u, of the state residual.
    public var state: Double
    /// γ_ic, of the initial conditions when soft.
    public var initial: Double

    /// Creates weights (defaults 10, 1, 1000).
    public init(characteristic: Double = 10, state: Double = 1, initial: Double = 1000) {
        precondition([characteristic, state, initial].allSatisfy { $0 >= 0 && $0.isFinite }, "Loss weights must be finite and ≥ 0")
        self.characteristic = characteristic
        self.state = state
        self.initial = initial
    }
}
