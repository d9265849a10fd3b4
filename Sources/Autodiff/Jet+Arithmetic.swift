/// Arithmetic on jets: sums are component-wise, products follow Leibniz's rule.
extension Jet {
    public static func + (a: Jet, b: Jet) -> Jet {
        checkLayout(a, b)
        return Jet(stacked: a.stacked + b.stacked, orders: a.orders)
    }

    public static func - (a: Jet, b: Jet) -> Jet {
        checkLayout(a, b)
        return Jet(stacked: a.stacked - b.stacked, orders: a.orders)
    }

    public static prefix func - (a: Jet) -> Jet { Jet(stacked: -a.stacked, orders: a.orders) }

    /// Adds a constant (its derivatives are zero), e.g. a bias `[w]` or a field `[n, w]`.
    public static func + (a: Jet, c: Variable) -> Jet {
        Jet(stacked: Variable.apply(AddToLeadingBlock(), to: [a.stacked, c]), orders: a.orders)
    }

    public static func + (a: Jet, c: Double) -> Jet { a + Variable(Tensor(c)) }
    public static func - (a: Jet, c: Double) -> Jet { a + Variable(Tensor(-c)) }
    /// Subtracts a constant (its derivatives are zero).
    public static func - (a: Jet, c: Variable) -> Jet { a + (-c) }
    public static func - (c: Double, a: Jet) -> Jet { (-a) + c }
    public static func * (a: Jet, c: Double) -> Jet { Jet(stacked: a.stacked * c, orders: a.orders) }
    public static func * (c: Double, a: Jet) -> Jet { a * c }

    /// Multiplies by a constant `[n, w]`, `[n, 1]` or `[w]` (zero derivatives): every component is scaled.
    public static func * (a: Jet, c: Variable) -> Jet {
        let factor = c.shape.count == 2 ? c.reshaped(to: [1] + c.shape) : c
        return Jet(stacked: a.stacked * factor, orders: a.orders)
    }

    /// The product rule to order 4: `(ab)⁽ᵏ⁾ = Σᵢ C(k, i) a⁽ⁱ⁾ b⁽ᵏ⁻ⁱ⁾`.
    public static func * (a: Jet, b: Jet) -> Jet {
        checkLayout(a, b)
        if a.orders.isEmpty { return Jet(stacked: a.stacked * b.stacked, orders: []) }
        if a.stacked.shape == b.stacked.shape {
            // One fused primitive (see `StackedBilinear`); the general path below broadcasts.
            return Jet(stacked: Variable.apply(StackedBilinear.leibniz(orders: a.orders), to: [a.stacked, b.stacked]),
                       orders: a.orders)
        }
        let av = a.value, bv = b.value
        let ad = a.derivatives, bd = b.derivatives
        let derivatives: [[Variable?]] = a.orders.indices.map { d in
            let ac = [av] + ad[d], bc = [bv] + bd[d]
            return (1...a.orders[d]).map { k in
                var total: Variable? = nil
                for i in 0...k { total = addOptional(total, scaledProduct(Double(binomial(k, i)), ac[i], bc[k - i])) }
                return total
            }
        }
        return Jet(value: av * bv, derivatives: derivatives)
    }

    /// `a · b + c` in one pass over the data (the gate of a modified MLP, `v + z ⊙ (u − v)`); the
    /// same arithmetic as `a * b + c`.
    public static func product(_ a: Jet, _ b: Jet, adding c: Jet) -> Jet {
        checkLayout(a, b)
        checkLayout(a, c)
        guard !a.orders.isEmpty, a.stacked.shape == b.stacked.shape, a.stacked.shape == c.stacked.shape else { return a * b + c }
        return Jet(stacked: Variable.apply(StackedBilinear.leibniz(orders: a.orders, adding: true), to: [a.stacked, b.stacked, c.stacked]),
                   orders: a.orders)
    }

    /// Joins jets along the feature axis, e.g. `[cos(Bx), sin(Bx)]`.
    public static func concatenate(_ parts: [Jet]) -> Jet {
        precondition(!parts.isEmpty, "concatenate needs at least one jet")
        for p in parts { checkLayout(parts[0], p) }
        return Jet(stacked: Variable.concatenate(parts.map(\.stacked), alongAxis: 2), orders: parts[0].orders)
    }

    static func checkLayout(_ a: Jet, _ b: Jet) {
        precondition(a.orders == b.orders, "Jets carry different directions/orders: \(a.orders) vs \(b.orders)")
    }
}

func addOptional(_ a: Variable?, _ b: Variable?) -> Variable? {
    guard let a else { return b }
    guard let b else { return a }
    return a + b
}

func scaledProduct(_ c: Double, _ a: Variable?, _ b: Variable?) -> Variable? {
    guard let a, let b else { return nil }
    return c == 1 ? a * b : a * b * c
}

func binomial(_ n: Int, _ k: Int) -> Int {
    var result = 1
    for i in 0..<k { result = result * (n - i) / (i + 1) }
    return result
}
