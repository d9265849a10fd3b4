import Autodiff
import Foundation
import NeuralNetworks

/// Trains a time-dependent problem window by window: [t₀, T] is cut into equal windows, a model is
/// trained on each (with the problem `makeProblem` builds for it, typically with causal weighting
/// inside the window), and the prediction at the end of one window is the initial condition of the
/// next (``TimeWindow/initialCondition(_:points:components:weight:exact:)``).
///
/// ```swift
/// let marching = TimeMarching(range: 0...10, windows: 20, timeAxis: 0, options: options,
///                             makeModel: { _ in PINN(network: mlp([1, 64, 64, 3], key: key)) }) { window in
///     Problem(coordinates: "t", conditions: [
///         .system(on: Interval(window.start, window.end), count: 256, derivatives: ["t"]) { c in … },
///         window.initialCondition(points: Tensor([[window.start]]), components: [0, 1, 2]) { _ in [1, 1, 1] },
///     ])
/// }
/// let reports = try marching.train()
/// let u = marching.predict(points)
/// ```
///
/// Each window writes its checkpoint and `loss.csv` to `output/window-<k>`; with `resume`, finished
/// windows are loaded and training continues in the first unfinished one. With `warmStart`, a
/// window's model starts from the previous window's weights. A wall-clock budget covers all windows;
/// when it runs out, marching stops after the window in progress.
public final class TimeMarching<Network: Layer> {
    /// The time interval marched over.
    public let range: ClosedRange<Double>
    /// The number of windows.
    public let windowCount: Int
    /// The column of the time coordinate.
    public let timeAxis: Int
    /// The options each window is trained with (its output folder becomes `output/window-<k>`).
    public let options: TrainingOptions
    /// Whether each window starts from the previous window's weights.
    public let warmStart: Bool
    /// The trained models, one per finished window.
    public private(set) var models: [PINN<Network>] = []
    /// The training history of every window, in order.
    public private(set) var histories: [[TrainingRecord]] = []

    private let makeModel: (TimeWindow) -> PINN<Network>
    private let makeProblem: (TimeWindow) -> Problem

    /// Creates a marching scheme; `makeModel` and `makeProblem` build each window's fresh model and problem.
    public init(range: ClosedRange<Double>, windows: Int, timeAxis: Int, options: TrainingOptions, warmStart: Bool = true,
                makeModel: @escaping (TimeWindow) -> PINN<Network>, makeProblem: @escaping (TimeWindow) -> Problem) {
        precondition(windows >= 1 && range.upperBound > range.lowerBound, "TimeMarching needs a non-empty range and ≥ 1 window")
        self.range = range
        self.windowCount = windows
        self.timeAxis = timeAxis
        self.options = options
        self.warmStart = warmStart
        self.makeModel = makeModel
        self.makeProblem = makeProblem
    }

    /// The bounds of window `k`.
    public func bounds(of k: Int) -> (start: Double, end: Double) {
        let h = (range.upperBound - range.lowerBound) / Double(windowCount)
        return (range.lowerBound + Double(k) * h, k == windowCount - 1 ? range.upperBound : range.lowerBound + Double(k + 1) * h)
    }

    /// Trains every window not yet trained; returns one report per window trained in this call
    /// (windows loaded on resume included).
    @discardableResult
    public func train() throws -> [TrainingReport] {
        let started = Date()
        var reports: [TrainingReport] = []
        while models.count < windowCount {
            let k = models.count
            let (start, end) = bounds(of: k)
            let previousModel = models.last
            let window = TimeWindow(index: k, start: start, end: end, timeAxis: timeAxis,
                                    previous: previousModel.map { m in { m.predict($0) } })
            var model = makeModel(window)
            if warmStart, let previousModel { model.parameterTensors = previousModel.parameterTensors }
            var o = options
            o.output = options.output?.appendingPathComponent("window-\(k)")
            if let budget = options.wallClockBudget {
                o.wallClockBudget = max(budget - Date().timeIntervalSince(started), 1e-3)
            }
            if let v = options.validation { o.validation = restricted(v, to: start...end) }
            let userLog = options.log
            o.log = { userLog("window \(k + 1)/\(self.windowCount) " + $0) }
            let trainer = try Trainer(problem: makeProblem(window), model: model, options: o)
            let report = try trainer.train()
            models.append(trainer.model)
            histories.append(trainer.history)
            reports.append(report)
            if report.stopReason == .wallClockBudget || report.stopReason == .callback { break }
        }
        return reports
    }

    /// The prediction at points `[n, d]`, each row from the model of the window holding its time
    /// (times outside the range use the first or last window).
    ///
    /// - Precondition: every window is trained.
    public func predict(_ points: Tensor) -> Tensor {
        precondition(models.count == windowCount, "TimeMarching.predict needs every window trained (\(models.count) of \(windowCount))")
        let n = points.shape[0], d = points.shape[1]
        // Windows are equal slices of the range: the same arithmetic as causal time slices.
        let window = CausalWeights.sliceIndices(times: (0..<n).map { points.scalars[$0 * d + timeAxis] }, range: range,
                                                slices: windowCount)
        var rowsOf = [[Int]](repeating: [], count: windowCount)
        for (i, k) in window.enumerated() { rowsOf[k].append(i) }
        var outputs = 0
        var pieces: [(rows: [Int], values: Tensor)] = []
        for (k, rows) in rowsOf.enumerated() where !rows.isEmpty {
            let values = models[k].predict(points.gather(rows: rows))
            outputs = values.shape[1]
            pieces.append((rows, values))
        }
        var out = [Double](repeating: 0, count: n * outputs)
        for (rows, values) in pieces {
            for (j, i) in rows.enumerated() {
                for c in 0..<outputs { out[i * outputs + c] = values.scalars[j * outputs + c] }
            }
        }
        return Tensor(shape: [n, outputs], scalars: out)
    }

    /// The validation rows whose time lies in `window` (all rows when none do).
    private func restricted(_ v: Validation, to window: ClosedRange<Double>) -> Validation {
        let d = v.points.shape[1]
        let rows = (0..<v.points.shape[0]).filter { window.contains(v.points.scalars[$0 * d + timeAxis]) }
        guard !rows.isEmpty else { return v }
        return Validation(points: v.points.gather(rows: rows), reference: v.reference.gather(rows: rows),
                          components: v.components, every: v.every)
    }
}
