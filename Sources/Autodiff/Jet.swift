/// A direction in input space along which a `Jet` carries derivatives, and the highest order wanted.
public struct JetDirection: Sendable, Hashable {
    /// The direction vector, one entry per input coordinate.
    public var vector: [Double]
    /// The highest derivative order carried along this direction (1…4).
    public var order: Int

    /// Creates a direction; `order` must be between 1 and 4.
    public init(_ vector: [Double], order: Int) {
        precondition((1...4).contains(order), "Jet order must be between 1 and 4, got \(order)")
        self.vector = vector
        self.order = order
    }

    /// The unit direction of coordinate `axis` in a space of `dimension` coordinates.
    public static func axis(_ axis: Int, of dimension: Int, order: Int) -> JetDirection {
        var v = [Double](repeating: 0, count: dimension)
        v[axis] = 1
        return JetDirection(v, order: order)
    }
}

/// A batch of values together with their derivatives along chosen input directions (Taylor mode).
///
/// For a function `f` and points `x` (rows of an `[n, d]` matrix), a jet along direction `v` holds
/// `f(x)` and `dᵏ/dsᵏ f(x + s v)` at `s = 0` for `k = 1…order` — derivatives, not Taylor coefficients
/// divided by `k!`. Every jet operation is a recorded `Variable` operation, so the gradient of any
/// expression of the derivatives (a PDE residual) with respect to network parameters costs one reverse
/// sweep. Components known to be zero are stored as `nil` and skipped.
public struct Jet {
    /// The primal value.
    public var value: Variable
    /// `derivatives[d][k - 1]` is the `k`-th derivative along direction `d`; `nil` means zero.
    public var derivatives: [[Variable?]]

    /// Creates a jet from its components.
    public init(value: Variable, derivatives: [[Variable?]]) {
        self.value = value
        self.derivatives = derivatives
    }

    /// A jet with no directions: just a value.
    public init(_ value: Variable) {
        self.init(value: value, derivatives: [])
    }

    /// The jet of the identity map at `points` (`[n, d]`): first derivative `v`, higher ones zero.
    public static func input(_ points: Variable, directions: [JetDirection]) -> Jet {
        let d = points.shape.last ?? 1
        let derivatives: [[Variable?]] = directions.map { dir in
            precondition(dir.vector.count == d, "Direction \(dir.vector) does not match input dimension \(d)")
            let first = Variable(Tensor(shape: [1, d], scalars: dir.vector))
            return [first] + [Variable?](repeating: nil, count: dir.order - 1)
        }
        return Jet(value: points, derivatives: derivatives)
    }

    /// A jet whose derivatives are all zero (a constant in every direction) with the layout of `template`.
    public static func constant(_ value: Variable, like template: Jet) -> Jet {
        Jet(value: value, derivatives: template.derivatives.map { [Variable?](repeating: nil, count: $0.count) })
    }

    /// The orders carried along each direction.
    public var orders: [Int] { derivatives.map(\.count) }

    /// The highest order over all directions (0 without directions).
    public var maxOrder: Int { orders.max() ?? 0 }

    /// The `order`-th derivative along direction `direction`, materialised with the value's shape.
    public func derivative(direction: Int, order: Int) -> Variable {
        precondition(direction < derivatives.count && order >= 1 && order <= derivatives[direction].count,
                     "Jet carries no derivative of order \(order) along direction \(direction)")
        guard let d = derivatives[direction][order - 1] else { return Variable(Tensor.zeros(value.shape)) }
        return d.broadcast(to: value.shape)
    }

    /// Applies a linear map to every component (the map must be linear, e.g. a matrix product).
    public func mapLinear(_ f: (Variable) -> Variable) -> Jet {
        Jet(value: f(value), derivatives: derivatives.map { $0.map { $0.map(f) } })
    }

    /// Column `j` of a matrix-valued jet, as an `[n, 1]` jet.
    public func column(_ j: Int) -> Jet { mapLinear { $0.column(j) } }

    /// Columns `range` of a matrix-valued jet.
    public func columns(_ range: Range<Int>) -> Jet { mapLinear { $0.slice(range, alongAxis: 1) } }
}
