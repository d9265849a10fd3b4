/// Element-wise functions of jets by Faà di Bruno's formula, to order 4.
extension Jet {
    /// Composes an element-wise function with this jet, given the function's derivative tower.
    ///
    /// - Parameter tower: returns `[f(z), f′(z), …, f⁽ᵐ⁾(z)]` for the primal `z`, with `m` at least
    ///   `maxOrder`; each entry is a `Variable` so the result stays differentiable.
    public func composed(withTower tower: (Variable) -> [Variable]) -> Jet {
        let f = tower(value)
        precondition(f.count > maxOrder, "Derivative tower has \(f.count - 1) derivatives, jet needs \(maxOrder)")
        let derivatives = self.derivatives.map { z in Jet.faaDiBruno(f, z) }
        return Jet(value: f[0], derivatives: derivatives)
    }

    /// `tanh`, `sin` or `cos` of a jet as one fused kernel (see `ActivationJet`).
    func fused(_ function: JetScalarFunction) -> Jet {
        if orders.isEmpty { return Jet(stacked: Variable.apply(ActivationJet(function: function, orders: []), to: [stacked]), orders: []) }
        return Jet(stacked: Variable.apply(ActivationJet(function: function, orders: orders), to: [stacked]), orders: orders)
    }

    /// The same function by composing recorded primitives (the reference for the fused kernels, and the
    /// form differentiated when a backward pass is itself recorded).
    func composite(_ function: JetScalarFunction) -> Jet {
        switch function {
        case .tanh: return compositeTanh()
        case .sin: return compositeSin()
        case .cos: return compositeCos()
        }
    }

    /// `y⁽ᵏ⁾` of `y = f(z(s))` for k = 1…4 from `f⁽ʲ⁾(z)` and `z⁽ʲ⁾` (zero components are `nil`).
    static func faaDiBruno(_ f: [Variable], _ z: [Variable?]) -> [Variable?] {
        let z1 = z.count > 0 ? z[0] : nil, z2 = z.count > 1 ? z[1] : nil
        let z3 = z.count > 2 ? z[2] : nil, z4 = z.count > 3 ? z[3] : nil
        var y: [Variable?] = []
        // y′ = f′ z′
        y.append(scaledProduct(1, f[1], z1))
        if z.count >= 2 {
            // y″ = f″ z′² + f′ z″
            let z1sq = z1.map { $0.squared() }
            y.append(addOptional(scaledProduct(1, f[2], z1sq), scaledProduct(1, f[1], z2)))
            if z.count >= 3 {
                // y‴ = f‴ z′³ + 3 f″ z′ z″ + f′ z‴
                let z1cube = z1sq.flatMap { a in z1.map { a * $0 } }
                var t = scaledProduct(1, f[3], z1cube)
                t = addOptional(t, scaledProduct(3, f[2], scaledProduct(1, z1, z2)))
                t = addOptional(t, scaledProduct(1, f[1], z3))
                y.append(t)
                if z.count >= 4 {
                    // y⁗ = f⁗ z′⁴ + 6 f‴ z′² z″ + f″ (4 z′ z‴ + 3 z″²) + f′ z⁗
                    var q = scaledProduct(1, f[4], z1sq.map { $0.squared() })
                    q = addOptional(q, scaledProduct(6, f[3], scaledProduct(1, z1sq, z2)))
                    let inner = addOptional(scaledProduct(4, z1, z3), scaledProduct(3, z2, z2))
                    q = addOptional(q, scaledProduct(1, f[2], inner))
                    q = addOptional(q, scaledProduct(1, f[1], z4))
                    y.append(q)
                }
            }
        }
        return y
    }

    /// `tanh` of a jet (one fused kernel).
    public func tanh() -> Jet { fused(.tanh) }
    /// `sin` of a jet (one fused kernel).
    public func sin() -> Jet { fused(.sin) }
    /// `cos` of a jet (one fused kernel).
    public func cos() -> Jet { fused(.cos) }

    /// `tanh` of a jet from primitives, with the closed-form tower `f′ = 1 − y²`, `f″ = −2y f′`, …
    func compositeTanh() -> Jet {
        let order = maxOrder
        return composed { z in
            let y = z.tanh()
            guard order >= 1 else { return [y] }
            let f1 = 1 - y.squared()
            var tower = [y, f1]
            if order >= 2 { tower.append(y * f1 * -2) }
            if order >= 3 { tower.append(f1 * (y.squared() * 6 - 2)) }
            if order >= 4 { tower.append(y * f1 * (y.squared() * -24 + 16)) }
            return tower
        }
    }

    func compositeSin() -> Jet {
        let order = maxOrder
        return composed { z in
            let s = z.sin(), c = order >= 1 ? z.cos() : s
            return Array([s, c, -s, -c, s].prefix(order + 1))
        }
    }

    func compositeCos() -> Jet {
        let order = maxOrder
        return composed { z in
            let c = z.cos(), s = order >= 1 ? z.sin() : c
            return Array([c, -s, -c, s, c].prefix(order + 1))
        }
    }

    /// `exp` of a jet.
    public func exp() -> Jet {
        let order = maxOrder
        return composed { z in
            let e = z.exp()
            return [Variable](repeating: e, count: order + 1)
        }
    }

    /// `z²` of a jet.
    public func squared() -> Jet { self * self }

    /// Any element-wise function written with `Variable` operations; its derivative tower is obtained by
    /// nested reverse mode (exact, but slower than a closed-form tower).
    public func elementwise(_ f: @escaping (Variable) -> Variable) -> Jet {
        let order = maxOrder
        return composed { z in Jet.derivativeTower(of: f, at: z, order: order) }
    }

    /// `[f(z), f′(z), …, f⁽ᵒʳᵈᵉʳ⁾(z)]` for an element-wise `f`, by repeated reverse-mode differentiation.
    public static func derivativeTower(of f: (Variable) -> Variable, at z: Variable, order: Int) -> [Variable] {
        // Differentiate with respect to `z` itself when it is part of a graph, so the tower keeps its
        // dependence on upstream parameters; the backward pass only visits nodes that depend on `z`.
        let x = z.requiresGradient ? z : Variable.parameter(z.value)
        var tower = [f(x)]
        for _ in 0..<order {
            tower.append(gradients(of: tower.last!.sum(), wrt: [x], createGraph: true)[0])
        }
        return z.requiresGradient ? tower : tower.map(\.detached)
    }
}
