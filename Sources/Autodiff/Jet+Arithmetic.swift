/// Arithmetic on jets: sums are component-wise, products follow Leibniz's rule.
extension Jet {
    public static func + (a: Jet, b: Jet) -> Jet {
        checkLayout(a, b)
        return Jet(value: a.value + b.value,
                   derivatives: zip(a.derivatives, b.derivatives).map { zip($0, $1).map(addOptional) })
    }

    public static func - (a: Jet, b: Jet) -> Jet { a + (-b) }

    public static prefix func - (a: Jet) -> Jet { a.mapLinear { -$0 } }

    /// Adds a constant (its derivatives are zero), e.g. a bias.
    public static func + (a: Jet, c: Variable) -> Jet {
        Jet(value: a.value + c, derivatives: a.derivatives)
    }

    public static func + (a: Jet, c: Double) -> Jet { Jet(value: a.value + c, derivatives: a.derivatives) }
    public static func - (c: Double, a: Jet) -> Jet { (-a) + c }
    public static func * (a: Jet, c: Double) -> Jet { a.mapLinear { $0 * c } }
    public static func * (c: Double, a: Jet) -> Jet { a.mapLinear { $0 * c } }

    /// Multiplies by a constant (zero derivatives): every component is scaled.
    public static func * (a: Jet, c: Variable) -> Jet { a.mapLinear { $0 * c } }

    /// The product rule to order 4: `(ab)⁽ᵏ⁾ = Σᵢ C(k, i) a⁽ⁱ⁾ b⁽ᵏ⁻ⁱ⁾`.
    public static func * (a: Jet, b: Jet) -> Jet {
        checkLayout(a, b)
        let derivatives: [[Variable?]] = zip(a.derivatives, b.derivatives).map { da, db in
            let ac: [Variable?] = [a.value] + da, bc: [Variable?] = [b.value] + db
            return (1...da.count).map { k in
                var total: Variable? = nil
                for i in 0...k {
                    total = addOptional(total, scaledProduct(Double(binomial(k, i)), ac[i], bc[k - i]))
                }
                return total
            }
        }
        return Jet(value: a.value * b.value, derivatives: derivatives)
    }

    /// Joins jets along the feature axis (axis 1), e.g. `[cos(Bx), sin(Bx)]`.
    public static func concatenate(_ parts: [Jet]) -> Jet {
        precondition(!parts.isEmpty, "concatenate needs at least one jet")
        let value = Variable.concatenate(parts.map(\.value), alongAxis: 1)
        let derivatives: [[Variable?]] = parts[0].derivatives.indices.map { d in
            parts[0].derivatives[d].indices.map { k in
                let components = parts.map { $0.derivatives[d][k] }
                if components.allSatisfy({ $0 == nil }) { return nil }
                // Materialise zeros and row-broadcast components so the rows line up.
                let rows = components.compactMap { $0?.shape[0] }.max() ?? 1
                let full = zip(parts, components).map { part, c -> Variable in
                    guard let c else { return Variable(Tensor.zeros([rows, part.value.shape[1]])) }
                    return c.broadcast(to: [rows, c.shape[1]])
                }
                return Variable.concatenate(full, alongAxis: 1)
            }
        }
        return Jet(value: value, derivatives: derivatives)
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
