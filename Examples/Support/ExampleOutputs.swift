import Foundation
import PDEKit

extension ExampleRunner {
    /// `solution.npy` and pictures. On a 2D grid: the first compared output as `[nx, ny]` (x first)
    /// and `solution.png` (prediction | reference | error), plus `solution_<name>.*` for further
    /// outputs. On a 1D grid: columns x, predictions, references, and `solution.svg`, `error.svg`.
    static func writeSolution(_ example: GalleryCase, model: PINN<Sequential>, folder: URL) throws {
        let reference = example.reference
        let prediction = model.predict(reference.points)
        let n = reference.points.shape[0], outputs = prediction.shape[1], k = reference.components.count
        let inside = reference.mask ?? Array(repeating: true, count: n)
        func predicted(_ j: Int) -> [Double] { (0..<n).map { inside[$0] ? prediction.scalars[$0 * outputs + reference.components[j]] : .nan } }
        func exact(_ j: Int) -> [Double] { (0..<n).map { inside[$0] ? reference.values.scalars[$0 * k + j] : .nan } }

        if reference.axes.count == 2 {
            let (xs, ys) = (reference.axes[0], reference.axes[1])
            for j in 0..<k {
                let suffix = j == 0 ? "" : "_\(reference.componentNames[j])"
                try Tensor(shape: [xs.count, ys.count], scalars: predicted(j))
                    .writeNumpy(to: folder.appendingPathComponent("solution\(suffix).npy"))
                // Heat maps are row-major with y along rows: transpose the x-first grid.
                func image(_ v: [Double]) -> [Double] {
                    var out = [Double](repeating: 0, count: v.count)
                    for i in xs.indices { for jj in ys.indices { out[jj * xs.count + i] = v[i * ys.count + jj] } }
                    return out
                }
                let scale = max(1, 300 / max(xs.count, ys.count))
                try HeatMapPanels.comparison(prediction: image(predicted(j)), reference: image(exact(j)),
                                             width: xs.count, height: ys.count,
                                             xExtent: xs.first!...xs.last!, yExtent: ys.first!...ys.last!,
                                             xLabel: reference.axisLabels[0], yLabel: reference.axisLabels[1], scale: scale)
                    .write(to: folder.appendingPathComponent("solution\(suffix).png"))
            }
        } else {
            let xs = reference.axes[0]
            var columns: [Tensor] = [Tensor(shape: [n, 1], scalars: xs)]
            for j in 0..<k { columns.append(Tensor(shape: [n, 1], scalars: predicted(j))) }
            for j in 0..<k { columns.append(Tensor(shape: [n, 1], scalars: exact(j))) }
            try Tensor.concatenate(columns, alongAxis: 1).writeNumpy(to: folder.appendingPathComponent("solution.npy"))
            var curves = LinePlot(title: "\(example.name): prediction and reference", xLabel: reference.axisLabels[0], yLabel: "value")
            var errors = LinePlot(title: "\(example.name): pointwise error", xLabel: reference.axisLabels[0], yLabel: "error", yScale: .log10)
            for j in 0..<k {
                let name = reference.componentNames[j]
                curves.addSeries("\(name) reference", x: xs, y: exact(j))
                curves.addSeries("\(name) prediction", x: xs, y: predicted(j))
                errors.addSeries("|\(name) error|", x: xs, y: zip(predicted(j), exact(j)).map { max(abs($0 - $1), 1e-300) })
            }
            try curves.write(to: folder.appendingPathComponent("solution.svg"))
            try errors.write(to: folder.appendingPathComponent("error.svg"))
        }
    }

    /// `loss.svg`: the total loss and each condition's loss against the step, log scale.
    static func writeLossPlot(_ history: [TrainingRecord], terms: [String], title: String, to folder: URL) throws {
        guard !history.isEmpty else { return }
        var plot = LinePlot(title: "\(title) training loss", xLabel: "step", yLabel: "loss", yScale: .log10)
        let steps = history.map { Double($0.step) }
        plot.addSeries("total", x: steps, y: history.map { max($0.loss, 1e-300) })
        for (i, name) in terms.enumerated() {
            plot.addSeries(name, x: steps, y: history.map { max($0.terms.indices.contains(i) ? $0.terms[i] : .nan, 1e-300) })
        }
        try plot.write(to: folder.appendingPathComponent("loss.svg"))
    }
}
