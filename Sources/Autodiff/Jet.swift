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
/// sweep.
///
/// Storage: all components are stacked in one `[K, n, w]` variable — block 0 is the value, followed by
/// orders `1…o₁` of the first direction, `1…o₂` of the second, and so on. A dense layer is then one
/// matrix product for all components, and `tanh`, `sin` and `cos` of a jet are single fused kernels.
public struct Jet {
    /// The stacked components, `[K, n, w]`.
    public let stacked: Variable
    /// The highest order carried along each direction.
    public let orders: [Int]

    /// Creates a jet from stacked components.
    public init(stacked: Variable, orders: [Int]) {
        precondition(stacked.shape.count == 3 && stacked.shape[0] == 1 + orders.reduce(0, +),
                     "Stacked jet of shape \(stacked.shape) does not match orders \(orders)")
        self.stacked = stacked
        self.orders = orders
    }

    /// A jet with no directions: just a value (a matrix `[n, w]`).
    public init(_ value: Variable) {
        precondition(value.shape.count == 2, "Jets hold matrices [n, w], got shape \(value.shape)")
        self.init(stacked: value.reshaped(to: [1] + value.shape), orders: [])
    }

    /// Creates a jet from its value and derivatives (`derivatives[d][k - 1]`, `nil` meaning zero);
    /// derivatives may be `[1, w]` rows that broadcast over the batch.
    public init(value: Variable, derivatives: [[Variable?]]) {
        precondition(value.shape.count == 2, "Jets hold matrices [n, w], got shape \(value.shape)")
        let shape = value.shape
        var blocks = [value.reshaped(to: [1] + shape)]
        for direction in derivatives {
            for component in direction {
                let full = component?.broadcast(to: shape) ?? Variable(Tensor.zeros(shape))
                blocks.append(full.reshaped(to: [1] + shape))
            }
        }
        self.init(stacked: Variable.concatenate(blocks, alongAxis: 0), orders: derivatives.map(\.count))
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

    /// The number of stacked components, `1 + Σ orders`.
    public var componentCount: Int { stacked.shape[0] }
    /// The number of points.
    public var rows: Int { stacked.shape[1] }
    /// The number of columns of each component.
    public var columns: Int { stacked.shape[2] }
    /// The highest order over all directions (0 without directions).
    public var maxOrder: Int { orders.max() ?? 0 }

    /// Component `index` of the stack as an `[n, w]` matrix.
    public func component(_ index: Int) -> Variable {
        stacked.slice(index..<(index + 1), alongAxis: 0).reshaped(to: [rows, columns])
    }

    /// The index in the stack of the `order`-th derivative along `direction`.
    public func componentIndex(direction: Int, order: Int) -> Int {
        precondition(direction < orders.count && order >= 1 && order <= orders[direction],
                     "Jet carries no derivative of order \(order) along direction \(direction)")
        return 1 + orders[..<direction].reduce(0, +) + order - 1
    }

    /// The primal value, `[n, w]`.
    public var value: Variable { componentCount == 1 ? stacked.reshaped(to: [rows, columns]) : component(0) }

    /// The `order`-th derivative along direction `direction`, `[n, w]`.
    public func derivative(direction: Int, order: Int) -> Variable {
        component(componentIndex(direction: direction, order: order))
    }

    /// All derivatives, `derivatives[d][k - 1]`.
    public var derivatives: [[Variable]] {
        orders.indices.map { d in (1...orders[d]).map { derivative(direction: d, order: $0) } }
    }

    /// Applies a row-wise linear map (such as a product with a weight matrix) to every component at once.
    public func mapLinear(_ f: (Variable) -> Variable) -> Jet {
        let flat = f(stacked.reshaped(to: [componentCount * rows, columns]))
        precondition(flat.shape.count == 2 && flat.shape[0] == componentCount * rows,
                     "mapLinear needs a row-wise map, got shape \(flat.shape)")
        return Jet(stacked: flat.reshaped(to: [componentCount, rows, flat.shape[1]]), orders: orders)
    }

    /// `x W + b` for every component, with the bias on the value only (derivatives of a constant
    /// vanish): a dense layer's affine map, as one fused operation.
    public func affine(weight: Variable, bias: Variable) -> Jet {
        Jet(stacked: Variable.apply(JetAffine(), to: [stacked, weight, bias]), orders: orders)
    }

    /// Column `j` of a matrix-valued jet, as an `[n, 1]` jet.
    public func column(_ j: Int) -> Jet { columns(j..<(j + 1)) }

    /// Columns `range` of a matrix-valued jet.
    public func columns(_ range: Range<Int>) -> Jet {
        Jet(stacked: stacked.slice(range, alongAxis: 2), orders: orders)
    }
}
