import Foundation
import PDEKit

/// `solution.npy` (`[nx, nt]`, x first) and `solution.png` (prediction | reference | error) for a
/// prediction on a space–time grid, and its errors.
public enum GridSolutionOutput {
    /// Writes the files and returns the relative L2 and max abs error; `prediction` and `reference`
    /// are `[xs.count · ts.count]` with x slowest.
    @discardableResult
    public static func write(prediction: [Double], reference: [Double], xs: [Double], ts: [Double], folder: URL)
        throws -> (relativeL2: Double, maxAbs: Double) {
        precondition(prediction.count == xs.count * ts.count && reference.count == prediction.count)
        func image(_ v: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: v.count)
            for i in xs.indices { for j in ts.indices { out[j * xs.count + i] = v[i * ts.count + j] } }
            return out
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Tensor(shape: [xs.count, ts.count], scalars: prediction).writeNumpy(to: folder.appendingPathComponent("solution.npy"))
            try HeatMapPanels.comparison(prediction: image(prediction), reference: image(reference), width: xs.count, height: ts.count,
                                         xExtent: xs.first!...xs.last!, yExtent: ts.first!...ts.last!, xLabel: "x", yLabel: "t",
                                         scale: max(1, 300 / max(xs.count, ts.count)))
                .write(to: folder.appendingPathComponent("solution.png"))
        } catch {
            throw TrainingError.output("cannot write to \(folder.path): \(error)")
        }
        var d = 0.0, n = 0.0, maxAbs = 0.0
        for (p, r) in zip(prediction, reference) {
            d += (p - r) * (p - r)
            n += r * r
            maxAbs = max(maxAbs, abs(p - r))
        }
        return ((d / n).squareRoot(), maxAbs)
    }

    /// The points of the grid `xs × ts`, x slowest, `[xs.count · ts.count, 2]`.
    public static func points(_ xs: [Double], _ ts: [Double]) -> Tensor { Gallery.gridPoints(xs, ts) }
}
