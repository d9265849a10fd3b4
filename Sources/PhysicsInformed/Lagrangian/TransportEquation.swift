import Autodiff

/// A one-dimensional periodic transport problem
/// `u_t + a(u, x, t) u_x = ν u_xx + s(x, t, u)` on `[lower, lower + period) × [0, finalTime]` with
/// `u(x, 0) = u0(x)`, the equation a ``LagrangianPINN`` (and its Eulerian baseline) solves.
///
/// ```swift
/// // Convection u_t + 30 u_x = 0 on [0, 2π), u0 = sin x, t ∈ [0, 1].
/// let convection = TransportEquation(speed: .constant(30), finalTime: 1) { $0.sin() }
/// // Viscous Burgers u_t + u u_x = 0.01 u_xx with u0 = sin x + 0.5.
/// let burgers = TransportEquation(speed: .solution, viscosity: 0.01, finalTime: 0.5) { $0.sin() + 0.5 }
/// ```
///
/// The initial profile is written with `Variable` operations so that it can be applied to jets
/// (hard initial conditions need its x-derivatives); it must be periodic with the domain's period.
public struct TransportEquation {
    /// The left end of the periodic interval.
    public var lower: Double
    /// The period L; the domain is `[lower, lower + period)`.
    public var period: Double
    /// The final time T (the initial time is 0).
    public var finalTime: Double
    /// The characteristic speed a.
    public var speed: CharacteristicSpeed
    /// The viscosity ν ≥ 0.
    public var viscosity: Double
    /// The source s(x, t, u), element-wise on columns; nil for none.
    public var source: ((_ x: Variable, _ t: Variable, _ u: Variable) -> Variable)?
    /// The initial profile u0, element-wise.
    public var initial: (Variable) -> Variable

    /// Creates the problem on `[lower, lower + period)` (by default `[0, 2π)`).
    ///
    /// - Precondition: `period > 0`, `finalTime > 0`, `viscosity ≥ 0`, all finite.
    public init(lower: Double = 0, period: Double = 2 * Double.pi, speed: CharacteristicSpeed, viscosity: Double = 0,
                finalTime: Double, source: ((_ x: Variable, _ t: Variable, _ u: Variable) -> Variable)? = nil,
                initial: @escaping (Variable) -> Variable) {
        precondition(period > 0 && period.isFinite && lower.isFinite, "TransportEquation needs a finite positive period")
        precondition(finalTime > 0 && finalTime.isFinite, "TransportEquation needs a finite positive final time")
        precondition(viscosity >= 0 && viscosity.isFinite, "TransportEquation needs a finite viscosity ν ≥ 0")
        self.lower = lower
        self.period = period
        self.finalTime = finalTime
        self.speed = speed
        self.viscosity = viscosity
        self.source = source
        self.initial = initial
    }

    /// u0 at the points `x`.
    public func initialValues(_ x: [Double]) -> [Double] {
        initial(Variable(Tensor(shape: [x.count, 1], scalars: x))).value.scalars
    }

    /// The space–time domain `[lower, lower + period] × [0, finalTime]` that collocation points are drawn from.
    public var domain: TimeExtrusion { TimeExtrusion(Interval(lower, lower + period), from: 0, to: finalTime) }

    /// The typical size of the characteristic speed, used to scale the displacement X − x0 and the
    /// characteristic residual so both are of order one: |c| for a constant speed, max |u0| on 256
    /// points for ``CharacteristicSpeed/solution``, the given scale otherwise (never below 1e-3 of
    /// period / finalTime, so a zero speed still has a scale).
    public var speedScale: Double {
        let floor = 1e-3 * period / finalTime
        switch speed {
        case let .constant(c): return max(abs(c), floor)
        case .solution:
            let xs = (0..<256).map { lower + period * Double($0) / 256 }
            return max(initialValues(xs).map(abs).max() ?? 0, floor)
        case let .function(scale, _): return max(abs(scale), floor)
        }
    }
}

/// The speed a(u, x, t) at which information travels in `u_t + a u_x = …`, i.e. dX/dt along a characteristic.
public enum CharacteristicSpeed {
    /// A constant speed c (linear convection).
    case constant(Double)
    /// a = u (Burgers).
    case solution
    /// Any speed a(u, x, t), element-wise on columns, with its typical size `scale`.
    case function(scale: Double, (_ u: Variable, _ x: Variable, _ t: Variable) -> Variable)

    /// a at the given columns.
    public func callAsFunction(u: Variable, x: Variable, t: Variable) -> Variable {
        switch self {
        case let .constant(c): return Variable(Tensor(repeating: c, shape: u.shape))
        case .solution: return u
        case let .function(_, a): return a(u, x, t)
        }
    }

    /// Whether the speed is the same everywhere (then X_x0 = 1 and u_xx = U_x0x0 exactly).
    public var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }
}
