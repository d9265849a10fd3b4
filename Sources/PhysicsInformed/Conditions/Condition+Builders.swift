import Autodiff

extension Condition {
    /// The PDE residual at `count` points of `domain` (redrawn on resampling; refinable).
    ///
    /// ```swift
    /// .equation(on: domain, count: 2000, derivatives: ["t", "x", "xx"]) { c in
    ///     let u = c[0]
    ///     return u.t + u * u.x - nu * u.xx
    /// }
    /// ```
    public static func equation(_ name: String = "pde", on domain: any PointSource, count: Int,
                                sampling: Sampling = .uniform, derivatives: [String] = [], weight: Double = 1,
                                residual: @escaping (ConditionContext) -> Variable) -> Condition {
        Condition(name: name, points: .interior(domain, count: count, sampling: sampling), derivatives: derivatives,
                  weight: weight, isRefinable: true) { [residual($0)] }
    }

    /// A system of PDE residuals (several equations) at `count` points of `domain`.
    public static func system(_ name: String = "pde", on domain: any PointSource, count: Int,
                              sampling: Sampling = .uniform, derivatives: [String] = [], weight: Double = 1,
                              residuals: @escaping (ConditionContext) -> [Variable]) -> Condition {
        Condition(name: name, points: .interior(domain, count: count, sampling: sampling), derivatives: derivatives,
                  weight: weight, isRefinable: true, residual: residuals)
    }

    /// u = g on the part of the boundary where `predicate` holds.
    public static func dirichlet(_ name: String = "bc", on geometry: any Geometry, count: Int,
                                 sampling: Sampling = .uniform, where predicate: @escaping ([Double]) -> Bool = { _ in true },
                                 component: Int = 0, weight: Double = 1,
                                 value: @escaping ([Double]) -> Double) -> Condition {
        Condition(name: name, points: .boundary(geometry, count: count, sampling: sampling, where: predicate),
                  weight: weight) { c in [c[component].value - c.evaluate(value)] }
    }

    /// ∂u/∂n = g (outward normal derivative) on the part of the boundary where `predicate` holds.
    public static func neumann(_ name: String = "neumann", on geometry: any Geometry, count: Int,
                               sampling: Sampling = .uniform, where predicate: @escaping ([Double]) -> Bool = { _ in true },
                               component: Int = 0, weight: Double = 1,
                               value: @escaping ([Double]) -> Double) -> Condition {
        Condition(name: name, points: .boundary(geometry, count: count, sampling: sampling, where: predicate),
                  weight: weight, needsGradient: true) { c in [c.normalDerivative(of: component) - c.evaluate(value)] }
    }

    /// α u + β ∂u/∂n = g on the part of the boundary where `predicate` holds.
    public static func robin(_ name: String = "robin", on geometry: any Geometry, count: Int,
                             sampling: Sampling = .uniform, where predicate: @escaping ([Double]) -> Bool = { _ in true },
                             component: Int = 0, alpha: Double, beta: Double, weight: Double = 1,
                             value: @escaping ([Double]) -> Double) -> Condition {
        Condition(name: name, points: .boundary(geometry, count: count, sampling: sampling, where: predicate),
                  weight: weight, needsGradient: true) { c in
            [alpha * c[component].value + beta * c.normalDerivative(of: component) - c.evaluate(value)]
        }
    }

    /// Periodicity along coordinate `axis`: u and the named derivatives (`""` is the value) agree at
    /// partner points on the faces `x_axis = lower` and `x_axis = upper` of the geometry's bounding box.
    ///
    /// `count` points are drawn on the lower face; each is paired with its translate by the period.
    public static func periodic(_ name: String = "periodic", on geometry: any Geometry, axis: Int, count: Int,
                                sampling: Sampling = .uniform, component: Int = 0, derivatives: [String] = [""],
                                weight: Double = 1) -> Condition {
        let (lower, upper) = (geometry.boundingBox.lower[axis], geometry.boundingBox.upper[axis])
        let tolerance = 1e-12 * max(1, abs(lower), abs(upper))
        var shift = [Double](repeating: 0, count: geometry.dimension)
        shift[axis] = upper - lower
        let face = ConditionPoints.boundary(geometry, count: count, sampling: sampling) { abs($0[axis] - lower) <= tolerance }
        return Condition(name: name, points: .pairs(face, shift: shift), derivatives: derivatives.filter { !$0.isEmpty },
                         weight: weight) { c in
            let n = c.batch.pairCount ?? c.batch.count / 2
            return derivatives.map { d in
                let v = c[component].derivative(d)
                return v.slice(0..<n, alongAxis: 0) - v.slice(n..<(2 * n), alongAxis: 0)
            }
        }
    }

    /// u(x, t₀) = g(x) on the initial slice of a space–time domain (`g` receives the point with t₀ last).
    public static func initial(_ name: String = "ic", on domain: TimeExtrusion, count: Int,
                               sampling: Sampling = .uniform, component: Int = 0, weight: Double = 1,
                               value: @escaping ([Double]) -> Double) -> Condition {
        Condition(name: name, points: .initial(domain, count: count, sampling: sampling), weight: weight) { c in
            [c[component].value - c.evaluate(value)]
        }
    }

    /// ∂u/∂t (x, t₀) = g(x) on the initial slice; `time` is the letter of the time coordinate.
    public static func initialRate(_ name: String = "ic_t", on domain: TimeExtrusion, count: Int,
                                   sampling: Sampling = .uniform, time: String = "t", component: Int = 0,
                                   weight: Double = 1, value: @escaping ([Double]) -> Double) -> Condition {
        Condition(name: name, points: .initial(domain, count: count, sampling: sampling), derivatives: [time],
                  weight: weight) { c in [c[component].derivative(time) - c.evaluate(value)] }
    }

    /// Observed data: outputs `components` at `points` (`[n, d]`) should equal `values` (`[n, k]`,
    /// one column per component). Used for inverse problems; never resampled.
    public static func data(_ name: String = "data", points: Tensor, values: Tensor, components: [Int] = [0],
                            weight: Double = 1) -> Condition {
        precondition(values.shape.count == 2 && values.shape[0] == points.shape[0] && values.shape[1] == components.count,
                     "data values must have shape [\(points.shape[0]), \(components.count)], got \(values.shape)")
        return Condition(name: name, points: .fixed(points, values: values), weight: weight) { c in
            let observed = c.batch.values ?? values
            return components.enumerated().map { j, k in
                c[k].value - Variable(observed.slice(j..<(j + 1), alongAxis: 1))
            }
        }
    }

    /// Any residual on any point set: `residual` reads the outputs and `derivatives` at the points.
    public static func constraint(_ name: String, on points: ConditionPoints, derivatives: [String] = [],
                                  weight: Double = 1, residual: @escaping (ConditionContext) -> [Variable]) -> Condition {
        Condition(name: name, points: points, derivatives: derivatives, weight: weight, residual: residual)
    }
}
