import Autodiff
import NeuralNetworks

extension LagrangianPINN {
    /// u(x, t) on the Eulerian grid `xs × times` from a Lagrangian model, x first:
    /// `result[i * times.count + j] = u(xs[i], times[j])`.
    ///
    /// At each time the map x0 → X(x0, t) is inverted modulo the period: X is tabulated at
    /// `labelCount` labels, each x is bracketed by a binary search for a sign change of X − x (so a
    /// slightly non-monotone map still gives a root), the bracket is halved `bisections` times with
    /// the model, the label is interpolated linearly in the final bracket and U is evaluated there.
    /// The default 512 labels and 24 halvings locate x0 to about period · 1e-10, well below any
    /// training error. Cost: one model evaluation on the table, then `bisections + 1` on the grid.
    public func eulerianValues(of model: some Layer, xs: [Double], times: [Double],
                               labelCount: Int = 512, bisections: Int = 24) -> [Double] {
        precondition(labelCount >= 2 && bisections >= 0, "eulerianValues needs at least 2 labels and bisections ≥ 0")
        let (lower, period) = (equation.lower, equation.period)
        let table = (0...labelCount).map { lower + period * Double($0) / Double(labelCount) }
        let tabulated = LagrangianSolution(model: model, labels: table, times: times).positions
        let columns = table.count, n = xs.count * times.count

        // Brackets [a, b] in x0 with X(a) ≤ y < X(b), y = x shifted by periods into [X(lower), X(lower) + L).
        var a = [Double](repeating: 0, count: n), b = a, fa = a, fb = a, target = a, time = a
        for (i, x) in xs.enumerated() {
            for (j, t) in times.enumerated() {
                let row = Array(tabulated[(j * columns)..<((j + 1) * columns)])
                let start = row[0]
                var y = start + (x - start).truncatingRemainder(dividingBy: period)
                if y < start { y += period }
                if y >= row[columns - 1] { y -= period }
                var lo = 0, hi = columns - 1
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2
                    if row[mid] <= y { lo = mid } else { hi = mid }
                }
                let k = i * times.count + j
                (a[k], b[k], fa[k], fb[k], target[k], time[k]) = (table[lo], table[hi], row[lo], row[hi], y, t)
            }
        }
        func evaluate(labels: [Double]) -> [Double] {
            var points = [Double](repeating: 0, count: 2 * n)
            for k in 0..<n { (points[2 * k], points[2 * k + 1]) = (labels[k], time[k]) }
            return model(Tensor(shape: [n, 2], scalars: points)).scalars
        }
        for _ in 0..<bisections {
            let middle = (0..<n).map { 0.5 * (a[$0] + b[$0]) }
            let output = evaluate(labels: middle)
            for k in 0..<n {
                let f = output[2 * k]
                if f <= target[k] { (a[k], fa[k]) = (middle[k], f) } else { (b[k], fb[k]) = (middle[k], f) }
            }
        }
        var labels = [Double](repeating: 0, count: n)
        for k in 0..<n {
            let rise: Double = fb[k] - fa[k], width: Double = b[k] - a[k]
            labels[k] = rise > 0 ? a[k] + (target[k] - fa[k]) * width / rise : a[k] + 0.5 * width
        }
        let output = evaluate(labels: labels)
        return (0..<n).map { output[2 * $0 + 1] }
    }
}
