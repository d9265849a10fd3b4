import Autodiff
import Foundation

extension Jet {
    /// Applies a grid map to a jet without directions whose rows are samples flattened as
    /// `channels × n × n × n` (the cube side `n` inferred from the column count).
    ///
    /// Grid layers act on `[batch, channels, n, n, n]` variables; this lets them sit in containers
    /// that evaluate on jets. Derivatives along input directions are not carried (precondition).
    func mapGrid(channels: Int, layer: String, _ f: (Variable) -> Variable) -> Jet {
        precondition(orders.isEmpty, "\(layer) evaluates jets without directions only")
        let cells = columns / max(channels, 1)
        let n = Int(cbrt(Double(cells)).rounded())
        precondition(n * n * n * channels == columns,
                     "\(layer) expects rows of channels × n³ = \(channels) × n³ values, got \(columns)")
        let y = f(value.reshaped(to: [rows, channels, n, n, n]))
        return Jet(y.reshaped(to: [rows, y.value.count / max(rows, 1)]))
    }
}
