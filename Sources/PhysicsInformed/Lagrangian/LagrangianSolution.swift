import Autodiff
import NeuralNetworks

/// A Lagrangian model evaluated on a grid of labels x0 and times: the characteristic positions X and
/// the states U, both row-major `[times × labels]`.
///
/// Errors are measured in physical space: U(x0, t) against the true u at (X(x0, t), t).
public struct LagrangianSolution: Sendable {
    /// The labels x0.
    public let labels: [Double]
    /// The times.
    public let times: [Double]
    /// X(labels[j], times[i]) at `i * labels.count + j`.
    public let positions: [Double]
    /// U(labels[j], times[i]) at `i * labels.count + j`.
    public let values: [Double]

    /// Evaluates `model` (outputs `[X, U]` at inputs `[x0, t]`) on `labels × times`.
    public init(model: some Layer, labels: [Double], times: [Double]) {
        var points = [Double]()
        points.reserveCapacity(2 * labels.count * times.count)
        for t in times { for x0 in labels { points += [x0, t] } }
        let output = model(Tensor(shape: [labels.count * times.count, 2], scalars: points)).scalars
        precondition(output.count == 2 * labels.count * times.count, "A Lagrangian model has two outputs, X and U")
        self.labels = labels
        self.times = times
        positions = stride(from: 0, to: output.count, by: 2).map { output[$0] }
        values = stride(from: 1, to: output.count, by: 2).map { output[$0] }
    }

    /// U against `exact(x, t)` evaluated at (X, t).
    public func errors(exact: (_ x: Double, _ t: Double) -> Double) -> ErrorSummary {
        var reference = [Double]()
        reference.reserveCapacity(values.count)
        for (i, t) in times.enumerated() {
            for j in labels.indices { reference.append(exact(positions[i * labels.count + j], t)) }
        }
        return ErrorSummary(prediction: values, reference: reference)
    }

    /// U against a periodic reference at (X, t), interpolated in x (``TrigonometricInterpolant``).
    ///
    /// - Precondition: the reference has the same times as this solution.
    public func errors(reference: PeriodicSnapshots) -> ErrorSummary {
        precondition(reference.times.count == times.count && zip(reference.times, times).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) },
                     "The reference's times differ from the solution's")
        var interpolated = [Double]()
        interpolated.reserveCapacity(values.count)
        for i in times.indices {
            for j in labels.indices { interpolated.append(reference.value(at: positions[i * labels.count + j], row: i)) }
        }
        return ErrorSummary(prediction: values, reference: interpolated)
    }

    /// X against known characteristics `exact(x0, t)`: the relative L2 of X (`position`) and of the
    /// displacement X − x0 (`displacement`, the stricter of the two when the displacement is small).
    public func characteristicErrors(exact: (_ x0: Double, _ t: Double) -> Double) -> (position: Double, displacement: Double) {
        var difference = 0.0, positionNorm = 0.0, displacementNorm = 0.0
        for (i, t) in times.enumerated() {
            for (j, x0) in labels.enumerated() {
                let e = exact(x0, t)
                difference += (positions[i * labels.count + j] - e) * (positions[i * labels.count + j] - e)
                positionNorm += e * e
                displacementNorm += (e - x0) * (e - x0)
            }
        }
        return ((difference / max(positionNorm, .leastNormalMagnitude)).squareRoot(),
                (difference / max(displacementNorm, .leastNormalMagnitude)).squareRoot())
    }
}

extension LagrangianPINN {
    /// `model` on `labelCount` equispaced labels of the period (left end included, right end
    /// excluded) × `timeCount` equispaced times from 0 to T.
    public func solution(of model: some Layer, labelCount: Int = 256, timeCount: Int = 101) -> LagrangianSolution {
        LagrangianSolution(model: model, labels: equation.periodicGrid(labelCount), times: equation.timeGrid(timeCount))
    }
}

extension TransportEquation {
    /// `count` equispaced points of the period, `lower + j · period / count`.
    public func periodicGrid(_ count: Int) -> [Double] {
        (0..<count).map { lower + period * Double($0) / Double(count) }
    }

    /// `count` equispaced times from 0 to T inclusive.
    public func timeGrid(_ count: Int) -> [Double] {
        count == 1 ? [0] : (0..<count).map { finalTime * Double($0) / Double(count - 1) }
    }
}
