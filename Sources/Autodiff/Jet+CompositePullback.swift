/// The pullback of `tanh`, `sin` and `cos` on stacked jets written with recorded primitives: the form
/// used when a backward pass is itself differentiated. It mirrors `JetKernels.backward` term by term.
extension JetScalarFunction {
    /// `f(z), f′(z), …, f⁽ᶜᵒᵘⁿᵗ⁻¹⁾(z)` as recorded variables.
    func variableTower(_ z: Variable, count: Int) -> [Variable] {
        switch self {
        case .tanh:
            let y = z.tanh(), y2 = y.squared(), t = 1 - y2
            let all: [() -> Variable] = [
                { y }, { t }, { y * t * -2 }, { t * (y2 * 6 - 2) }, { t * y * (y2 * -24 + 16) },
                { t * (y2 * -120 + y2.squared() * 120 + 16) },
            ]
            return all.prefix(count).map { $0() }
        case .sin, .cos:
            let s = z.sin(), c = z.cos()
            let cycle = self == .sin ? [s, c, -s, -c] : [c, -s, -c, s]
            return (0..<count).map { cycle[$0 % 4] }
        }
    }

    /// The cotangent of the stacked input `z` given the cotangent `g` of the stacked output.
    func compositePullback(orders: [Int], z: Variable, g: Variable) -> Variable {
        let shape = Array(z.shape.dropFirst())
        func block(_ v: Variable, _ i: Int) -> Variable { v.slice(i..<(i + 1), alongAxis: 0).reshaped(to: shape) }
        let f = variableTower(block(z, 0), count: (orders.max() ?? 0) + 2)
        var out0 = block(g, 0) * f[1]
        var blocks: [Variable] = []
        var base = 1
        for order in orders {
            let zc = (0..<order).map { block(z, base + $0) }, gc = (0..<order).map { block(g, base + $0) }
            let a = zc[0]
            var d = [Variable](repeating: Variable(0), count: order + 1)   // d[j]: cotangent of component j
            d[0] = gc[0] * f[2] * a
            d[1] = gc[0] * f[1]
            if order >= 2 {
                let b = zc[1]
                d[0] = d[0] + gc[1] * (f[3] * a.squared() + f[2] * b)
                d[1] = d[1] + gc[1] * f[2] * a * 2
                d[2] = gc[1] * f[1]
                if order >= 3 {
                    let c = zc[2]
                    d[0] = d[0] + gc[2] * (f[4] * a.squared() * a + f[3] * a * b * 3 + f[2] * c)
                    d[1] = d[1] + gc[2] * (f[3] * a.squared() * 3 + f[2] * b * 3)
                    d[2] = d[2] + gc[2] * f[2] * a * 3
                    d[3] = gc[2] * f[1]
                    if order >= 4 {
                        let e = zc[3]
                        d[0] = d[0] + gc[3] * (f[5] * a.squared().squared() + f[4] * a.squared() * b * 6
                                               + f[3] * (a * c * 4 + b.squared() * 3) + f[2] * e)
                        d[1] = d[1] + gc[3] * (f[4] * a.squared() * a * 4 + f[3] * a * b * 12 + f[2] * c * 4)
                        d[2] = d[2] + gc[3] * (f[3] * a.squared() * 6 + f[2] * b * 6)
                        d[3] = d[3] + gc[3] * f[2] * a * 4
                        d[4] = gc[3] * f[1]
                    }
                }
            }
            out0 = out0 + d[0]
            blocks += d[1...order]
            base += order
        }
        return Variable.concatenate(([out0] + blocks).map { $0.reshaped(to: [1] + shape) }, alongAxis: 0)
    }
}
