import Autodiff
import NeuralNetworks

/// A plain (Eulerian) physics-informed network u(x, t) for a ``TransportEquation``: the baseline a
/// ``LagrangianPINN`` is compared with.
///
/// The network is a tanh ``MLP`` on a ``PeriodicEmbedding`` of x (so u is exactly periodic), with
/// the same initial-condition treatment as the Lagrangian model: hard, u = u0(x) + t N(x, t), or
/// soft with weight γ_ic. The residual is the equation divided by the speed scale s,
/// `(u_t + a(u, x, t) u_x − ν u_xx − s(x, t, u)) / s`, which changes nothing but the size of the loss.
public struct EulerianPINN {
    /// The equation solved.
    public var equation: TransportEquation
    /// Hidden width.
    public var width = 50
    /// Hidden layers.
    public var depth = 5
    /// Harmonics K of the periodic embedding of x.
    public var harmonics = 1
    /// How the initial condition is imposed.
    public var initialConditions = InitialConditionMode.hard
    /// γ_ic, the weight of the soft initial condition.
    public var initialWeight = 1000.0
    /// Collocation points of the residual.
    public var collocationPoints = 2000
    /// Points on t = 0 for a soft initial condition.
    public var initialPoints = 256
    /// How points are drawn.
    public var sampling = Sampling.shiftedSobol

    /// A baseline with the defaults above for `equation`.
    public init(equation: TransportEquation) { self.equation = equation }

    /// A fresh model u(x, t) (inputs `[x, t]`, one output); its last layer starts at zero, as the
    /// Lagrangian model's.
    public func model(key: RandomKey) -> PINN<Sequential> {
        let network = LagrangianPINN.branch(width: width, depth: depth, harmonics: harmonics, period: equation.period, key: key)
        switch initialConditions {
        case .hard:
            let initial = equation.initial
            return PINN(network: network) { p, n in p.column(0).elementwise(initial) + p.column(1) * n }
        case .soft:
            return PINN(network: network)
        }
    }

    /// The problem: the residual `"pde"` and, when soft, `"ic"`.
    public func problem() -> Problem {
        let equation = self.equation, scale = 1 / equation.speedScale
        let derivatives = equation.viscosity > 0 ? ["t", "x", "xx"] : ["t", "x"]
        var conditions: [Condition] = [
            .equation(on: equation.domain, count: collocationPoints, sampling: sampling, derivatives: derivatives) { c in
                let u = c[0]
                let x = Variable(c.points.slice(0..<1, alongAxis: 1)), t = Variable(c.points.slice(1..<2, alongAxis: 1))
                var r = u.t + equation.speed(u: u.value, x: x, t: t) * u.x
                if equation.viscosity > 0 { r = r - equation.viscosity * u.xx }
                if let source = equation.source { r = r - source(x, t, u.value) }
                return r * scale
            },
        ]
        if initialConditions == .soft {
            let initial = equation.initial
            conditions.append(.constraint("ic", on: .initial(equation.domain, count: initialPoints, sampling: sampling),
                                          weight: initialWeight) { c in
                [c[0].value - initial(Variable(c.points.slice(0..<1, alongAxis: 1)))]
            })
        }
        return Problem(coordinates: "xt", conditions: conditions)
    }

    /// u on the grid `xs × times`, x first: `result[i * times.count + j] = u(xs[i], times[j])`.
    public func values(of model: some Layer, xs: [Double], times: [Double]) -> [Double] {
        var points = [Double]()
        points.reserveCapacity(2 * xs.count * times.count)
        for x in xs { for t in times { points += [x, t] } }
        return model(Tensor(shape: [xs.count * times.count, 2], scalars: points)).scalars
    }
}

extension LagrangianPINN {
    /// The Eulerian baseline with the state branch's width, depth and harmonics and the same
    /// initial-condition treatment, collocation points and sampling.
    public func eulerianBaseline() -> EulerianPINN {
        var baseline = EulerianPINN(equation: equation)
        baseline.width = stateWidth
        baseline.depth = stateDepth
        baseline.harmonics = harmonics
        baseline.initialConditions = initialConditions
        baseline.initialWeight = weights.initial
        baseline.collocationPoints = collocationPoints
        baseline.initialPoints = initialPoints
        baseline.sampling = sampling
        return baseline
    }
}
